import { sql } from 'kysely';
import type { Executor, TableRow } from '../../platform/db/database.js';
import type { DueLine } from './payments.rules.js';

/** A payment row as read (typed from the generated schema). */
type Row = TableRow<'payment'>;

export interface PaymentRow {
  id: string;
  dossierId: string;
  dossierCode: string;
  requestIndex: number;
  payerUserId: string;
  payerName: string;
  agencyIds: string[];
  collectingAgencyId: string;
  items: DueLine[];
  grossAmount: number;
  amount: number;
  gateway: string;
  orderRef: string;
  checkoutUrl: string | null;
  status: 'pending' | 'paid' | 'failed' | 'expired';
  gatewayTxnId: string | null;
  expiresAt: Date;
  paidAt: Date | null;
  failureReason: string | null;
  receiptSeries: string | null;
  receiptNo: string | null;
  dossierResumedAt: Date | null;
  dossierNote: string | null;
  version: number;
  createdAt: Date;
  updatedAt: Date;
}

const toPayment = (r: Row): PaymentRow => ({
  id: r.id,
  dossierId: r.dossier_id,
  dossierCode: r.dossier_code,
  requestIndex: r.request_index,
  payerUserId: r.payer_user_id,
  payerName: r.payer_name,
  agencyIds: r.agency_ids ?? [],
  collectingAgencyId: r.collecting_agency_id,
  items: r.items as unknown as DueLine[], // jsonb written by insertPayment from DueLine[]
  grossAmount: r.gross_amount,
  amount: r.amount,
  gateway: r.gateway,
  orderRef: r.order_ref,
  checkoutUrl: r.checkout_url ?? null,
  status: r.status as PaymentRow['status'], // text column; written only from these values
  gatewayTxnId: r.gateway_txn_id ?? null,
  expiresAt: r.expires_at,
  paidAt: r.paid_at ?? null,
  failureReason: r.failure_reason ?? null,
  receiptSeries: r.receipt_series ?? null,
  receiptNo: r.receipt_no ?? null,
  dossierResumedAt: r.dossier_resumed_at ?? null,
  dossierNote: r.dossier_note ?? null,
  version: r.version,
  createdAt: r.created_at,
  updatedAt: r.updated_at,
});

export async function insertPayment(
  tx: Executor,
  p: Omit<
    PaymentRow,
    | 'id'
    | 'checkoutUrl'
    | 'status'
    | 'gatewayTxnId'
    | 'paidAt'
    | 'failureReason'
    | 'receiptSeries'
    | 'receiptNo'
    | 'dossierResumedAt'
    | 'dossierNote'
    | 'version'
    | 'createdAt'
    | 'updatedAt'
  >,
): Promise<PaymentRow> {
  const { rows } =
    await sql<Row>`INSERT INTO payment (dossier_id, dossier_code, request_index, payer_user_id, payer_name, agency_ids, collecting_agency_id, items, gross_amount, amount, gateway, order_ref, status, expires_at)
    VALUES (${p.dossierId}, ${p.dossierCode}, ${p.requestIndex}, ${p.payerUserId}, ${p.payerName}, ${p.agencyIds}::uuid[], ${p.collectingAgencyId}, ${JSON.stringify(p.items)}::jsonb,
            ${p.grossAmount}, ${p.amount}, ${p.gateway}, ${p.orderRef}, 'pending', ${p.expiresAt}) RETURNING id, dossier_id, dossier_code, request_index, payer_user_id, payer_name, agency_ids, collecting_agency_id, items, gross_amount, amount, gateway, order_ref, checkout_url, status, gateway_txn_id, expires_at, paid_at, failure_reason, receipt_series, receipt_no, dossier_resumed_at, dossier_note, version, created_at, updated_at`.execute(
      tx,
    );
  return toPayment(rows[0]);
}

export async function getPayment(db: Executor, id: string, forUpdate = false): Promise<PaymentRow | null> {
  const lock = forUpdate ? sql`FOR UPDATE` : sql``;
  const { rows } =
    await sql<Row>`SELECT id, dossier_id, dossier_code, request_index, payer_user_id, payer_name, agency_ids, collecting_agency_id, items, gross_amount, amount, gateway, order_ref, checkout_url, status, gateway_txn_id, expires_at, paid_at, failure_reason, receipt_series, receipt_no, dossier_resumed_at, dossier_note, version, created_at, updated_at FROM payment WHERE id = ${id} ${lock}`.execute(
      db,
    );
  return rows.length ? toPayment(rows[0]) : null;
}

export async function getPaymentByReceipt(db: Executor, series: string, number: string): Promise<PaymentRow | null> {
  const { rows } =
    await sql<Row>`SELECT id, dossier_id, dossier_code, request_index, payer_user_id, payer_name, agency_ids, collecting_agency_id, items, gross_amount, amount, gateway, order_ref, checkout_url, status, gateway_txn_id, expires_at, paid_at, failure_reason, receipt_series, receipt_no, dossier_resumed_at, dossier_note, version, created_at, updated_at FROM payment WHERE receipt_series = ${series} AND receipt_no = ${number} AND status = 'paid'`.execute(
      db,
    );
  return rows.length === 1 ? toPayment(rows[0]) : null;
}

export async function getPaymentByOrderRef(db: Executor, orderRef: string, forUpdate = false): Promise<PaymentRow | null> {
  const lock = forUpdate ? sql`FOR UPDATE` : sql``;
  const { rows } =
    await sql<Row>`SELECT id, dossier_id, dossier_code, request_index, payer_user_id, payer_name, agency_ids, collecting_agency_id, items, gross_amount, amount, gateway, order_ref, checkout_url, status, gateway_txn_id, expires_at, paid_at, failure_reason, receipt_series, receipt_no, dossier_resumed_at, dossier_note, version, created_at, updated_at FROM payment WHERE order_ref = ${orderRef} ${lock}`.execute(
      db,
    );
  return rows.length ? toPayment(rows[0]) : null;
}

export async function listPayments(
  db: Executor,
  q: { dossierId?: string; payerUserId?: string; agencyIds: string[] | null; from?: Date; to?: Date; status?: string; limit: number; offset: number },
) {
  const c = [sql`true`];
  if (q.dossierId) c.push(sql`dossier_id = ${q.dossierId}`);
  if (q.payerUserId) c.push(sql`payer_user_id = ${q.payerUserId}`);
  if (q.agencyIds) c.push(sql`agency_ids && ${q.agencyIds}::uuid[]`);
  if (q.from) c.push(sql`created_at >= ${q.from}`);
  if (q.to) c.push(sql`created_at < ${q.to}`);
  if (q.status) c.push(sql`status = ${q.status}`);
  const { rows } = await sql<
    Row & { total_count: number }
  >`SELECT id, dossier_id, dossier_code, request_index, payer_user_id, payer_name, agency_ids, collecting_agency_id, items, gross_amount, amount, gateway, order_ref, checkout_url, status, gateway_txn_id, expires_at, paid_at, failure_reason, receipt_series, receipt_no, dossier_resumed_at, dossier_note, version, created_at, updated_at, count(*) OVER () AS total_count FROM payment WHERE ${sql.join(c, sql` AND `)} ORDER BY created_at DESC LIMIT ${q.limit} OFFSET ${q.offset}`.execute(
    db,
  );
  return { items: rows.map(toPayment), total: rows.length ? rows[0].total_count : 0 };
}

export async function updatePayment(
  tx: Executor,
  id: string,
  p: Partial<
    Pick<
      PaymentRow,
      'checkoutUrl' | 'status' | 'gatewayTxnId' | 'paidAt' | 'failureReason' | 'receiptSeries' | 'receiptNo' | 'dossierResumedAt' | 'dossierNote'
    >
  >,
): Promise<void> {
  const sets = [sql`updated_at = now()`, sql`version = version + 1`];
  if (p.checkoutUrl !== undefined) sets.push(sql`checkout_url = ${p.checkoutUrl}`);
  if (p.status !== undefined) sets.push(sql`status = ${p.status}`);
  if (p.gatewayTxnId !== undefined) sets.push(sql`gateway_txn_id = ${p.gatewayTxnId}`);
  if (p.paidAt !== undefined) sets.push(sql`paid_at = ${p.paidAt}`);
  if (p.failureReason !== undefined) sets.push(sql`failure_reason = ${p.failureReason}`);
  if (p.receiptSeries !== undefined) sets.push(sql`receipt_series = ${p.receiptSeries}`);
  if (p.receiptNo !== undefined) sets.push(sql`receipt_no = ${p.receiptNo}`);
  if (p.dossierResumedAt !== undefined) sets.push(sql`dossier_resumed_at = ${p.dossierResumedAt}`);
  if (p.dossierNote !== undefined) sets.push(sql`dossier_note = ${p.dossierNote}`);
  await sql`UPDATE payment SET ${sql.join(sets)} WHERE id = ${id}`.execute(tx);
}

export async function insertEvent(tx: Executor, paymentId: string, type: string, detail: Record<string, unknown> = {}): Promise<void> {
  await sql`INSERT INTO payment_event (payment_id, type, detail) VALUES (${paymentId}, ${type}, ${JSON.stringify(detail)}::jsonb)`.execute(tx);
}

export async function listEvents(db: Executor, paymentId: string) {
  const { rows } = await sql<
    Pick<TableRow<'payment_event'>, 'at' | 'type' | 'detail'>
  >`SELECT at, type, detail FROM payment_event WHERE payment_id = ${paymentId} ORDER BY id`.execute(db);
  // detail: jsonb written by insertEvent from an object
  return rows.map((r) => ({ at: r.at, type: r.type, detail: r.detail as Record<string, unknown> }));
}

export async function insertCallback(
  db: Executor,
  c: {
    gateway: string;
    orderRef: string | null;
    txnId: string | null;
    amount: number | null;
    status: string | null;
    signatureOk: boolean;
    outcome: string;
    payload: unknown;
  },
): Promise<void> {
  await sql`INSERT INTO payment_callback (gateway, order_ref, txn_id, amount, status, signature_ok, outcome, payload)
    VALUES (${c.gateway}, ${c.orderRef}, ${c.txnId}, ${c.amount}, ${c.status}, ${c.signatureOk}, ${c.outcome}, ${JSON.stringify(c.payload)}::jsonb)`.execute(
    db,
  );
}

export async function txnAccepted(db: Executor, gateway: string, txnId: string): Promise<boolean> {
  const { rows } = await sql`SELECT 1 FROM payment_callback WHERE gateway = ${gateway} AND txn_id = ${txnId} AND outcome = 'accepted'`.execute(db);
  return rows.length > 0;
}

export async function rejectedCallbacks(db: Executor, from: Date, to: Date) {
  const { rows } = await sql<
    Pick<TableRow<'payment_callback'>, 'received_at' | 'order_ref' | 'txn_id' | 'amount' | 'outcome'>
  >`SELECT received_at, order_ref, txn_id, amount, outcome FROM payment_callback WHERE outcome <> 'accepted' AND received_at >= ${from} AND received_at < ${to} ORDER BY id`.execute(
    db,
  );
  return rows.map((r) => ({
    at: r.received_at,
    orderRef: r.order_ref ?? null,
    txnId: r.txn_id ?? null,
    amount: r.amount ?? null,
    outcome: r.outcome,
  }));
}

export async function nextReceiptNumber(tx: Executor, series: string): Promise<number> {
  const { rows } = await sql<Pick<TableRow<'fee_receipt_counter'>, 'last'>>`INSERT INTO fee_receipt_counter (series, last) VALUES (${series}, 1)
    ON CONFLICT (series) DO UPDATE SET last = fee_receipt_counter.last + 1 RETURNING last`.execute(tx);
  return rows[0].last;
}

export async function pendingDue(db: Executor, now: Date): Promise<PaymentRow[]> {
  const { rows } =
    await sql<Row>`SELECT id, dossier_id, dossier_code, request_index, payer_user_id, payer_name, agency_ids, collecting_agency_id, items, gross_amount, amount, gateway, order_ref, checkout_url, status, gateway_txn_id, expires_at, paid_at, failure_reason, receipt_series, receipt_no, dossier_resumed_at, dossier_note, version, created_at, updated_at FROM payment WHERE status = 'pending' AND expires_at <= ${now} ORDER BY expires_at LIMIT 500`.execute(
      db,
    );
  return rows.map(toPayment);
}

export async function paidNotResumed(db: Executor): Promise<PaymentRow[]> {
  const { rows } =
    await sql<Row>`SELECT id, dossier_id, dossier_code, request_index, payer_user_id, payer_name, agency_ids, collecting_agency_id, items, gross_amount, amount, gateway, order_ref, checkout_url, status, gateway_txn_id, expires_at, paid_at, failure_reason, receipt_series, receipt_no, dossier_resumed_at, dossier_note, version, created_at, updated_at FROM payment WHERE status = 'paid' AND dossier_resumed_at IS NULL AND dossier_note IS NULL ORDER BY paid_at LIMIT 500`.execute(
      db,
    );
  return rows.map(toPayment);
}

export async function listPolicies(db: Executor) {
  const { rows } = await sql<
    Pick<TableRow<'fee_online_policy'>, 'id' | 'procedure_code' | 'reduction_percent' | 'basis' | 'valid_from' | 'valid_to'>
  >`SELECT id, procedure_code, reduction_percent, basis, valid_from, valid_to FROM fee_online_policy ORDER BY valid_from DESC`.execute(db);
  return rows.map((r) => ({
    id: r.id,
    procedureCode: r.procedure_code ?? null,
    reductionPercent: Number(r.reduction_percent), // numeric: read as a string
    basis: r.basis,
    validFrom: r.valid_from,
    validTo: r.valid_to || null,
  }));
}

export async function insertPolicy(
  tx: Executor,
  p: { procedureCode: string | null; reductionPercent: number; basis: string; validFrom: string; validTo: string | null },
): Promise<void> {
  await sql`INSERT INTO fee_online_policy (procedure_code, reduction_percent, basis, valid_from, valid_to) VALUES (${p.procedureCode}, ${p.reductionPercent}, ${p.basis}, ${p.validFrom}, ${p.validTo})`.execute(
    tx,
  );
}

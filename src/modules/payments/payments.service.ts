import { vnIso } from '../../platform/vn-time.js';
import { randomBytes } from 'node:crypto';
import type { Database, Executor } from '../../platform/db/database.js';
import type { RequestContext } from '../../platform/context.js';
import { systemContext } from '../../platform/context.js';
import { recordAudit } from '../../platform/audit.js';
import { enqueue } from '../../platform/outbox.js';
import { AppError, badRequest, forbidden, notFound, unprocessable } from '../../platform/errors.js';
import { withIdempotency } from '../../platform/idempotency.js';
import { agencyScope, getAgency } from '../org/org.public.js';
import { APPLICANT_GROUP_LABELS, chooseFees, getCurrentVersion, getProcedureVersion, type ApplicantGroup } from '../catalog/catalog.public.js';
import { confirmPaymentAsSystem, getDossier, type DossierService } from '../dossiers/dossiers.public.js';
import { NOT_CONFIGURED_GATEWAY_ID, paymentGatewayNotConfigured, type PaymentGateway, type SandboxGateway } from './gateway.js';
import * as repo from './payments.repo.js';
import {
  dueLines,
  grossOf,
  judgeCallback,
  policyFor,
  receiptNumber,
  receiptSeries,
  receiptVerificationCode,
  signatureValid,
  totalOf,
  type CallbackFields,
} from './payments.rules.js';
import { receiptPdf } from './receipt-pdf.js';
import { vnDateText, vnDay } from '../../platform/vn-time.js';

export interface PaymentDeps {
  database: Database;
  clock: { now(): Date };
  gateway: PaymentGateway | SandboxGateway;
  dossiers: DossierService;
  /** The public address (PUBLIC_BASE_URL): the receipt's QR points at its verification there. */
  publicBaseUrl?: string;
}

/** How long a checkout stays open before the order expires (timeout path). */
export const CHECKOUT_MINUTES = 15;
/** `23/11/2026 08:05` (the receipt's time of payment). */
const vnDateTime = (d: Date) => `${vnDateText(d)} ${vnIso(d).slice(11, 16)}`;

export function createPaymentService(deps: PaymentDeps) {
  const { database, clock, gateway } = deps;
  const db = database.db;

  const view = (p: repo.PaymentRow) => ({
    id: p.id,
    dossierId: p.dossierId,
    dossierCode: p.dossierCode,
    payerName: p.payerName,
    items: p.items,
    grossAmount: p.grossAmount,
    amount: p.amount,
    reduction: p.grossAmount - p.amount,
    gateway: { id: p.gateway, name: gateway.name, sandbox: gateway.sandbox },
    orderRef: p.orderRef,
    checkoutUrl: p.status === 'pending' ? p.checkoutUrl : null,
    status: p.status,
    gatewayTxnId: p.gatewayTxnId,
    expiresAt: vnIso(p.expiresAt),
    paidAt: p.paidAt ? vnIso(p.paidAt) : null,
    failureReason: p.failureReason,
    receipt: p.receiptNo ? { series: p.receiptSeries, number: p.receiptNo } : null,
    dossierResumedAt: p.dossierResumedAt ? vnIso(p.dossierResumedAt) : null,
    dossierNote: p.dossierNote,
    version: p.version,
    createdAt: vnIso(p.createdAt),
  });

  async function canSee(ctx: RequestContext, p: repo.PaymentRow): Promise<boolean> {
    const a = ctx.actor!;
    if (a.kind === 'citizen') return p.payerUserId === a.id;
    const scope = await agencyScope(db, a);
    return scope === 'all' || p.agencyIds.some((x) => scope.includes(x));
  }

  async function load(ctx: RequestContext, id: string) {
    const p = await repo.getPayment(db, id);
    if (!p) throw notFound('khoản thanh toán');
    if (!(await canSee(ctx, p))) throw forbidden('Khoản thanh toán không thuộc phạm vi của bạn.');
    return p;
  }

  async function feesFor(
    procedureVersionId: string | null,
    code: string,
    caseKey: string | null,
    items: { name: string; amount: number }[] | null,
    day: string,
    groups: readonly string[] = [],
  ) {
    const v = procedureVersionId ? await getProcedureVersion(db, procedureVersionId) : await getCurrentVersion(db, code, day);
    if (!v) throw notFound(`thủ tục ${code}`);
    const c = (caseKey ? v.content.cases.find((k) => k.key === caseKey) : null) ?? v.content.cases[0];
    const policies = await repo.listPolicies(db);
    const pct = policyFor(policies, code, day);
    const catalogue = c.fees.map((f) => ({ name: f.name, amountVnd: f.amountVnd, onlineReductionPercent: f.onlineReductionPercent }));
    // Without stated items: the lines that apply to the applicant (catalogue alternatives are never summed).
    const chosen = chooseFees(c.fees, { groups });
    const requested = items ?? chosen.indexes.filter((i) => c.fees[i].amountVnd).map((i) => ({ name: c.fees[i].name, amount: c.fees[i].amountVnd! }));
    return {
      version: v,
      case: c,
      chosen,
      lines: dueLines(requested, catalogue, pct),
      policyPercent: pct,
      policy: policies.find((p) => p.reductionPercent === pct && (p.procedureCode === code || p.procedureCode === null)) ?? null,
    };
  }

  /** Marks a payment paid and issues its electronic receipt, in tx; the dossier resumes after commit. */
  async function markPaid(tx: Executor, p: repo.PaymentRow, txnId: string, paidAt: Date, how: string) {
    const series = receiptSeries(Number(vnDay(paidAt).slice(0, 4)));
    const no = receiptNumber(await repo.nextReceiptNumber(tx, series));
    await repo.updatePayment(tx, p.id, { status: 'paid', gatewayTxnId: txnId, paidAt, receiptSeries: series, receiptNo: no, failureReason: null });
    await repo.insertEvent(tx, p.id, 'paid', { txnId, how, previousStatus: p.status });
    await repo.insertEvent(tx, p.id, 'receipt_issued', { series, number: no });
    const ctx = systemContext(`payments:${how}`);
    await recordAudit(tx, ctx, {
      action: 'payment.paid',
      entity: 'payment',
      entityId: p.id,
      summary: { dossierCode: p.dossierCode, amount: p.amount, txnId, receipt: `${series}-${no}`, how },
    });
    await enqueue(tx, { topic: 'payments.resume_dossier', aggregateKey: `payment:${p.id}`, payload: { paymentId: p.id, dossierId: p.dossierId } });
    await enqueue(tx, {
      topic: 'citizens.notify',
      aggregateKey: `user:${p.payerUserId}`,
      payload: { userId: p.payerUserId, kind: 'payment_receipt', dossierCode: p.dossierCode, receiptNo: `${series}-${no}`, amount: p.amount, paymentId: p.id },
    });
  }

  const service = {
    /**
     * The fee schedule of a procedure case and what an online applicant of the given groups pays:
     * the applicable lines (one per group of alternatives) with the online reduction — the figure the
     * submission's review step shows, and the one the payment request will carry.
     */
    async fees(code: string, caseKey?: string, groups: readonly string[] = []) {
      const f = await feesFor(null, code, caseKey ?? null, null, vnDay(clock.now()), groups);
      return {
        procedureCode: f.version.code,
        procedureName: f.version.content.name,
        caseKey: f.case.key,
        fees: f.case.fees.map((x, i) => ({
          name: x.name,
          amountVnd: x.amountVnd,
          basis: x.basis,
          note: x.note,
          onlineReductionPercent: x.onlineReductionPercent ?? (x.amountVnd ? f.policyPercent : null),
          alternativeGroup: x.alternativeGroup ?? null,
          appliesTo: x.appliesTo ?? null,
          appliesToNames: (x.appliesTo ?? []).map((g) => APPLICANT_GROUP_LABELS[g as ApplicantGroup] ?? g),
          onRequest: x.onRequest ?? false,
          applies: f.chosen.indexes.includes(i),
        })),
        groups: [...new Set(f.case.fees.flatMap((x) => x.appliesTo ?? []))].map((g) => ({ key: g, name: APPLICANT_GROUP_LABELS[g as ApplicantGroup] ?? g })),
        needsChoice: f.chosen.needsChoice.length > 0,
        unknownAmount: f.chosen.unknownAmount.length > 0,
        online: { lines: f.lines, gross: grossOf(f.lines), total: totalOf(f.lines) },
        policy: f.policy,
      };
    },

    /** The applicant pays the dossier's open payment request online: an order at the gateway. */
    async create(ctx: RequestContext, dossierId: string, idemKey: string | null) {
      if (gateway.id === NOT_CONFIGURED_GATEWAY_ID) throw paymentGatewayNotConfigured();
      const actor = ctx.actor!;
      return withIdempotency(database, { operation: 'payments.create', principal: actor.id, key: idemKey, request: { dossierId } }, async (tx) => {
        const d = await getDossier(tx, dossierId);
        if (!d) throw notFound('hồ sơ');
        if (actor.kind !== 'citizen' || d.applicantUserId !== actor.id) throw forbidden('Chỉ người nộp hồ sơ được thanh toán trực tuyến cho hồ sơ này.');
        const idx = d.state.payments.length - 1;
        const req = d.state.payments[idx];
        if (d.status !== 6 || !req || req.paidAt)
          throw unprocessable('no_payment_requested', 'Hồ sơ không có yêu cầu thực hiện nghĩa vụ tài chính đang chờ nộp.');
        const existing = (await repo.listPayments(tx, { dossierId: d.id, agencyIds: null, limit: 50, offset: 0 })).items.find(
          (p) => p.requestIndex === idx && (p.status === 'paid' || (p.status === 'pending' && p.expiresAt > clock.now())),
        );
        if (existing) return { status: 200, body: view(existing) };
        const now = clock.now();
        // The request carries its priced lines (dossiers priced them once, at request time): the gateway
        // charges exactly what every screen showed. Requests made before pricing existed are priced now.
        const lines = req.items.every((i) => i.due !== undefined)
          ? req.items.map((i) => ({ name: i.name, amount: i.amount, reductionPercent: i.reductionPercent ?? 0, due: i.due! }))
          : (
              await feesFor(
                d.procedureVersionId,
                d.procedureCode,
                d.caseKey,
                req.items.map((i) => ({ name: i.name, amount: i.amount })),
                vnDay(now),
              )
            ).lines;
        const f = { lines };
        const amount = totalOf(f.lines);
        if (amount <= 0) throw unprocessable('nothing_to_pay', 'Số tiền phải nộp bằng 0; cơ quan giải quyết xác nhận nghĩa vụ tài chính.');
        const orderRef = `MC${vnDay(now).replace(/-/g, '').slice(2)}${randomBytes(5).toString('hex').toUpperCase()}`;
        const expiresAt = new Date(now.getTime() + CHECKOUT_MINUTES * 60_000);
        const p = await repo.insertPayment(tx, {
          dossierId: d.id,
          dossierCode: d.code,
          requestIndex: idx,
          payerUserId: actor.id,
          payerName: d.applicant.name,
          agencyIds: d.agencyIds,
          collectingAgencyId: d.currentAgencyId ?? d.receivingAgencyId,
          items: f.lines,
          grossAmount: grossOf(f.lines),
          amount,
          gateway: gateway.id,
          orderRef,
          expiresAt,
        });
        const { checkoutUrl } = await gateway.createCheckout(
          {
            orderRef,
            amount,
            description: `Nộp phí, lệ phí hồ sơ ${d.code}`,
            returnUrl: `/cong-dan/thanh-toan/${d.id}?don=${p.id}`,
            expiresAt,
          },
          tx,
        );
        await repo.updatePayment(tx, p.id, { checkoutUrl });
        await repo.insertEvent(tx, p.id, 'created', { amount, gross: p.grossAmount, orderRef });
        await recordAudit(tx, ctx, {
          action: 'payment.create',
          entity: 'payment',
          entityId: p.id,
          summary: { dossierCode: d.code, amount, gross: p.grossAmount, orderRef },
        });
        return { status: 201, body: view((await repo.getPayment(tx, p.id))!) };
      });
    },

    async get(ctx: RequestContext, id: string) {
      const p = await load(ctx, id);
      return { ...view(p), events: (await repo.listEvents(db, p.id)).map((e) => ({ ...e, at: vnIso(e.at) })) };
    },

    async list(ctx: RequestContext, q: { dossierId?: string; status?: string; limit: number; offset: number }) {
      const a = ctx.actor!;
      const scope = a.kind === 'citizen' ? null : await agencyScope(db, a);
      const r = await repo.listPayments(db, {
        ...q,
        payerUserId: a.kind === 'citizen' ? a.id : undefined,
        agencyIds: a.kind === 'citizen' || scope === 'all' ? null : (scope as string[]),
      });
      return { total: r.total, items: r.items.map(view) };
    },

    /**
     * A gateway callback. Signature, freshness, the order, replay and amount are checked before
     * anything changes; every callback is recorded with its verdict. Accepted success → paid,
     * receipt issued, dossier resumed.
     */
    async handleCallback(gatewayId: string, c: CallbackFields, signature: string) {
      if (gatewayId !== gateway.id || gateway.id === NOT_CONFIGURED_GATEWAY_ID) throw notFound('cổng thanh toán');
      const signatureOk = signatureValid(c, signature, await gateway.secret());
      const now = clock.now();
      const outcome = await database.transaction(async (tx) => {
        const p = signatureOk ? await repo.getPaymentByOrderRef(tx, c.orderRef, true) : null;
        const verdict = judgeCallback(c, { signatureOk, now, payment: p, txnSeen: signatureOk ? await repo.txnAccepted(tx, gateway.id, c.txnId) : false });
        if (!verdict.ok) return { verdict, p };
        await repo.insertCallback(tx, {
          gateway: gateway.id,
          orderRef: c.orderRef,
          txnId: c.txnId,
          amount: c.amount,
          status: c.status,
          signatureOk,
          outcome: 'accepted',
          payload: c,
        });
        if (verdict.effect === 'failed') {
          await repo.updatePayment(tx, p!.id, { status: 'failed', failureReason: 'Giao dịch không thành công tại cổng thanh toán.', gatewayTxnId: c.txnId });
          await repo.insertEvent(tx, p!.id, 'failed', { txnId: c.txnId });
          await recordAudit(tx, systemContext('payments:callback'), {
            action: 'payment.failed',
            entity: 'payment',
            entityId: p!.id,
            summary: { dossierCode: p!.dossierCode, txnId: c.txnId },
          });
        } else {
          await markPaid(tx, p!, c.txnId, new Date(c.paidAt), verdict.effect === 'late_paid' ? 'callback_late' : 'callback');
        }
        return { verdict, p };
      });
      if (!outcome.verdict.ok) {
        // Recorded outside the (rolled-back) decision: the attempt is kept for reconciliation and security review.
        await repo.insertCallback(db, {
          gateway: gateway.id,
          orderRef: c.orderRef ?? null,
          txnId: c.txnId ?? null,
          amount: typeof c.amount === 'number' ? c.amount : null,
          status: c.status ?? null,
          signatureOk,
          outcome: `rejected:${outcome.verdict.code}`,
          payload: { ...c, signature },
        });
        const messages: Record<string, string> = {
          invalid_signature: 'Chữ ký của thông báo thanh toán không hợp lệ.',
          callback_expired: 'Thông báo thanh toán đã quá thời hạn hiệu lực (có thể là gửi lại).',
          unknown_order: 'Không có đơn thanh toán với mã này.',
          callback_replayed: 'Thông báo thanh toán này đã được xử lý (gửi lại).',
          amount_mismatch: 'Số tiền trong thông báo không khớp số tiền phải nộp.',
          already_paid: 'Đơn thanh toán đã được thanh toán trước đó; giao dịch trùng được ghi nhận để hoàn trả.',
          already_failed: 'Đơn thanh toán đã kết thúc.',
        };
        throw new AppError(outcome.verdict.status, outcome.verdict.code, messages[outcome.verdict.code]);
      }
      if (outcome.verdict.effect !== 'failed') await service.resumeDossier(outcome.p!.id).catch(() => undefined);
      return { accepted: true, effect: outcome.verdict.effect };
    },

    /** Asks the gateway (status query) — the path when a callback never came (timeout). */
    async refresh(ctx: RequestContext | null, id: string) {
      const p = ctx ? await load(ctx, id) : (await repo.getPayment(db, id))!;
      if (p.status !== 'pending') return view(p);
      const s = await gateway.queryStatus(p.orderRef);
      const now = clock.now();
      await database.transaction(async (tx) => {
        const cur = (await repo.getPayment(tx, p.id, true))!;
        if (cur.status !== 'pending') return;
        if (s.status === 'success' && s.amount === cur.amount && s.txnId) {
          await markPaid(tx, cur, s.txnId, s.paidAt ? new Date(s.paidAt) : now, 'status_query');
        } else if (s.status === 'failed') {
          await repo.updatePayment(tx, cur.id, { status: 'failed', failureReason: 'Giao dịch không thành công tại cổng thanh toán.' });
          await repo.insertEvent(tx, cur.id, 'failed', { via: 'status_query' });
        } else if (cur.expiresAt <= now) {
          await gateway.cancel(cur.orderRef, tx);
          await repo.updatePayment(tx, cur.id, { status: 'expired', failureReason: 'Quá thời gian thanh toán mà cổng thanh toán không xác nhận giao dịch.' });
          await repo.insertEvent(tx, cur.id, 'expired', { gatewayStatus: s.status });
          await recordAudit(tx, systemContext('payments:expire'), {
            action: 'payment.expired',
            entity: 'payment',
            entityId: cur.id,
            summary: { dossierCode: cur.dossierCode },
          });
        }
      });
      const after = (await repo.getPayment(db, p.id))!;
      if (after.status === 'paid') await service.resumeDossier(after.id).catch(() => undefined);
      return view((await repo.getPayment(db, p.id))!);
    },

    /** The dossier waiting for its financial obligation resumes (idempotent; retried through the outbox). */
    async resumeDossier(paymentId: string) {
      const p = await repo.getPayment(db, paymentId);
      if (!p || p.status !== 'paid' || p.dossierResumedAt) return;
      const r = await confirmPaymentAsSystem(
        deps.dossiers,
        db,
        { requestId: `payment:${p.id}`, ip: null },
        p.dossierId,
        { paidOnline: true, reference: `${p.receiptSeries}-${p.receiptNo}` },
        `payment:${p.id}`,
      );
      await database.transaction(async (tx) => {
        if (r.applied || r.alreadyPaid) {
          await repo.updatePayment(tx, p.id, { dossierResumedAt: clock.now() });
          await repo.insertEvent(tx, p.id, 'dossier_resumed', { dossierStatus: r.status });
        } else {
          await repo.updatePayment(tx, p.id, {
            dossierNote: `Hồ sơ không ở trạng thái chờ nghĩa vụ tài chính (trạng thái ${r.status}); cần đối soát, hoàn trả nếu có.`,
          });
          await repo.insertEvent(tx, p.id, 'dossier_not_waiting', { dossierStatus: r.status });
        }
      });
    },

    /** The timeout path, run by a job: pending orders past their expiry are checked with the gateway. */
    async expireDue() {
      const due = await repo.pendingDue(db, clock.now());
      for (const p of due) await service.refresh(null, p.id);
      for (const p of await repo.paidNotResumed(db)) await service.resumeDossier(p.id).catch(() => undefined);
      return { checked: due.length };
    },

    async receipt(ctx: RequestContext, id: string) {
      const p = await load(ctx, id);
      if (p.status !== 'paid' || !p.receiptNo) throw unprocessable('no_receipt', 'Khoản thanh toán chưa hoàn tất nên chưa có biên lai.');
      const agency = await getAgency(db, p.collectingAgencyId);
      const parent = agency?.parentId ? await getAgency(db, agency.parentId) : null;
      const d = await getDossier(db, p.dossierId);
      const code = receiptVerificationCode({ id: p.id, series: p.receiptSeries!, number: p.receiptNo, amount: p.amount });
      const q = new URLSearchParams({ series: p.receiptSeries!, number: p.receiptNo, code });
      return {
        fileName: `bien-lai-${p.receiptSeries}-${p.receiptNo}.pdf`,
        pdf: await receiptPdf({
          agencyName: agency?.name ?? '',
          parentAgency: parent?.name ?? null,
          series: p.receiptSeries!,
          number: p.receiptNo,
          sandbox: gateway.sandbox,
          issuedAt: vnDateTime(p.paidAt!),
          sellerTaxCode: agency?.taxCode ?? parent?.taxCode ?? null,
          verificationCode: code,
          verifyUrl: `${(deps.publicBaseUrl ?? '').replace(/\/$/, '')}/api/v1/payments/receipts/verify?${q.toString()}`,
          payerName: p.payerName,
          payerId: d?.applicant.idNumber ?? null,
          dossierCode: p.dossierCode,
          procedureName: d?.procedureName ?? '',
          items: p.items,
          total: p.amount,
          method: `Trực tuyến qua ${gateway.name}`,
          txnId: p.gatewayTxnId ?? '',
        }),
      };
    },

    /**
     * The public check of a receipt (its QR): series, number and verification code together name
     * a paid receipt, else 404 (no hint which part is wrong). Answers what the receipt must say,
     * without the payer's personal data.
     */
    async verifyReceipt(q: { series: string; number: string; code: string }) {
      const p = await repo.getPaymentByReceipt(db, q.series, q.number);
      const ok =
        p &&
        p.receiptNo &&
        receiptVerificationCode({ id: p.id, series: p.receiptSeries!, number: p.receiptNo, amount: p.amount }) === q.code.trim().toUpperCase();
      if (!p || !ok) throw notFound('biên lai với ký hiệu, số và mã kiểm tra này');
      const agency = await getAgency(db, p.collectingAgencyId);
      const parent = agency?.parentId ? await getAgency(db, agency.parentId) : null;
      return {
        valid: true as const,
        series: p.receiptSeries!,
        number: p.receiptNo!,
        agencyName: agency?.name ?? '',
        sellerTaxCode: agency?.taxCode ?? parent?.taxCode ?? null,
        amount: p.amount,
        paidAt: vnIso(p.paidAt!),
        dossierCode: p.dossierCode,
        sandbox: gateway.sandbox,
      };
    },

    /**
     * Reconciliation of payments against dossiers and the gateway's settlement for a period:
     * matched, paid but dossier not resumed, at the gateway but not recorded here (missed callback),
     * amount differences, and rejected callbacks (duplicates to refund, forgeries).
     */
    async reconcile(ctx: RequestContext, q: { from: string; to: string }) {
      if (q.to < q.from) throw badRequest('invalid_range', '"to" phải sau "from".');
      const from = new Date(`${q.from}T00:00:00+07:00`);
      const to = new Date(new Date(`${q.to}T00:00:00+07:00`).getTime() + 86400_000);
      const scope = await agencyScope(db, ctx.actor);
      const ours = (
        await repo.listPayments(db, { agencyIds: scope === 'all' ? null : scope, from: new Date(from.getTime() - 86400_000), to, limit: 100000, offset: 0 })
      ).items;
      const settled = await gateway.settlement(from, to);
      const byRef = new Map(ours.map((p) => [p.orderRef, p]));
      const rows: { kind: string; orderRef: string; txnId: string | null; amount: number; dossierCode: string | null; note: string | null }[] = [];
      for (const s of settled) {
        const p = byRef.get(s.orderRef);
        if (!p) {
          if (scope === 'all')
            rows.push({
              kind: 'gateway_only',
              orderRef: s.orderRef,
              txnId: s.txnId,
              amount: s.amount,
              dossierCode: null,
              note: 'Cổng thanh toán ghi nhận giao dịch thành công nhưng hệ thống chưa ghi nhận: kiểm tra lại trạng thái đơn.',
            });
          continue;
        }
        if (p.status !== 'paid')
          rows.push({
            kind: 'gateway_only',
            orderRef: s.orderRef,
            txnId: s.txnId,
            amount: s.amount,
            dossierCode: p.dossierCode,
            note: 'Cổng thanh toán báo thành công; đơn trong hệ thống chưa ở trạng thái đã thanh toán.',
          });
        else if (p.amount !== s.amount)
          rows.push({
            kind: 'amount_mismatch',
            orderRef: s.orderRef,
            txnId: s.txnId,
            amount: s.amount,
            dossierCode: p.dossierCode,
            note: `Số tiền trong hệ thống ${p.amount} khác số tiền quyết toán ${s.amount}.`,
          });
        else if (!p.dossierResumedAt)
          rows.push({
            kind: 'paid_not_resumed',
            orderRef: s.orderRef,
            txnId: s.txnId,
            amount: s.amount,
            dossierCode: p.dossierCode,
            note: p.dossierNote ?? 'Đã thanh toán nhưng hồ sơ chưa được tiếp tục xử lý.',
          });
        else rows.push({ kind: 'matched', orderRef: s.orderRef, txnId: s.txnId, amount: s.amount, dossierCode: p.dossierCode, note: null });
      }
      const settledRefs = new Set(settled.map((s) => s.orderRef));
      for (const p of ours) {
        if (p.status === 'paid' && p.paidAt && p.paidAt >= from && p.paidAt < to && !settledRefs.has(p.orderRef))
          rows.push({
            kind: 'ours_only',
            orderRef: p.orderRef,
            txnId: p.gatewayTxnId,
            amount: p.amount,
            dossierCode: p.dossierCode,
            note: 'Hệ thống ghi nhận đã thanh toán nhưng không có trong quyết toán của cổng.',
          });
      }
      const rejected =
        scope === 'all' || ours.length
          ? (await repo.rejectedCallbacks(db, from, to)).filter((r) => scope === 'all' || (r.orderRef && byRef.has(r.orderRef)))
          : [];
      const sum = (k: string) => rows.filter((r) => r.kind === k).reduce((s, r) => s + r.amount, 0);
      return {
        period: q,
        gateway: { id: gateway.id, name: gateway.name, sandbox: gateway.sandbox },
        totals: {
          settled: settled.filter((s) => scope === 'all' || byRef.has(s.orderRef)).reduce((s, x) => s + x.amount, 0),
          matched: sum('matched'),
          paidNotResumed: sum('paid_not_resumed'),
          gatewayOnly: sum('gateway_only'),
          oursOnly: sum('ours_only'),
        },
        items: rows,
        rejectedCallbacks: rejected.map((r) => ({ ...r, at: vnIso(r.at) })),
        total: rows.length,
      };
    },
  };
  return service;
}

export type PaymentService = ReturnType<typeof createPaymentService>;

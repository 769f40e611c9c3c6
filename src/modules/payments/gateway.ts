/**
 * The payment gateway as a port. Shipped adapter: a SANDBOX gateway (named as such in every
 * screen and record), standing in for the national payment platform or a provincial gateway:
 * it keeps its own order book (`sandbox_gateway_order`), lets the payer choose an outcome on its
 * test page (success, failure, or timeout = no answer at all), and sends HMAC-SHA256-signed
 * callbacks to the payments module. The shared secret comes from PAYMENT_SANDBOX_SECRET, or in
 * demo mode is generated once and kept in `app_setting`. A real adapter implements the same
 * interface with the platform's own signature scheme.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import type { Database, Executor, TableRow } from '../../platform/db/database.js';
import { ensureSetting } from '../../platform/auth/auth.repo.js';
import { AppError } from '../../platform/errors.js';
import { signCallback, type CallbackFields } from './payments.rules.js';

export interface GatewayStatus {
  status: 'created' | 'pending' | 'success' | 'failed' | 'cancelled' | 'unknown';
  txnId: string | null;
  amount: number | null;
  paidAt: string | null;
}

export interface PaymentGateway {
  readonly id: string;
  readonly name: string;
  readonly sandbox: boolean;
  /**
   * `x` (here and in cancel): the caller's open transaction. The in-process sandbox keeps its order
   * book in our database and writes it there (on PGlite the one session is the transaction's); a
   * real, remote gateway ignores it.
   */
  createCheckout(
    o: { orderRef: string; amount: number; description: string; returnUrl: string; expiresAt: Date },
    x?: Executor,
  ): Promise<{ checkoutUrl: string }>;
  queryStatus(orderRef: string): Promise<GatewayStatus>;
  /** Cancels an unpaid order (our side expired it): a later payment attempt is refused by the gateway. */
  cancel(orderRef: string, x?: Executor): Promise<void>;
  /** Successful transactions in a period, for reconciliation. */
  settlement(from: Date, to: Date): Promise<{ orderRef: string; txnId: string; amount: number; paidAt: string }[]>;
  secret(): Promise<string>;
}

export interface SandboxGateway extends PaymentGateway {
  order(orderRef: string): Promise<{ orderRef: string; amount: number; description: string; returnUrl: string; status: string; expiresAt: Date } | null>;
  /** The payer's choice on the sandbox page; returns the signed callback to deliver (none for a timeout). */
  complete(orderRef: string, outcome: 'success' | 'failure' | 'timeout', now?: Date): Promise<{ callback: CallbackFields; signature: string } | null>;
  /** Signs arbitrary fields with the sandbox secret (tests build forged and replayed callbacks with it). */
  sign(c: CallbackFields): Promise<string>;
}

export function sandboxGateway(database: Database, configuredSecret: string | null = null): SandboxGateway {
  const db = database.db;
  let secretP: Promise<string> | null = null;
  const secret = () =>
    (secretP ??= configuredSecret ? Promise.resolve(configuredSecret) : ensureSetting(db, 'payments.sandbox_secret', randomBytes(32).toString('hex')));
  const gw: SandboxGateway = {
    id: 'sandbox',
    name: 'Cổng thanh toán THỬ NGHIỆM (sandbox)',
    sandbox: true,
    secret,
    async createCheckout(o, x = db) {
      await sql`INSERT INTO sandbox_gateway_order (order_ref, amount, description, return_url, status, expires_at)
        VALUES (${o.orderRef}, ${o.amount}, ${o.description}, ${o.returnUrl}, 'created', ${o.expiresAt})`.execute(x);
      return { checkoutUrl: `/cong-thanh-toan-thu-nghiem/${encodeURIComponent(o.orderRef)}` };
    },
    async order(orderRef) {
      const { rows } = await sql<
        Record<string, unknown>
      >`SELECT order_ref, amount, description, return_url, status, txn_id, created_at, expires_at, completed_at FROM sandbox_gateway_order WHERE order_ref = ${orderRef}`.execute(
        db,
      );
      if (!rows.length) return null;
      const r = rows[0];
      return {
        orderRef,
        amount: Number(r.amount),
        description: r.description as string,
        returnUrl: r.return_url as string,
        status: r.status as string,
        expiresAt: r.expires_at as Date,
      };
    },
    async complete(orderRef, outcome, now = new Date()) {
      const o = await gw.order(orderRef);
      if (!o || !['created', 'pending'].includes(o.status)) return null;
      if (outcome === 'timeout') {
        // The payer's bank never answers: the order stays pending and no callback is sent.
        await sql`UPDATE sandbox_gateway_order SET status = 'pending' WHERE order_ref = ${orderRef} AND status IN ('created', 'pending')`.execute(db);
        return null;
      }
      const txnId = `SBX${now.getTime()}${randomUUID().slice(0, 6).toUpperCase()}`;
      const status = outcome === 'success' ? 'success' : 'failed';
      const r =
        await sql`UPDATE sandbox_gateway_order SET status = ${status}, txn_id = ${txnId}, completed_at = ${now} WHERE order_ref = ${orderRef} AND status IN ('created', 'pending')`.execute(
          db,
        );
      if (Number(r.numAffectedRows ?? 0) !== 1) return null;
      const callback: CallbackFields = { orderRef, txnId, amount: o.amount, status, paidAt: now.toISOString(), ts: now.toISOString() };
      return { callback, signature: signCallback(callback, await secret()) };
    },
    async sign(c) {
      return signCallback(c, await secret());
    },
    async queryStatus(orderRef) {
      const { rows } = await sql<
        Record<string, unknown>
      >`SELECT order_ref, amount, description, return_url, status, txn_id, created_at, expires_at, completed_at FROM sandbox_gateway_order WHERE order_ref = ${orderRef}`.execute(
        db,
      );
      if (!rows.length) return { status: 'unknown', txnId: null, amount: null, paidAt: null };
      const r = rows[0];
      return {
        status: r.status as GatewayStatus['status'],
        txnId: (r.txn_id as string | null) ?? null,
        amount: Number(r.amount),
        paidAt: r.completed_at ? (r.completed_at as Date).toISOString() : null,
      };
    },
    async cancel(orderRef, x = db) {
      await sql`UPDATE sandbox_gateway_order SET status = 'cancelled', completed_at = now() WHERE order_ref = ${orderRef} AND status IN ('created', 'pending')`.execute(
        x,
      );
    },
    async settlement(from, to) {
      const { rows } = await sql<
        Pick<TableRow<'sandbox_gateway_order'>, 'order_ref' | 'txn_id' | 'amount' | 'completed_at'>
      >`SELECT order_ref, txn_id, amount, completed_at FROM sandbox_gateway_order
        WHERE status = 'success' AND completed_at >= ${from} AND completed_at < ${to} ORDER BY completed_at`.execute(db);
      return rows.map((r) => ({
        orderRef: r.order_ref,
        txnId: r.txn_id!, // a successful order has its transaction number
        amount: r.amount,
        paidAt: r.completed_at!.toISOString(), // WHERE completed_at >= …
      }));
    },
  };
  return gw;
}

/** 503: online payment in production with no real gateway configured and the sandbox off. */
export const paymentGatewayNotConfigured = () =>
  new AppError(
    503,
    'payment_gateway_not_configured',
    'Thanh toán trực tuyến chưa được cấu hình trên hệ thống này (chưa kết nối cổng thanh toán). Vui lòng nộp phí, lệ phí tại Bộ phận một cửa hoặc liên hệ cơ quan giải quyết.',
  );

export const NOT_CONFIGURED_GATEWAY_ID = 'not-configured';

/**
 * The gateway of a production server with no real adapter configured and SANDBOX without
 * `payment`: every operation answers 503 payment_gateway_not_configured. No real adapter is
 * shipped yet; what a province must provide to connect one is in docs/operations.md.
 */
export function notConfiguredGateway(): PaymentGateway {
  const refuse = async (): Promise<never> => {
    throw paymentGatewayNotConfigured();
  };
  return {
    id: NOT_CONFIGURED_GATEWAY_ID,
    name: 'Chưa cấu hình cổng thanh toán',
    sandbox: false,
    createCheckout: refuse,
    queryStatus: refuse,
    cancel: refuse,
    settlement: refuse,
    secret: refuse,
  };
}

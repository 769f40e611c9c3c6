import { Type, type TSchema } from 'typebox';

// Response schemas (issue 23): the properties clients rely on; objects stay open (additionalProperties)
// so the serialiser drops nothing the service returns.
const open = <P extends Parameters<typeof Type.Object>[0]>(props: P, description?: string) => Type.Object(props, { additionalProperties: true, ...(description ? { description } : {}) });
const nullable = <T extends TSchema>(t: T) => Type.Union([t, Type.Null()]);
const Str = Type.String();
const NStr = nullable(Type.String());
const Int = Type.Integer();

export const PaymentOut = open({
  id: Str, dossierId: Str, dossierCode: Str, payerName: Str, items: Type.Array(open({})), grossAmount: Int, amount: Int, reduction: Int,
  gateway: open({ id: Str, name: Str, sandbox: Type.Boolean() }), orderRef: Str, checkoutUrl: NStr,
  status: Type.Union([Type.Literal('pending'), Type.Literal('paid'), Type.Literal('failed'), Type.Literal('expired')]), gatewayTxnId: NStr, expiresAt: Str, paidAt: NStr, failureReason: NStr,
  receipt: nullable(open({ series: NStr, number: Str })), dossierResumedAt: NStr, dossierNote: NStr, version: Int, createdAt: Str,
});
export const PaymentDetail = Type.Intersect([PaymentOut, open({ events: Type.Array(open({ at: Str })) })]);
export const PaymentList = open({ total: Int, items: Type.Array(PaymentOut) });
export const FeesOut = open({
  procedureCode: Str, procedureName: Str, caseKey: Str,
  fees: Type.Array(open({ name: Str, amountVnd: nullable(Type.Number()), applies: Type.Boolean() })),
  groups: Type.Array(open({ key: Str, name: Str })), needsChoice: Type.Boolean(), unknownAmount: Type.Boolean(),
  online: open({ lines: Type.Array(open({})), gross: Type.Number(), total: Type.Number() }),
});
export const ReconciliationOut = open({
  period: open({ from: Str, to: Str }), gateway: open({ id: Str, name: Str, sandbox: Type.Boolean() }),
  totals: open({ settled: Type.Number(), matched: Type.Number(), paidNotResumed: Type.Number(), gatewayOnly: Type.Number(), oursOnly: Type.Number() }),
  items: Type.Array(open({})), rejectedCallbacks: Type.Array(open({ at: Str })), total: Int,
});
export const CallbackOut = open({ accepted: Type.Boolean(), effect: Str });
export const SandboxOrder = open({ orderRef: Str, expiresAt: Str, gateway: Str });
export const SandboxComplete = open({ outcome: Str, callback: Type.Unknown(), returnUrl: NStr });

import { Type, type TSchema } from 'typebox';
import { APPLICANT_GROUPS } from '../catalog/catalog.public.js';

// Response schemas (issue 23): exact (closed objects, enums, nullable) where the web app reads them,
// so the contract test (src/platform/http/openapi.contract.ts) checks every real answer; the
// reconciliation stays open.
const open = <P extends Parameters<typeof Type.Object>[0]>(props: P, description?: string) =>
  Type.Object(props, { additionalProperties: true, ...(description ? { description } : {}) });
const nullable = <T extends TSchema>(t: T) => Type.Union([t, Type.Null()]);
const Str = Type.String();
const NStr = nullable(Type.String());
const Int = Type.Integer();
const Group = Type.Enum([...APPLICANT_GROUPS], { description: 'Đối tượng được giảm phí (danh mục)' });
const closed = <P extends Parameters<typeof Type.Object>[0]>(props: P, description?: string) =>
  Type.Object(props, { additionalProperties: false, ...(description ? { description } : {}) });
/** A fee line with the online reduction: what the applicant pays for it is `due`. */
const DueLine = closed({
  name: Str,
  amount: Int,
  reductionPercent: Type.Number(),
  due: Type.Integer({ description: 'Số tiền phải nộp trực tuyến của dòng (đồng)' }),
});

const PaymentProps = {
  id: Str,
  dossierId: Str,
  dossierCode: Str,
  payerName: Str,
  items: Type.Array(DueLine),
  grossAmount: Int,
  amount: Int,
  reduction: Int,
  gateway: closed({ id: Str, name: Str, sandbox: Type.Boolean() }),
  orderRef: Str,
  checkoutUrl: NStr,
  status: Type.Union([Type.Literal('pending'), Type.Literal('paid'), Type.Literal('failed'), Type.Literal('expired')]),
  gatewayTxnId: NStr,
  expiresAt: Str,
  paidAt: NStr,
  failureReason: NStr,
  receipt: nullable(closed({ series: NStr, number: Str })),
  dossierResumedAt: NStr,
  dossierNote: NStr,
  version: Int,
  createdAt: Str,
};
export const PaymentOut = closed(PaymentProps);
export const PaymentDetail = closed({ ...PaymentProps, events: Type.Array(open({ at: Str })) });
export const PaymentList = closed({ total: Int, items: Type.Array(PaymentOut) });
export const FeesOut = closed({
  procedureCode: Str,
  procedureName: Str,
  caseKey: Str,
  fees: Type.Array(
    closed({
      name: Str,
      amountVnd: nullable(Int),
      basis: Str,
      note: NStr,
      onlineReductionPercent: nullable(Type.Number()),
      alternativeGroup: NStr,
      appliesTo: nullable(Type.Array(Group)),
      appliesToNames: Type.Array(Str),
      onRequest: Type.Boolean(),
      applies: Type.Boolean({ description: 'Khoản áp dụng cho người nộp với các đối tượng đã chọn' }),
    }),
  ),
  groups: Type.Array(closed({ key: Group, name: Str })),
  needsChoice: Type.Boolean(),
  unknownAmount: Type.Boolean(),
  online: closed({ lines: Type.Array(DueLine), gross: Int, total: Int }),
  policy: nullable(closed({ id: Str, procedureCode: NStr, reductionPercent: Type.Number(), basis: Str, validFrom: Str, validTo: NStr })),
});
export const ReconciliationOut = open({
  period: open({ from: Str, to: Str }),
  gateway: open({ id: Str, name: Str, sandbox: Type.Boolean() }),
  totals: open({ settled: Type.Number(), matched: Type.Number(), paidNotResumed: Type.Number(), gatewayOnly: Type.Number(), oursOnly: Type.Number() }),
  items: Type.Array(open({})),
  rejectedCallbacks: Type.Array(open({ at: Str })),
  total: Int,
});
export const CallbackOut = open({ accepted: Type.Boolean(), effect: Str });
export const SandboxOrder = closed({ orderRef: Str, amount: Int, description: Str, returnUrl: Str, status: Str, expiresAt: Str, gateway: Str });
export const SandboxComplete = closed({
  outcome: Type.Union([Type.Literal('success'), Type.Literal('failure'), Type.Literal('timeout')]),
  callback: Type.Unknown({ description: 'Câu trả lời của điểm nhận thông báo (status, body), null khi hết thời gian chờ' }),
  returnUrl: Str,
});

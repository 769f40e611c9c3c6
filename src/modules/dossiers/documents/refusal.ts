/**
 * Mẫu 03 — Phiếu từ chối tiếp nhận giải quyết hồ sơ, with the reasons (refusal at intake;
 * legal-basis.ts `refuse_intake`).
 */
import { field, para, signatures } from '../../../platform/pdf-layout.js';
import { applicantLines, closeForm, openForm } from './form-page.js';
import type { RefusalInput } from './types.js';

export async function refusalPdf(input: RefusalInput): Promise<Buffer> {
  const { doc, info } = openForm('refusal', input, input.dossierCode ? [`Mã hồ sơ: ${input.dossierCode}`] : []);
  para(doc, `${input.issuer.agencyName} tiếp nhận hồ sơ của:`);
  for (const [label, value] of applicantLines(input.applicant)) field(doc, label, value);
  field(doc, 'Nội dung yêu cầu giải quyết', input.procedureName);
  para(doc, `Qua xem xét, ${input.issuer.agencyName} thông báo không tiếp nhận, giải quyết hồ sơ này với lý do cụ thể như sau:`, { indent: 28 });
  input.reasons.forEach((r, i) => para(doc, `${input.reasons.length > 1 ? `${i + 1}. ` : '- '}${r}`, { indent: 14, align: 'left' }));
  para(doc, 'Xin thông báo để ông/bà được biết và thực hiện.', { indent: 28 });
  signatures(doc, null, { title: 'NGƯỜI TIẾP NHẬN HỒ SƠ', hint: '(Ký và ghi rõ họ tên)', name: input.officer.name });
  return closeForm(doc, input, info);
}

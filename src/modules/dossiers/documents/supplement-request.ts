/**
 * Mẫu 02 — Phiếu yêu cầu bổ sung, hoàn thiện hồ sơ: what is missing, listed once and completely
 * (the one-stop decree in force for the dossier: legal-basis.ts `guide_supplement`, `supplement_once`),
 * with the reason.
 */
import { field, para, signatures, vnDateTime } from '../../../platform/pdf-layout.js';
import { applicantLines, closeForm, openForm } from './form-page.js';
import type { SupplementRequestInput } from './types.js';

export async function supplementRequestPdf(input: SupplementRequestInput): Promise<Buffer> {
  const { doc, info } = openForm('supplement_request', input, input.dossierCode ? [`Mã hồ sơ: ${input.dossierCode}`] : []);
  para(doc, 'Hồ sơ của:');
  for (const [label, value] of applicantLines(input.applicant)) field(doc, label, value);
  field(doc, 'Nội dung yêu cầu giải quyết', input.procedureName);
  para(doc, 'Yêu cầu hoàn thiện hồ sơ gồm những nội dung sau:', { style: 'bold' });
  input.items.forEach((item, i) => para(doc, `${i + 1}. ${item}`, { indent: 14, align: 'left' }));
  field(doc, 'Lý do', input.reason);
  if (input.deadline) para(doc, `Thời hạn bổ sung, hoàn thiện hồ sơ: trước ${vnDateTime(input.deadline)}.`);
  const contact = input.contact ? `${input.contact.name}, số điện thoại ${input.contact.phone}` : input.issuer.agencyName;
  para(doc, `Trong quá trình hoàn thiện hồ sơ, nếu có vướng mắc, ông/bà liên hệ ${contact} để được hướng dẫn.`, { indent: 28 });
  signatures(doc, null, { title: 'NGƯỜI HƯỚNG DẪN', hint: '(Ký và ghi rõ họ tên)', name: input.officer.name });
  return closeForm(doc, input, info);
}

/**
 * Demo-only document (issue 18 §4), made with the same layout as the real forms (Nghị định
 * 30/2020 heading, Liberation Serif): the result a procedure returns (its catalogue result name,
 * the decision number, the signing leader). It says on the page that it is a demo document: a real
 * result is drafted by the specialist.
 */
import { createDocument, drawHeader, drawTitle, field, finish, para, signatures, vnDate } from '../../../platform/pdf-layout.js';

export interface DemoResultInput {
  parentAgency: string | null;
  agencyName: string;
  number: string;
  place: string;
  issuedAt: Date;
  resultName: string;
  procedureName: string;
  dossierCode: string;
  applicantName: string;
  applicantAddress: string;
  signerTitle: string;
  signerName: string;
}

/** The result document of a demo dossier: heading, the result name as title, who it is for, the signature block. */
export async function demoResultPdf(x: DemoResultInput): Promise<Buffer> {
  const doc = createDocument({ title: `${x.resultName} — ${x.dossierCode}`, subject: x.procedureName, author: x.agencyName });
  drawHeader(doc, { parentAgency: x.parentAgency, agency: x.agencyName, number: x.number, place: x.place, issuedAt: x.issuedAt });
  drawTitle(doc, x.resultName, [`Mã hồ sơ: ${x.dossierCode}`]);
  para(doc, `Căn cứ hồ sơ đề nghị giải quyết thủ tục "${x.procedureName}" được tiếp nhận, ${x.agencyName} cấp cho:`, { indent: 28, align: 'justify' });
  field(doc, 'Họ và tên', x.applicantName);
  field(doc, 'Địa chỉ', x.applicantAddress);
  field(doc, 'Ngày cấp', vnDate(x.issuedAt));
  para(doc, '(Văn bản mô phỏng của môi trường trình diễn MotCua; không có giá trị pháp lý.)', { style: 'italic', align: 'left' });
  signatures(doc, null, { title: x.signerTitle, hint: '(Ký số)', name: x.signerName });
  return finish(doc);
}

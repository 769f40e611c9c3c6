/**
 * Phiếu kiểm soát quá trình giải quyết hồ sơ (Mẫu 05 of Thông tư 01/2018, Mẫu 06 of Thông tư
 * 03/2025): the dossier's code, lead and cooperating agencies, receipt and appointment, and one
 * row per handover — who gave, who received, when, and the result of that step: trước hạn /
 * đúng hạn / quá hạn (the decree in force for the dossier,
 * legal-basis.ts `process`; the system records the trail).
 */
import { field, para, table, vnDateTime, vnParts } from '../../../platform/pdf-layout.js';
import { closeForm, openForm } from './form-page.js';
import type { ControlSheetInput, HandoverOutcome, When } from './types.js';

export const OUTCOME_VI: Readonly<Record<HandoverOutcome, string>> = {
  early: 'Trước hạn',
  on_time: 'Đúng hạn',
  late: 'Quá hạn',
};

const ms = (w: When) => (typeof w === 'string' ? Date.parse(w) : w.getTime());
const vnDay = (w: When) => {
  const p = vnParts(w);
  return p.year * 10_000 + p.month * 100 + p.day;
};

/**
 * Default classification of a handover against its due moment: after it → late; on the due
 * calendar day (Vietnam) → on time; on an earlier day → early. A province that reads "trước hạn"
 * differently passes its own `outcome`.
 */
export function handoverOutcome(at: When, dueAt: When | null | undefined): HandoverOutcome | null {
  if (dueAt == null) return null;
  if (ms(at) > ms(dueAt)) return 'late';
  return vnDay(at) < vnDay(dueAt) ? 'early' : 'on_time';
}

export async function controlSheetPdf(input: ControlSheetInput): Promise<Buffer> {
  const { doc, info } = openForm('control_sheet', input, [`Mã hồ sơ: ${input.dossierCode}`]);
  field(doc, 'Kèm theo hồ sơ của', input.applicantName);
  field(doc, 'Nội dung yêu cầu giải quyết', input.procedureName);
  field(doc, 'Cơ quan (bộ phận) giải quyết hồ sơ', input.leadAgencyName);
  field(doc, 'Cơ quan phối hợp giải quyết hồ sơ', input.cooperatingAgencyNames.join('; ') || 'Không');
  field(doc, 'Thời gian nhận hồ sơ', vnDateTime(input.receivedAt));
  field(doc, 'Thời gian hẹn trả kết quả', vnDateTime(input.appointmentAt));
  para(doc, '');
  table(
    doc,
    [
      { header: 'STT', share: 0.075, align: 'center' },
      { header: 'Bên giao', share: 0.2 },
      { header: 'Bên nhận', share: 0.2 },
      { header: 'Thời gian giao, nhận hồ sơ', share: 0.2, align: 'center' },
      { header: 'Kết quả (trước hạn/ đúng hạn/ quá hạn)', share: 0.165, align: 'center' },
      { header: 'Ghi chú', share: 0.16 },
    ],
    input.handovers.map((h, i) => {
      const outcome = h.outcome ?? handoverOutcome(h.at, h.dueAt);
      return [String(i + 1), h.from, h.to, vnDateTime(h.at).replace(', ngày', '\nngày'), outcome ? OUTCOME_VI[outcome] : '', h.note ?? ''];
    }),
    10,
  );
  return closeForm(doc, input, info);
}

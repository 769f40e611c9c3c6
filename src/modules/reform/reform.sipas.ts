/**
 * Default SIPAS questionnaire: the five elements of the Ministry of Home Affairs' satisfaction
 * method (Đề án đo lường sự hài lòng, Quyết định 2640/QĐ-BNV, 10/10/2017), see docs/reform.md.
 * The wording of each question here is ours (a short satisfaction question per element), not the
 * ministry's official form; answers use a 1–5 scale (1 rất không hài lòng … 5 rất hài lòng).
 * Migration 003 stores it as the seeded default questionnaire version (id below, in force from
 * 2017); reform.sipas.api.test.ts keeps the two equal. Sở Nội vụ makes new versions in the builder.
 */
export const DEFAULT_QUESTIONNAIRE_ID = '00000000-0000-4000-8000-000000002640';

export const SIPAS_QUESTIONS = [
  { key: 'access', element: 'access', text: 'Anh/Chị hài lòng thế nào về việc tiếp cận dịch vụ (nơi tiếp nhận, trang thiết bị, thông tin)?' },
  { key: 'procedure', element: 'procedure', text: 'Anh/Chị hài lòng thế nào về thủ tục hành chính (công khai, thành phần hồ sơ, phí, thời hạn)?' },
  { key: 'officials', element: 'officials', text: 'Anh/Chị hài lòng thế nào về công chức trực tiếp giải quyết (thái độ, hướng dẫn, không gây phiền hà)?' },
  { key: 'result', element: 'result', text: 'Anh/Chị hài lòng thế nào về kết quả giải quyết (đúng hẹn, đúng quy định, thông tin chính xác)?' },
  { key: 'feedback', element: 'feedback', text: 'Anh/Chị hài lòng thế nào về việc tiếp nhận, xử lý góp ý, phản ánh, kiến nghị?' },
] as const;

export const SIPAS_ELEMENT_NAMES_VI: Record<string, string> = {
  access: 'Tiếp cận dịch vụ',
  procedure: 'Thủ tục hành chính',
  officials: 'Công chức trực tiếp giải quyết công việc',
  result: 'Kết quả cung ứng dịch vụ',
  feedback: 'Tiếp nhận, xử lý góp ý, phản ánh, kiến nghị',
};

/** Service sectors measured: administrative services, and (seed 004) public education and public health. */
export const SIPAS_SECTORS = [
  { key: 'administrative', name: 'Dịch vụ hành chính công' },
  { key: 'education', name: 'Dịch vụ giáo dục công' },
  { key: 'health', name: 'Dịch vụ y tế công' },
] as const;

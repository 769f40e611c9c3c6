/**
 * The reporting regimes the seed documents ask for (the provincial plans, docs/reports.md):
 *  1. NQ131-QUY — quarterly report on implementing Nghị quyết 131/NQ-CP: departments and communes
 *     report to the provincial office by the 18th of the quarter's last month (seed 000, item
 *     "định kỳ ngày 18 tháng cuối quý"); the office consolidates for the Government Office.
 *  2. TTHC-DINHKY — periodic report on receiving and resolving administrative procedures (Thông
 *     tư 01/2018/TT-VPCP Điều 11, Nghị định 61/2018 and 118/2025): quarterly, 6-month, annual;
 *     figures from the dossier module. Deadline: 2 working days after the cut-off (the Khánh Hòa
 *     example in legal-research.md §3; each province sets its own — edit the regime).
 *  3. CCHC — quarterly / 6-month / annual administrative-reform report (seed 004; Nghị quyết
 *     76/NQ-CP's six reform areas) to the Department of Home Affairs. Deadline: 3 working days
 *     after the cut-off (assumed; seed 004 names the frequencies, not the day).
 * Outlines follow the common provincial pattern (legal-research.md §3: situation and results;
 * shortcomings and causes; tasks for the next period; proposals).
 */
import type { Template, TemplateTable } from '../reports.template.js';
import type { DeadlineRule, Frequency } from '../reports.periods.js';

export interface RegimeSeed {
  code: string;
  name: string;
  legalBasis: string;
  issuer: string;
  /** How to find the receiving agency in the org directory. */
  receiver: { kind: string; name?: string };
  reporterKinds: string[];
  frequencies: Frequency[];
  deadlines: Partial<Record<Frequency, DeadlineRule>>;
  reminderDays: number[];
  sendingMethod: string;
  nationalCode: string | null;
  template: Template;
}

const SENDING =
  'Gửi qua Hệ thống thông tin báo cáo của tỉnh (tài khoản được xác thực; lãnh đạo cơ quan ký duyệt trên hệ thống), đồng thời lưu bản điện tử có chữ ký số khi chế độ báo cáo yêu cầu.';

/** An indicator table: one value column, rows typed one by one. */
function indicators(
  id: string,
  title: string,
  rows: { id: string; label: string; type?: 'integer' | 'percent' | 'money' | 'text'; unit?: string; system?: string; level?: number; required?: boolean }[],
  note?: string,
): TemplateTable {
  return {
    id,
    title,
    ...(note ? { note } : {}),
    columns: [{ id: 'value', label: 'Số liệu', type: 'integer', required: true }],
    rows: rows.map((r) => ({
      id: r.id,
      label: r.label,
      ...(r.type ? { type: r.type } : {}),
      ...(r.unit ? { unit: r.unit } : {}),
      ...(r.level ? { level: r.level } : {}),
      ...(r.required === false ? { required: false } : {}),
    })),
    cells: Object.fromEntries(rows.filter((r) => r.system).map((r) => [`${r.id}.value`, { system: r.system! }])),
  };
}

const v = (table: string, row: string) => `${table}.${row}.value`;

export const NQ131_TEMPLATE: Template = {
  sections: [
    {
      id: 'I',
      title: 'I. Công tác chỉ đạo, điều hành, triển khai thực hiện',
      required: true,
      guidance: 'Văn bản đã ban hành để triển khai Kế hoạch thực hiện Nghị quyết 131/NQ-CP; công tác kiểm tra, tuyên truyền.',
    },
    {
      id: 'II',
      title: 'II. Kết quả thực hiện các nhiệm vụ tại Phụ lục Kế hoạch',
      required: true,
      guidance: 'Kết quả từng nhiệm vụ được giao (chủ trì, phối hợp), sản phẩm, tiến độ; số liệu tại Biểu B01–B03.',
    },
    { id: 'III', title: 'III. Tồn tại, hạn chế và nguyên nhân', required: true },
    { id: 'IV', title: 'IV. Nhiệm vụ trọng tâm quý tới' },
    { id: 'V', title: 'V. Đề xuất, kiến nghị' },
  ],
  tables: [
    indicators(
      'B01',
      'Kết quả tiếp nhận, giải quyết thủ tục hành chính trong kỳ',
      [
        { id: 'received', label: 'Số hồ sơ tiếp nhận mới trong kỳ', unit: 'hồ sơ', system: 'dossiers.received' },
        { id: 'received_online', label: 'Trong đó: tiếp nhận trực tuyến', unit: 'hồ sơ', system: 'dossiers.receivedOnline', level: 1 },
        { id: 'online_share', label: 'Tỷ lệ hồ sơ trực tuyến', type: 'percent', unit: '%', system: 'dossiers.onlineShare', level: 1 },
        { id: 'resolved', label: 'Số hồ sơ đã giải quyết', unit: 'hồ sơ', system: 'dossiers.resolved' },
        { id: 'early', label: 'Giải quyết trước hạn', unit: 'hồ sơ', system: 'dossiers.resolvedEarly', level: 1 },
        { id: 'on_time', label: 'Giải quyết đúng hạn', unit: 'hồ sơ', system: 'dossiers.resolvedOnTime', level: 1 },
        { id: 'late', label: 'Giải quyết quá hạn', unit: 'hồ sơ', system: 'dossiers.resolvedLate', level: 1 },
        { id: 'on_time_rate', label: 'Tỷ lệ giải quyết trước hạn và đúng hạn', type: 'percent', unit: '%', system: 'dossiers.onTimeRate' },
        { id: 'apologies', label: 'Số văn bản xin lỗi đã gửi do giải quyết quá hạn', unit: 'văn bản', system: 'dossiers.apologies' },
        { id: 'paid_online', label: 'Số hồ sơ thanh toán phí, lệ phí trực tuyến', unit: 'hồ sơ', system: 'dossiers.paidOnline' },
        { id: 'digitised', label: 'Số hồ sơ được số hóa thành phần', unit: 'hồ sơ', system: 'dossiers.digitised' },
      ],
      'Số liệu do hệ thống tự tổng hợp theo thời gian chốt số liệu của kỳ; cơ quan chỉ sửa khi có giải trình.',
    ),
    indicators('B02', 'Thực hiện nhiệm vụ được giao tại Phụ lục Kế hoạch', [
      { id: 'assigned', label: 'Số lượt nhiệm vụ được giao (đến kỳ)', unit: 'nhiệm vụ', system: 'tasks.assigned' },
      { id: 'done', label: 'Hoàn thành đúng hạn', unit: 'nhiệm vụ', system: 'tasks.done', level: 1 },
      { id: 'done_late', label: 'Hoàn thành chậm', unit: 'nhiệm vụ', system: 'tasks.doneLate', level: 1 },
      { id: 'in_progress', label: 'Đang thực hiện trong hạn', unit: 'nhiệm vụ', system: 'tasks.inProgress', level: 1 },
      { id: 'overdue', label: 'Quá hạn chưa hoàn thành', unit: 'nhiệm vụ', system: 'tasks.overdue', level: 1 },
      { id: 'not_started', label: 'Chưa thực hiện (chưa đến hạn)', unit: 'nhiệm vụ', system: 'tasks.notStarted', level: 1 },
      { id: 'cannot_do', label: 'Không thể thực hiện', unit: 'nhiệm vụ', system: 'tasks.cannotDo', level: 1 },
    ]),
    indicators('B03', 'Tiếp nhận, xử lý phản ánh, kiến nghị', [
      { id: 'received', label: 'Số phản ánh, kiến nghị tiếp nhận', unit: 'phản ánh', system: 'feedback.received' },
      { id: 'on_time', label: 'Đã xử lý đúng hạn', unit: 'phản ánh', system: 'feedback.handledOnTime', level: 1 },
      { id: 'late', label: 'Đã xử lý quá hạn', unit: 'phản ánh', system: 'feedback.handledLate', level: 1 },
      { id: 'in_time', label: 'Đang xử lý trong hạn', unit: 'phản ánh', system: 'feedback.inProgressWithin', level: 1 },
      { id: 'overdue', label: 'Đang xử lý quá hạn', unit: 'phản ánh', system: 'feedback.inProgressOverdue', level: 1 },
      { id: 'rate', label: 'Tỷ lệ xử lý đúng hạn', type: 'percent', unit: '%', system: 'feedback.onTimeRate' },
    ]),
  ],
  rules: [
    { id: 'b01_resolved', kind: 'sum', target: v('B01', 'resolved'), terms: [v('B01', 'early'), v('B01', 'on_time'), v('B01', 'late')] },
    { id: 'b01_online', kind: 'lte', left: [v('B01', 'received_online')], right: [v('B01', 'received')] },
    { id: 'b01_online_share', kind: 'ratio', target: v('B01', 'online_share'), numerator: [v('B01', 'received_online')], denominator: [v('B01', 'received')] },
    {
      id: 'b01_on_time_rate',
      kind: 'ratio',
      target: v('B01', 'on_time_rate'),
      numerator: [v('B01', 'early'), v('B01', 'on_time')],
      denominator: [v('B01', 'resolved')],
    },
    {
      id: 'b02_assigned',
      kind: 'sum',
      target: v('B02', 'assigned'),
      terms: ['done', 'done_late', 'in_progress', 'overdue', 'not_started', 'cannot_do'].map((r) => v('B02', r)),
    },
    { id: 'b03_counted', kind: 'lte', left: ['on_time', 'late', 'in_time', 'overdue'].map((r) => v('B03', r)), right: [v('B03', 'received')] },
    {
      id: 'b03_rate',
      kind: 'ratio',
      target: v('B03', 'rate'),
      numerator: [v('B03', 'on_time'), v('B03', 'in_time')],
      denominator: ['on_time', 'late', 'in_time', 'overdue'].map((r) => v('B03', r)),
    },
  ],
};

const T = (col: string) => `B01.total.${col}`;

export const TTHC_TEMPLATE: Template = {
  sections: [
    { id: 'I', title: 'I. Tình hình triển khai cơ chế một cửa, một cửa liên thông', required: true },
    {
      id: 'II',
      title: 'II. Kết quả tiếp nhận, giải quyết thủ tục hành chính',
      required: true,
      guidance: 'Phân tích số liệu tại Biểu B01, B02; nêu rõ hồ sơ quá hạn, nguyên nhân và việc xin lỗi người dân, doanh nghiệp.',
    },
    { id: 'III', title: 'III. Công khai thủ tục hành chính; đánh giá chất lượng giải quyết' },
    { id: 'IV', title: 'IV. Tồn tại, hạn chế và nguyên nhân', required: true },
    { id: 'V', title: 'V. Đề xuất, kiến nghị' },
  ],
  tables: [
    {
      id: 'B01',
      title: 'Tình hình, kết quả giải quyết thủ tục hành chính',
      note: 'Hồ sơ của cơ quan chủ trì giải quyết (hoặc cơ quan tiếp nhận khi chưa chuyển xử lý), theo thời gian chốt số liệu của kỳ.',
      columns: [
        { id: 'carried', label: 'Kỳ trước chuyển sang', type: 'integer', required: true },
        { id: 'online', label: 'Tiếp nhận trực tuyến', type: 'integer', required: true },
        { id: 'counter', label: 'Tiếp nhận trực tiếp', type: 'integer', required: true },
        { id: 'post', label: 'Tiếp nhận qua bưu chính', type: 'integer', required: true },
        { id: 'received', label: 'Tổng tiếp nhận mới', type: 'integer', required: true },
        { id: 'early', label: 'Giải quyết trước hạn', type: 'integer', required: true },
        { id: 'on_time', label: 'Giải quyết đúng hạn', type: 'integer', required: true },
        { id: 'late', label: 'Giải quyết quá hạn', type: 'integer', required: true },
        { id: 'resolved', label: 'Tổng đã giải quyết', type: 'integer', required: true },
        { id: 'withdrawn', label: 'Trong đó: rút hồ sơ / dừng xử lý', type: 'integer', required: true },
        { id: 'pending_within', label: 'Đang giải quyết trong hạn', type: 'integer', required: true },
        { id: 'pending_overdue', label: 'Đang giải quyết quá hạn', type: 'integer', required: true },
        { id: 'apologies', label: 'Văn bản xin lỗi', type: 'integer', required: true },
      ],
      rows: [{ id: 'total', label: 'Tổng số hồ sơ của cơ quan' }],
      cells: {
        'total.carried': { system: 'dossiers.carriedOver' },
        'total.online': { system: 'dossiers.receivedOnline' },
        'total.counter': { system: 'dossiers.receivedCounter' },
        'total.post': { system: 'dossiers.receivedPost' },
        'total.received': { system: 'dossiers.received' },
        'total.early': { system: 'dossiers.resolvedEarly' },
        'total.on_time': { system: 'dossiers.resolvedOnTime' },
        'total.late': { system: 'dossiers.resolvedLate' },
        'total.resolved': { system: 'dossiers.resolved' },
        'total.withdrawn': { system: 'dossiers.withdrawnOrStopped' },
        'total.pending_within': { system: 'dossiers.inProgressWithin' },
        'total.pending_overdue': { system: 'dossiers.inProgressOverdue' },
        'total.apologies': { system: 'dossiers.apologies' },
      },
    },
    indicators('B02', 'Dịch vụ công trực tuyến, thanh toán trực tuyến, số hóa', [
      { id: 'online_share', label: 'Tỷ lệ hồ sơ tiếp nhận trực tuyến', type: 'percent', unit: '%', system: 'dossiers.onlineShare' },
      { id: 'paid_online', label: 'Số hồ sơ thanh toán trực tuyến', unit: 'hồ sơ', system: 'dossiers.paidOnline' },
      { id: 'digitised', label: 'Số hồ sơ được số hóa thành phần khi tiếp nhận', unit: 'hồ sơ', system: 'dossiers.digitised' },
    ]),
  ],
  rules: [
    { id: 'received_total', kind: 'sum', target: T('received'), terms: [T('online'), T('counter'), T('post')] },
    { id: 'resolved_total', kind: 'sum', target: T('resolved'), terms: [T('early'), T('on_time'), T('late')] },
    {
      id: 'balance',
      kind: 'lte',
      severity: 'warning',
      left: [T('resolved'), T('pending_within'), T('pending_overdue')],
      right: [T('carried'), T('received')],
      message: 'Cân đối hồ sơ (cảnh báo): đã giải quyết (kể cả rút/dừng) + đang giải quyết không thể vượt quá kỳ trước chuyển sang + tiếp nhận mới.',
    },
    { id: 'online_share', kind: 'ratio', target: 'B02.online_share.value', numerator: [T('online')], denominator: [T('received')] },
    { id: 'withdrawn_part', kind: 'lte', severity: 'warning', left: [T('withdrawn')], right: [T('resolved')] },
    {
      id: 'apologies_late',
      kind: 'lte',
      severity: 'warning',
      left: [T('apologies')],
      right: [T('late'), T('pending_overdue')],
      message: 'Số văn bản xin lỗi nhiều hơn số hồ sơ quá hạn (cảnh báo).',
    },
  ],
};
const AREAS: [string, string][] = [
  ['direction', 'Công tác chỉ đạo, điều hành cải cách hành chính'],
  ['institution', '1. Cải cách thể chế'],
  ['procedure', '2. Cải cách thủ tục hành chính'],
  ['apparatus', '3. Cải cách tổ chức bộ máy hành chính nhà nước'],
  ['civil_service', '4. Cải cách chế độ công vụ'],
  ['public_finance', '5. Cải cách tài chính công'],
  ['digital', '6. Xây dựng và phát triển Chính quyền điện tử, Chính quyền số'],
  ['communication', 'Công tác thông tin, tuyên truyền cải cách hành chính'],
];

export const CCHC_TEMPLATE: Template = {
  sections: [
    { id: 'I', title: 'I. Công tác chỉ đạo, điều hành cải cách hành chính', required: true },
    { id: 'II', title: 'II. Kết quả thực hiện các nhiệm vụ cải cách hành chính', required: true },
    ...AREAS.slice(1, 7).map(([id, label]) => ({ id: `II_${id}`, title: label, level: 1 })),
    { id: 'III', title: 'III. Tồn tại, hạn chế và nguyên nhân', required: true },
    { id: 'IV', title: 'IV. Phương hướng, nhiệm vụ kỳ tới' },
    { id: 'V', title: 'V. Đề xuất, kiến nghị' },
  ],
  tables: [
    {
      id: 'B01',
      title: 'Kết quả thực hiện Kế hoạch cải cách hành chính theo lĩnh vực',
      columns: [
        { id: 'planned', label: 'Nhiệm vụ theo kế hoạch', type: 'integer', unit: 'nhiệm vụ', required: true },
        { id: 'done', label: 'Đã hoàn thành', type: 'integer', unit: 'nhiệm vụ', required: true },
        { id: 'rate', label: 'Tỷ lệ hoàn thành', type: 'percent', unit: '%', required: true },
        { id: 'funding', label: 'Kinh phí thực hiện', type: 'money', unit: 'đồng' },
        { id: 'note', label: 'Sản phẩm, ghi chú', type: 'text' },
      ],
      rows: [...AREAS.map(([id, label]) => ({ id, label })), { id: 'total', label: 'Tổng cộng' }],
      totalRow: 'total',
      cells: { 'total.note': { aggregate: 'none' } },
    },
    indicators('B02', 'Một số chỉ số phục vụ người dân, doanh nghiệp (từ hệ thống)', [
      { id: 'on_time_rate', label: 'Tỷ lệ hồ sơ TTHC giải quyết trước hạn, đúng hạn', type: 'percent', unit: '%', system: 'dossiers.onTimeRate' },
      { id: 'online_share', label: 'Tỷ lệ hồ sơ TTHC tiếp nhận trực tuyến', type: 'percent', unit: '%', system: 'dossiers.onlineShare' },
      { id: 'feedback_rate', label: 'Tỷ lệ phản ánh, kiến nghị xử lý đúng hạn', type: 'percent', unit: '%', system: 'feedback.onTimeRate' },
    ]),
  ],
  rules: [
    ...[...AREAS.map(([id]) => id), 'total'].flatMap((row) => [
      { id: `done_${row}`, kind: 'lte' as const, left: [`B01.${row}.done`], right: [`B01.${row}.planned`] },
      { id: `rate_${row}`, kind: 'ratio' as const, target: `B01.${row}.rate`, numerator: [`B01.${row}.done`], denominator: [`B01.${row}.planned`] },
    ]),
  ],
};

export const REGIME_SEEDS: RegimeSeed[] = [
  {
    code: 'NQ131-QUY',
    name: 'Báo cáo tình hình thực hiện Nghị quyết số 131/NQ-CP của Chính phủ về đẩy mạnh cải cách thủ tục hành chính và hiện đại hóa phương thức chỉ đạo, điều hành',
    legalBasis:
      'Nghị quyết số 131/NQ-CP ngày 06/10/2022 của Chính phủ; Kế hoạch thực hiện của Ủy ban nhân dân tỉnh; Nghị định số 09/2019/NĐ-CP ngày 24/01/2019 của Chính phủ quy định về chế độ báo cáo của cơ quan hành chính nhà nước',
    issuer: 'Ủy ban nhân dân tỉnh',
    receiver: { kind: 'provincial_office' },
    reporterKinds: ['department', 'commune_people_committee'],
    frequencies: ['quarterly', 'ad_hoc'],
    deadlines: { quarterly: { kind: 'day_of_month', day: 18 } },
    reminderDays: [5, 1],
    sendingMethod: SENDING,
    nationalCode: null,
    template: NQ131_TEMPLATE,
  },
  {
    code: 'TTHC-DINHKY',
    name: 'Báo cáo tình hình, kết quả tiếp nhận và giải quyết thủ tục hành chính',
    legalBasis:
      'Nghị định số 61/2018/NĐ-CP (sửa đổi bởi Nghị định số 107/2021/NĐ-CP) và Nghị định số 118/2025/NĐ-CP về thực hiện cơ chế một cửa, một cửa liên thông; Thông tư số 01/2018/TT-VPCP (Điều 11); Nghị định số 09/2019/NĐ-CP',
    issuer: 'Ủy ban nhân dân tỉnh',
    receiver: { kind: 'provincial_office' },
    reporterKinds: ['department', 'commune_people_committee'],
    frequencies: ['quarterly', 'half_year', 'annual'],
    deadlines: {
      quarterly: { kind: 'working_days_after_cutoff', days: 2 },
      half_year: { kind: 'working_days_after_cutoff', days: 2 },
      annual: { kind: 'working_days_after_cutoff', days: 2 },
    },
    reminderDays: [3, 1],
    sendingMethod: SENDING,
    nationalCode: null,
    template: TTHC_TEMPLATE,
  },
  {
    code: 'CCHC',
    name: 'Báo cáo công tác cải cách hành chính',
    legalBasis:
      'Nghị quyết số 76/NQ-CP ngày 15/7/2021 của Chính phủ ban hành Chương trình tổng thể cải cách hành chính nhà nước giai đoạn 2021–2030; Kế hoạch cải cách hành chính của tỉnh; Nghị định số 09/2019/NĐ-CP',
    issuer: 'Ủy ban nhân dân tỉnh',
    receiver: { kind: 'department', name: 'Sở Nội vụ' },
    reporterKinds: ['department', 'commune_people_committee'],
    frequencies: ['quarterly', 'half_year', 'annual', 'ad_hoc'],
    deadlines: {
      quarterly: { kind: 'working_days_after_cutoff', days: 3 },
      half_year: { kind: 'working_days_after_cutoff', days: 3 },
      annual: { kind: 'working_days_after_cutoff', days: 3 },
    },
    reminderDays: [3, 1],
    sendingMethod: SENDING,
    nationalCode: null,
    template: CCHC_TEMPLATE,
  },
];

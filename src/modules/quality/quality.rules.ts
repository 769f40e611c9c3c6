/**
 * QĐ 766/QĐ-TTg service-quality index: the indicator table, point conversion, score and band,
 * and the per-dossier "fact" the counters are made of. Pure: no I/O, no clock reads.
 *
 * Sources (docs/quality.md has the full discussion):
 *  - Quyết định 766/QĐ-TTg and its indicator table (points, conversion rules,
 *    business rules for on-time, supplementation, channel), from the technical description
 *    "Mô tả công thức tính chỉ số 766.docx" [QD766-DOCX], the portal's METRICS sheet
 *    [QD766-METRICS] and the reverse-engineered scoring [QD766-SCORING];
 *  - the six groups of QĐ 766 (100 points) and what must be recorded, as docs/quality.md sets out.
 */
import { addWorking, classifyFinish, localIsoDate, workingMinutesBetween, type WorkCalendar } from '../calendar/calendar.public.js';

// ---------------------------------------------------------------------------------------------
// The indicator table (one place: numerator, denominator, points, conversion)
// ---------------------------------------------------------------------------------------------

export type GroupCode = 'CKMB' | 'TDGQ' | 'DVCTT' | 'TTTT' | 'MDSH' | 'MDHL';

export const GROUPS: Readonly<Record<GroupCode, { name: string; maxPoints: number }>> = {
  CKMB: { name: 'Công khai, minh bạch', maxPoints: 18 },
  TDGQ: { name: 'Tiến độ, kết quả giải quyết', maxPoints: 20 },
  DVCTT: { name: 'Cung cấp dịch vụ trực tuyến', maxPoints: 12 },
  TTTT: { name: 'Thanh toán trực tuyến', maxPoints: 10 },
  MDSH: { name: 'Số hóa hồ sơ', maxPoints: 22 },
  MDHL: { name: 'Mức độ hài lòng', maxPoints: 18 },
};

export type Conversion = { kind: 'linear' } | { kind: 'threshold'; percent: number };

/** Where the numbers come from. `none`: the system records no data for it yet (shown honestly). */
export type Source = 'catalog' | 'dossiers' | 'procedures' | 'feedback' | 'ratings' | 'certification' | 'none';

export interface IndicatorDef {
  /** Our key = the national portal's metric code where one is known (legal-research.md §1.7). */
  code: string;
  /** Number in the technical description (1.1 … 5.4). */
  no: string;
  group: GroupCode;
  name: string;
  maxPoints: number;
  numerator: string;
  denominator: string;
  conversion: Conversion;
  /** When the denominator is 0: full points (the portal's rule for feedback) or not applicable. */
  whenEmpty: 'full' | 'not_applicable';
  source: Source;
  /** Why there is no data, or what is provisional. */
  note?: string;
  confidence: 'sure' | 'likely' | 'unsure';
}

const L: Conversion = { kind: 'linear' };
const T = (percent: number): Conversion => ({ kind: 'threshold', percent });

export const INDICATORS: readonly IndicatorDef[] = [
  {
    code: 'PUBLISH_ON_TIME',
    no: '1.1',
    group: 'CKMB',
    name: 'Tỷ lệ TTHC công bố đúng hạn',
    maxPoints: 6,
    conversion: L,
    whenEmpty: 'not_applicable',
    source: 'catalog',
    confidence: 'likely',
    numerator: 'Thủ tục có quyết định công bố trong kỳ ban hành trước ngày có hiệu lực ít nhất 5 ngày làm việc',
    denominator: 'Thủ tục có quyết định công bố trong kỳ',
  },
  {
    code: 'PUBLIC_UPDATE_ON_TIME',
    no: '1.2',
    group: 'CKMB',
    name: 'Tỷ lệ TTHC được cập nhật, công khai đúng hạn',
    maxPoints: 4,
    conversion: L,
    whenEmpty: 'not_applicable',
    source: 'catalog',
    confidence: 'likely',
    numerator: 'Thủ tục công khai trên hệ thống trong 5 ngày làm việc kể từ ngày quyết định công bố',
    denominator: 'Thủ tục có quyết định công bố trong kỳ',
    note: 'Ngày công khai trên hệ thống tỉnh được dùng thay cho ngày công khai trên CSDL quốc gia.',
  },
  {
    code: 'PUBLIC_CONTENT_FULL',
    no: '1.3',
    group: 'CKMB',
    name: 'Tỷ lệ TTHC công khai đầy đủ các bộ phận tạo thành',
    maxPoints: 2,
    conversion: L,
    whenEmpty: 'not_applicable',
    source: 'catalog',
    confidence: 'likely',
    numerator: 'Thủ tục đang công khai có đủ các bộ phận a–g khoản 2 Điều 8 NĐ 63/2010',
    denominator: 'Thủ tục đang công khai (tại thời điểm hiện tại)',
  },
  {
    code: 'DOSSIER_SYNC',
    no: '1.4',
    group: 'CKMB',
    name: 'Tỷ lệ hồ sơ đồng bộ trạng thái lên Cổng DVCQG',
    maxPoints: 6,
    conversion: L,
    whenEmpty: 'not_applicable',
    source: 'none',
    confidence: 'likely',
    numerator: 'Hồ sơ tiếp nhận trong kỳ đã đồng bộ',
    denominator: 'Hồ sơ tiếp nhận trong kỳ',
    note: 'Chưa có số liệu: kết quả đồng bộ do Cổng DVCQG xác nhận; hệ thống chưa nhận dữ liệu đối soát.',
  },
  {
    code: 'DVC_PROGRESS',
    no: '2.1',
    group: 'TDGQ',
    name: 'Tỷ lệ hồ sơ xử lý trước hạn, đúng hạn (gồm đã và đang xử lý)',
    maxPoints: 20,
    conversion: L,
    whenEmpty: 'not_applicable',
    source: 'dossiers',
    confidence: 'likely',
    numerator: 'Hồ sơ kết thúc xử lý trong kỳ trước hạn/đúng hạn + hồ sơ đang xử lý trong hạn tại cuối kỳ',
    denominator: 'Hồ sơ tiếp nhận trong kỳ + hồ sơ kỳ trước chuyển sang',
  },
  {
    code: 'ONLINE_FULL_DOSSIER',
    no: '3',
    group: 'DVCTT',
    name: 'Tỷ lệ hồ sơ trực tuyến toàn trình trên hồ sơ của TTHC đủ điều kiện toàn trình',
    maxPoints: 12,
    conversion: L,
    whenEmpty: 'not_applicable',
    source: 'dossiers',
    confidence: 'unsure',
    numerator: 'Hồ sơ nộp trực tuyến của thủ tục có dịch vụ công trực tuyến toàn trình, tiếp nhận trong kỳ',
    denominator: 'Hồ sơ tiếp nhận trong kỳ của thủ tục có dịch vụ công trực tuyến toàn trình',
    note: 'Cách quy đổi điểm của chỉ số 12 điểm chưa được xác nhận; tạm dùng quy đổi tuyến tính.',
  },
  {
    code: 'FEE_INTEGRATED',
    no: '3.5',
    group: 'TTTT',
    name: 'Tỷ lệ TTHC có nghĩa vụ tài chính được tích hợp thanh toán',
    maxPoints: 2,
    conversion: T(80),
    whenEmpty: 'not_applicable',
    source: 'procedures',
    confidence: 'likely',
    numerator: 'Thủ tục có ít nhất một hồ sơ (tiếp nhận trong kỳ) có dữ liệu phí, lệ phí',
    denominator: 'Thủ tục có phí, lệ phí trong danh mục',
    note: 'Dữ liệu phí của hồ sơ: số tiền thực phải nộp (sau miễn, giảm, đã chọn một mức trong các mức thay thế) theo yêu cầu nộp phí, hoặc, khi chưa có yêu cầu, các khoản phí của trường hợp thủ tục áp dụng cho người nộp (phí thu tại quầy khi tiếp nhận cũng được tính).',
  },
  {
    code: 'FORMALITY_ONLINE_PAYMENT',
    no: '3.5b',
    group: 'TTTT',
    name: 'Tỷ lệ TTHC có giao dịch thanh toán trực tuyến',
    maxPoints: 2,
    conversion: T(80),
    whenEmpty: 'not_applicable',
    source: 'procedures',
    confidence: 'likely',
    numerator: 'Thủ tục có ít nhất một hồ sơ (tiếp nhận trong kỳ) thanh toán trực tuyến',
    denominator: 'Thủ tục có phí, lệ phí trong danh mục',
  },
  {
    code: 'DOSSIER_ONLINE_PAYMENT',
    no: '3.6',
    group: 'TTTT',
    name: 'Tỷ lệ hồ sơ thanh toán trực tuyến',
    maxPoints: 6,
    conversion: L,
    whenEmpty: 'not_applicable',
    source: 'dossiers',
    confidence: 'likely',
    numerator: 'Hồ sơ (tiếp nhận trong kỳ) đã thanh toán trực tuyến',
    denominator: 'Hồ sơ (tiếp nhận trong kỳ) có nghĩa vụ tài chính (số tiền thực phải nộp > 0)',
    note: 'Theo cách Cổng DVCQG tính: mẫu số là hồ sơ của thủ tục có phí trừ hồ sơ có tổng phí thực nộp bằng 0 (được miễn), kể cả hồ sơ nộp phí tại quầy khi tiếp nhận, không phụ thuộc cán bộ có gửi yêu cầu nộp phí hay không; Cổng tính theo ngày bắt đầu xử lý, hệ thống tính theo ngày tiếp nhận (trùng nhau với hồ sơ đã tiếp nhận).',
  },
  {
    code: 'ORIGINAL_RESULT_AVAILABLE',
    no: '4.1',
    group: 'MDSH',
    name: 'Tỷ lệ hồ sơ có cấp kết quả giải quyết TTHC điện tử',
    maxPoints: 6,
    conversion: L,
    whenEmpty: 'not_applicable',
    source: 'dossiers',
    confidence: 'likely',
    numerator: 'Hồ sơ (tiếp nhận trong kỳ) có tệp kết quả điện tử',
    denominator: 'Hồ sơ tiếp nhận trong kỳ của thủ tục có kết quả là văn bản, giấy tờ',
    note: 'Theo cách Cổng DVCQG tính: mẫu số gồm mọi hồ sơ tiếp nhận trong kỳ của thủ tục có kết quả là văn bản, giấy tờ (cả hồ sơ chưa có kết quả). Thủ tục có kết quả là văn bản khi danh mục ghi tên kết quả.',
  },
  {
    code: 'SO_HOA_GIAY_TO_GIAI_QUYET',
    no: '4.2',
    group: 'MDSH',
    name: 'Tỷ lệ hồ sơ TTHC thực hiện số hóa hồ sơ',
    maxPoints: 4,
    conversion: L,
    whenEmpty: 'not_applicable',
    source: 'dossiers',
    confidence: 'likely',
    numerator: 'Hồ sơ (tiếp nhận trong kỳ) có mọi thành phần được số hóa và, nếu thủ tục có kết quả là văn bản, đã đính kèm tệp kết quả',
    denominator: 'Hồ sơ tiếp nhận trong kỳ',
    note: 'Tài liệu kỹ thuật ghi ngưỡng 80%, quan sát Cổng cho thấy quy đổi tuyến tính; hệ thống theo cách Cổng tính (tuyến tính). Hồ sơ của thủ tục có kết quả là văn bản chỉ được tính khi đã có tệp kết quả.',
  },
  {
    code: 'ELECTRONIC_CERTIFIED_COPY',
    no: '4.x',
    group: 'MDSH',
    name: 'Tỷ lệ cung cấp dịch vụ chứng thực bản sao điện tử từ bản chính',
    maxPoints: 2,
    conversion: L,
    whenEmpty: 'not_applicable',
    source: 'certification',
    confidence: 'likely',
    numerator: 'Xã có ít nhất một bản sao điện tử được chứng thực từ bản chính trong kỳ',
    denominator: 'Xã thuộc phạm vi quản lý (cơ quan cấp xã đang hoạt động, tính theo đơn vị hành chính)',
    note: 'Một xã được tính là "cung cấp dịch vụ" khi trong kỳ đã chứng thực ít nhất một bản sao điện tử (sổ chứng thực của MotCua); cách Cổng xác định "cung cấp" chưa được xác nhận.',
  },
  {
    code: 'REUSED_DIGITIZED_DATA',
    no: '4.3',
    group: 'MDSH',
    name: 'Tỷ lệ hồ sơ khai thác, sử dụng lại thông tin, dữ liệu số hóa',
    maxPoints: 2,
    conversion: T(80),
    whenEmpty: 'not_applicable',
    source: 'dossiers',
    confidence: 'likely',
    numerator: 'Hồ sơ (tiếp nhận trong kỳ) có ít nhất một thành phần dùng lại dữ liệu số hóa',
    denominator: 'Hồ sơ tiếp nhận trong kỳ',
  },
  {
    code: 'SYNCED_WITH_DVCQG_PERSONAL_STORAGE',
    no: '4.4',
    group: 'MDSH',
    name: 'Tỷ lệ hồ sơ số hóa có kết nối, chia sẻ dữ liệu phục vụ tái sử dụng',
    maxPoints: 4,
    conversion: L,
    whenEmpty: 'not_applicable',
    source: 'none',
    confidence: 'unsure',
    numerator: 'Hồ sơ lấy thành phần từ kho dữ liệu cá nhân trên Cổng DVCQG',
    denominator: 'Hồ sơ tiếp nhận trong kỳ',
    note: 'Chưa có số liệu: chưa kết nối kho dữ liệu cá nhân trên Cổng DVCQG.',
  },
  {
    code: 'CITIZEN_DATA_CONNECTED_DOSSIER',
    no: '4.5b',
    group: 'MDSH',
    name: 'Tỷ lệ hồ sơ TTHC có sử dụng thông tin, dữ liệu dân cư',
    maxPoints: 2,
    conversion: L,
    whenEmpty: 'not_applicable',
    source: 'none',
    confidence: 'likely',
    numerator: 'Hồ sơ xác thực VNeID hoặc dùng dữ liệu từ CSDL quốc gia về dân cư',
    denominator: 'Hồ sơ tiếp nhận trong kỳ',
    note: 'Chưa có số liệu: chưa kết nối CSDL quốc gia về dân cư (VNeID).',
  },
  {
    code: 'CITIZEN_DATA_CONNECTED_FORMALITY',
    no: '4.5a',
    group: 'MDSH',
    name: 'Tỷ lệ TTHC triển khai kết nối, chia sẻ dữ liệu dân cư',
    maxPoints: 2,
    conversion: L,
    whenEmpty: 'not_applicable',
    source: 'none',
    confidence: 'likely',
    numerator: 'Thủ tục có hồ sơ dùng dữ liệu dân cư',
    denominator: 'Thủ tục có đối tượng là công dân',
    note: 'Chưa có số liệu: chưa kết nối CSDL quốc gia về dân cư (VNeID).',
  },
  {
    code: 'PETITION_PROCESSING_ON_TIME',
    no: '5.2',
    group: 'MDHL',
    name: 'Tỷ lệ phản ánh, kiến nghị xử lý đúng hạn',
    maxPoints: 6,
    conversion: L,
    whenEmpty: 'full',
    source: 'feedback',
    confidence: 'likely',
    numerator: 'Phản ánh, kiến nghị xử lý đúng hạn + đang xử lý trong hạn',
    denominator: 'Phản ánh, kiến nghị thuộc thẩm quyền, tiếp nhận trong kỳ',
    note: 'Theo thời hạn của Cổng DVCQG (ngày làm việc, tính từ khi tiếp nhận hoặc lần chuyển gần nhất): xử lý ≤ 15, công khai ≤ 2 sau khi có kết quả; thời hạn xử lý riêng của tỉnh vẫn áp dụng cho công việc. Không tính phản ánh đang phân loại, bị từ chối tiếp nhận, chuyển sang khiếu nại, tố cáo hoặc trùng lặp. Hệ thống chưa có bước yêu cầu bổ sung thông tin phản ánh nên thời hạn 5 ngày cho bước đó không áp dụng.',
  },
  {
    code: 'PETITION_HANDLING_SATISFACTION',
    no: '5.3',
    group: 'MDHL',
    name: 'Tỷ lệ hài lòng trong xử lý phản ánh, kiến nghị',
    maxPoints: 6,
    conversion: L,
    whenEmpty: 'full',
    source: 'feedback',
    confidence: 'likely',
    numerator: 'Phản ánh, kiến nghị − số xử lý trễ hạn − số bị phản hồi lại (không hài lòng với kết quả)',
    denominator: 'Phản ánh, kiến nghị tiếp nhận trong kỳ',
    note: 'Hệ thống phản ánh chưa có nút thích/không thích; "không hài lòng" được tính từ các phản hồi lại của người gửi.',
  },
  {
    code: 'DOSSIER_RECEIVING_SATISFACTION',
    no: '5.4',
    group: 'MDHL',
    name: 'Tỷ lệ hài lòng trong tiếp nhận, giải quyết TTHC',
    maxPoints: 6,
    conversion: T(90),
    whenEmpty: 'not_applicable',
    source: 'ratings',
    confidence: 'likely',
    numerator: '100% − (tỷ lệ hồ sơ trễ hạn + tỷ lệ hồ sơ bị đánh giá không hài lòng)',
    denominator: 'Hồ sơ tiếp nhận trong kỳ',
    note: 'Đủ 6 điểm khi tỷ lệ đạt 90% (mục tiêu Nghị quyết 76/NQ-CP), dưới đó quy đổi tỷ lệ thuận. "Không hài lòng" = đánh giá chung mức 1–2 (Rất không hài lòng, Không hài lòng) của người nộp, qua tài khoản, đường dẫn/mã QR trên giấy tiếp nhận, hoặc màn hình đánh giá tại quầy; mỗi hồ sơ tính một lần. Theo công thức của Cổng, hai tỷ lệ được cộng (hồ sơ vừa trễ hạn vừa bị chê được trừ hai lần). Phản ánh chưa gắn với hồ sơ nên chưa được trừ.',
  },
];

export const INDICATOR_BY_CODE: ReadonlyMap<string, IndicatorDef> = new Map(INDICATORS.map((d) => [d.code, d]));

/** Points of a ratio under a conversion rule (rounded to 2 decimals). */
export function toPoints(def: Pick<IndicatorDef, 'maxPoints' | 'conversion'>, numerator: number, denominator: number): number {
  if (!(denominator > 0)) throw new RangeError('denominator must be > 0');
  const r = Math.max(0, Math.min(1, numerator / denominator));
  const raw = def.conversion.kind === 'linear' ? def.maxPoints * r : def.maxPoints * Math.min(1, (r * 100) / def.conversion.percent);
  return round2(raw);
}

export const round2 = (x: number) => Math.round(x * 100 + Number.EPSILON * 100) / 100;

export type IndicatorStatus = 'ok' | 'not_applicable' | 'no_data';

export interface IndicatorValue {
  code: string;
  no: string;
  name: string;
  group: GroupCode;
  numerator: number;
  denominator: number;
  /** null when not applicable (no dossiers) or when the system has no data yet. */
  points: number | null;
  maxPoints: number;
  ratio: number | null;
  status: IndicatorStatus;
  note: string | null;
}

/** One indicator's value from its counts; `counts === null` = no data source. */
export function evaluate(def: IndicatorDef, counts: { numerator: number; denominator: number } | null): IndicatorValue {
  const base = { code: def.code, no: def.no, name: def.name, group: def.group, maxPoints: def.maxPoints, note: def.note ?? null };
  if (counts === null || def.source === 'none') return { ...base, numerator: 0, denominator: 0, points: null, ratio: null, status: 'no_data' };
  const { numerator, denominator } = counts;
  if (denominator <= 0) {
    return def.whenEmpty === 'full'
      ? { ...base, numerator, denominator, points: def.maxPoints, ratio: null, status: 'ok' }
      : { ...base, numerator, denominator, points: null, ratio: null, status: 'not_applicable' };
  }
  return { ...base, numerator, denominator, points: toPoints(def, numerator, denominator), ratio: round2((numerator / denominator) * 100), status: 'ok' };
}

// ---------------------------------------------------------------------------------------------
// Score and band
// ---------------------------------------------------------------------------------------------

export type Band = 'tot' | 'kha' | 'trung_binh' | 'yeu';

/**
 * Provisional bands (legal-research.md §1.6: no published thresholds were found; this default
 * agrees with how the 2022 results were described). Configuration, not law: labelled provisional.
 */
export const BANDS: readonly { band: Band; min: number; name: string }[] = [
  { band: 'tot', min: 80, name: 'Tốt' },
  { band: 'kha', min: 70, name: 'Khá' },
  { band: 'trung_binh', min: 50, name: 'Trung bình' },
  { band: 'yeu', min: -Infinity, name: 'Yếu' },
];

export function bandOf(score100: number): Band {
  return BANDS.find((b) => score100 >= b.min)!.band;
}

export interface Score {
  /**
   * The headline score as the national portal computes it: the sum of the points of every
   * indicator, out of 100. An indicator the unit does not feed (no data) scores 0.
   */
  total: number;
  /** The maximum of the whole set (100). */
  maxPoints: number;
  /** The same figure on a 100 scale (= total): what ranking and bands use. */
  outOf100: number;
  /** The points of the indicators that have data. */
  maxWithData: number;
  /** Secondary figure: total scaled to 100 over the indicators with data; null when none has data. Always labelled as such. */
  scaledOverData: number | null;
  band: Band;
  bandName: string;
  bandProvisional: true;
  groups: { group: GroupCode; name: string; points: number; maxPoints: number; maxWithData: number }[];
}

export function scoreOf(values: readonly IndicatorValue[]): Score {
  let total = 0;
  let withData = 0;
  const groups = (Object.keys(GROUPS) as GroupCode[]).map((g) => {
    const vs = values.filter((v) => v.group === g && v.points !== null);
    const points = round2(vs.reduce((s, v) => s + (v.points ?? 0), 0));
    const maxWithData = vs.reduce((s, v) => s + v.maxPoints, 0);
    total += points;
    withData += maxWithData;
    return { group: g, name: GROUPS[g].name, points, maxPoints: GROUPS[g].maxPoints, maxWithData };
  });
  const max = (Object.keys(GROUPS) as GroupCode[]).reduce((s, g) => s + GROUPS[g].maxPoints, 0);
  const headline = round2(max > 0 ? (total / max) * 100 : 0);
  const band = bandOf(headline);
  return {
    total: round2(total),
    maxPoints: max,
    outOf100: headline,
    maxWithData: withData,
    scaledOverData: withData > 0 ? round2((total / withData) * 100) : null,
    band,
    bandName: BANDS.find((b) => b.band === band)!.name,
    bandProvisional: true,
    groups,
  };
}

// ---------------------------------------------------------------------------------------------
// Periods (Vietnam calendar dates; [from, to] inclusive)
// ---------------------------------------------------------------------------------------------

export interface Period {
  from: string;
  to: string;
  /** The day after `to` (exclusive end). */
  toExcl: string;
}

export function nextDay(iso: string): string {
  const d = new Date(iso + 'T00:00:00Z');
  d.setUTCDate(d.getUTCDate() + 1);
  return d.toISOString().slice(0, 10);
}

export function monthPeriod(month: string): Period {
  const [y, m] = month.split('-').map(Number);
  const last = new Date(Date.UTC(y, m, 0)).toISOString().slice(0, 10);
  return { from: `${month}-01`, to: last, toExcl: nextDay(last) };
}

export function isValidDate(iso: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(iso)) return false;
  const d = new Date(iso + 'T00:00:00Z');
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === iso;
}

/** The months [YYYY-MM] ending at `lastMonth`, oldest first. */
export function monthsBack(lastMonth: string, n: number): string[] {
  const [y, m] = lastMonth.split('-').map(Number);
  const out: string[] = [];
  for (let i = n - 1; i >= 0; i--) {
    const d = new Date(Date.UTC(y, m - 1 - i, 1));
    out.push(d.toISOString().slice(0, 7));
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// The per-dossier fact (what one dossier contributes to the counters)
// ---------------------------------------------------------------------------------------------

/**
 * What the QĐ 766 rules need to know about one dossier, extracted either from the snapshot
 * (incremental path) or by folding the action log (full recomputation). Instants are Dates.
 */
export interface DossierHistory {
  dossierId: string;
  code: string;
  /** Attributed agency: the lead (processing) agency, else the receiving one. */
  agencyId: string;
  procedureCode: string;
  channel: 'counter' | 'online' | 'post';
  /** Receipt of the complete dossier (null: never accepted — not counted, §1.4). */
  receivedAt: Date | null;
  appointmentOriginal: Date | null;
  /** Intervals when the QĐ 766 clock did not count (processing supplement, payment). */
  pauses: { from: Date; to: Date | null }[];
  /** QĐ 766 end of processing (result ready, stop, supplement timeout, withdrawal). */
  endedAt: Date | null;
  /** Supplement requests made during processing. */
  processingSupplements: number;
  /**
   * The net amount due (đồng): after exemptions/reductions, one line per alternative group — what
   * the payment requests ask, or, before any request, the catalogue lines that apply to the
   * applicant (a fee collected at the counter at intake counts too).
   */
  feeTotal: number;
  /** The catalogue leaves an applicable line's amount to the province (an obligation of unknown amount). */
  feeAmountUnknown?: boolean;
  paidOnline: boolean;
  hasResult: boolean;
  resultFile: boolean;
  /** The procedure's result is a document (văn bản, giấy tờ): 4.1's population, 4.2's extra condition. */
  returnsDocument: boolean;
  allDigitised: boolean;
  reused: boolean;
  /** The procedure version it was received under offers the full online service. */
  fullOnlineEligible: boolean;
}

export type Outcome = 'early' | 'on_time' | 'late';

export interface Fact {
  dossierId: string;
  agencyId: string;
  procedureCode: string;
  accepted: boolean;
  receivedAt: Date | null;
  /** End used by the index: the real end, or the start of an outstanding wait for the applicant. */
  endAt: Date | null;
  waitingApplicant: boolean;
  /** Appointment moved by the working time the QĐ 766 clock was paused. */
  dueAt: Date | null;
  forcedLate: boolean;
  outcome: Outcome | null;
  rDay: string | null;
  eDay: string | null;
  /** Day from which a still-open dossier counts as overdue (due day; receipt day if forced late). */
  kDay: string | null;
  eligibleFull: boolean;
  onlineFull: boolean;
  fee: boolean;
  paidOnline: boolean;
  /** Received for a procedure whose result is a document (4.1's denominator). */
  docResult: boolean;
  eResult: boolean;
  digitised: boolean;
  reused: boolean;
}

/**
 * The QĐ 766 facts of one dossier (legal-research.md §1.4):
 *  - only accepted dossiers count; end of processing = first of result ready / stop / timeout /
 *    withdrawal;
 *  - the supplementation (and payment) waiting time is subtracted: due = original appointment
 *    moved forward by the working time of the closed pauses;
 *  - a request outstanding at the applicant: the end is the moment of the request;
 *  - asked to supplement more than once during processing: late;
 *  - early / on time / late by `classifyFinish` (late = after the due moment; early = a day before).
 */
export function factOf(h: DossierHistory, cal: WorkCalendar): Fact {
  const accepted = h.receivedAt !== null && h.appointmentOriginal !== null;
  const forcedLate = h.processingSupplements > 1;
  let endAt = h.endedAt;
  let waiting = false;
  let pausedMinutes = 0;
  for (const p of h.pauses) {
    if (p.to === null) {
      if (endAt === null) {
        endAt = p.from;
        waiting = true;
      }
    } else if (endAt === null || p.to.getTime() <= endAt.getTime()) {
      pausedMinutes += Math.max(0, workingMinutesBetween(cal, p.from, p.to));
    }
  }
  const dueAt = accepted ? (pausedMinutes > 0 ? addWorking(cal, h.appointmentOriginal!, pausedMinutes / 60, 'working_hours') : h.appointmentOriginal) : null;
  const outcome: Outcome | null = accepted && endAt ? (forcedLate ? 'late' : classifyFinish(cal, endAt, dueAt!)) : null;
  const rDay = accepted ? localIsoDate(h.receivedAt!) : null;
  return {
    dossierId: h.dossierId,
    agencyId: h.agencyId,
    procedureCode: h.procedureCode,
    accepted,
    receivedAt: accepted ? h.receivedAt : null,
    endAt: accepted ? endAt : null,
    waitingApplicant: accepted && waiting,
    dueAt,
    forcedLate: accepted && forcedLate,
    outcome,
    rDay,
    eDay: accepted && endAt ? localIsoDate(endAt) : null,
    kDay: accepted ? (forcedLate ? rDay : localIsoDate(dueAt!)) : null,
    eligibleFull: accepted && h.fullOnlineEligible,
    onlineFull: accepted && h.fullOnlineEligible && h.channel === 'online',
    fee: accepted && (h.feeTotal > 0 || h.feeAmountUnknown === true),
    paidOnline: accepted && (h.feeTotal > 0 || h.feeAmountUnknown === true) && h.paidOnline,
    docResult: accepted && h.returnsDocument,
    eResult: accepted && h.returnsDocument && h.hasResult && h.resultFile,
    // 4.2 (portal): every component digitised and, where the procedure returns a document, the result file attached.
    digitised: accepted && h.allDigitised && (!h.returnsDocument || (h.hasResult && h.resultFile)),
    reused: accepted && h.reused,
  };
}

/** Counter columns of `quality_counter` (per agency and Vietnam day). */
export const COUNTER_COLUMNS = [
  'received',
  'ended',
  'fin_early',
  'fin_on_time',
  'fin_late',
  'k_cnt',
  'ke_cnt',
  'eligible_full',
  'online_full',
  'fee',
  'paid_online',
  'doc_result',
  'e_result',
  'digitised',
  'reused',
] as const;
export type CounterColumn = (typeof COUNTER_COLUMNS)[number];

export interface Contribution {
  agencyId: string;
  day: string;
  column: CounterColumn;
}

export interface ProcContribution {
  agencyId: string;
  procedureCode: string;
  day: string;
  column: 'fee' | 'paid_online';
}

/**
 * What one fact adds to the counters. Dossier-basis counts go to the receipt day; `ended` and the
 * finish class to the end day; `k_cnt` to the day from which an open dossier is overdue, and
 * `ke_cnt` to max(kDay, eDay) — so that "open and overdue at the start of day P" is
 * Σ k_cnt(day < P) − Σ ke_cnt(day < P) (see timelinessFromCounts).
 */
export function contributions(f: Fact): { counters: Contribution[]; procs: ProcContribution[] } {
  if (!f.accepted) return { counters: [], procs: [] };
  const a = f.agencyId;
  const c: Contribution[] = [
    { agencyId: a, day: f.rDay!, column: 'received' },
    { agencyId: a, day: f.kDay!, column: 'k_cnt' },
  ];
  if (f.eDay) {
    c.push({ agencyId: a, day: f.eDay, column: 'ended' });
    c.push({ agencyId: a, day: f.eDay, column: f.outcome === 'early' ? 'fin_early' : f.outcome === 'on_time' ? 'fin_on_time' : 'fin_late' });
    c.push({ agencyId: a, day: f.eDay > f.kDay! ? f.eDay : f.kDay!, column: 'ke_cnt' });
  }
  const flags: [boolean, CounterColumn][] = [
    [f.eligibleFull, 'eligible_full'],
    [f.onlineFull, 'online_full'],
    [f.fee, 'fee'],
    [f.paidOnline, 'paid_online'],
    [f.docResult, 'doc_result'],
    [f.eResult, 'e_result'],
    [f.digitised, 'digitised'],
    [f.reused, 'reused'],
  ];
  for (const [on, col] of flags) if (on) c.push({ agencyId: a, day: f.rDay!, column: col });
  const procs: ProcContribution[] = [];
  if (f.fee) procs.push({ agencyId: a, procedureCode: f.procedureCode, day: f.rDay!, column: 'fee' });
  if (f.paidOnline) procs.push({ agencyId: a, procedureCode: f.procedureCode, day: f.rDay!, column: 'paid_online' });
  return { counters: c, procs };
}

/** Net change of the counters when a dossier's fact goes from `before` to `after`. */
export function counterDelta(before: Fact | null, after: Fact | null): { counters: Map<string, number>; procs: Map<string, number> } {
  const counters = new Map<string, number>();
  const procs = new Map<string, number>();
  const add = (f: Fact | null, sign: number) => {
    if (!f) return;
    const { counters: cs, procs: ps } = contributions(f);
    for (const x of cs) {
      const k = `${x.agencyId}|${x.day}|${x.column}`;
      counters.set(k, (counters.get(k) ?? 0) + sign);
    }
    for (const x of ps) {
      const k = `${x.agencyId}|${x.procedureCode}|${x.day}|${x.column}`;
      procs.set(k, (procs.get(k) ?? 0) + sign);
    }
  };
  add(before, -1);
  add(after, +1);
  for (const [k, v] of counters) if (v === 0) counters.delete(k);
  for (const [k, v] of procs) if (v === 0) procs.delete(k);
  return { counters, procs };
}

// ---------------------------------------------------------------------------------------------
// Indicator 2.1 from counter sums
// ---------------------------------------------------------------------------------------------

/** Sums the service reads from the counters for a period [P0, P1). */
export interface TimelinessSums {
  /** Σ received over days < P1. */
  receivedBeforeEnd: number;
  /** Σ ended over days < P0. */
  endedBeforeStart: number;
  /** Σ ended over days < P1. */
  endedBeforeEnd: number;
  finEarly: number;
  finOnTime: number;
  finLate: number;
  /** Open at P1 and overdue: Σ k_cnt(< P1) − Σ ke_cnt(< P1), or counted exactly when P1 is in the future. */
  openOverdue: number;
}

export interface Timeliness {
  total: number;
  finishedEarly: number;
  finishedOnTime: number;
  finishedLate: number;
  openWithinTime: number;
  openOverdue: number;
  onTime: number;
  late: number;
}

/**
 * QĐ 766 2.1 for a period: population = received before the end and not ended before the start
 * (received in the period + carried over); on time = ended early/on time in the period + still
 * open at the end and within time.
 */
export function timelinessFromCounts(s: TimelinessSums): Timeliness {
  const total = s.receivedBeforeEnd - s.endedBeforeStart;
  const open = s.receivedBeforeEnd - s.endedBeforeEnd;
  const openWithin = open - s.openOverdue;
  return {
    total,
    finishedEarly: s.finEarly,
    finishedOnTime: s.finOnTime,
    finishedLate: s.finLate,
    openWithinTime: openWithin,
    openOverdue: s.openOverdue,
    onTime: s.finEarly + s.finOnTime + openWithin,
    late: s.finLate + s.openOverdue,
  };
}

/** Publication on time (1.1): decision at least 5 working days before the effective date (provinces). */
export function publishedOnTime(cal: WorkCalendar, decisionDate: string, effectiveFrom: string): boolean {
  const decision = new Date(decisionDate + 'T00:00:00+07:00');
  const effective = new Date(effectiveFrom + 'T00:00:00+07:00');
  return workingMinutesBetween(cal, decision, effective) >= 5 * 480;
}

/**
 * Made public within 5 working days of the decision (1.2). The period starts the day after the
 * decision (Bộ luật Dân sự 2015, Điều 147): a decision of a Monday made public the next Monday
 * morning is on time.
 */
export function publicUpdateOnTime(cal: WorkCalendar, decisionDate: string, publishedAt: Date | null): boolean {
  if (!publishedAt) return false;
  const start = new Date(nextDay(decisionDate) + 'T00:00:00+07:00');
  if (publishedAt.getTime() <= start.getTime()) return true;
  return workingMinutesBetween(cal, start, publishedAt) <= 5 * 480;
}

// ---------------------------------------------------------------------------------------------
// 5.4 satisfaction with receiving and resolving dossiers (the seam for every source of ratings)
// ---------------------------------------------------------------------------------------------

/**
 * One applicant rating of a dossier, whatever recorded it: the citizens module's `dossier_rating`
 * (account, link/QR on the receipt, counter screen) today; the front office's rating tablets can be
 * added as more rows of this shape (source e.g. 'tablet'). `level` is the overall answer on the
 * five-level scale, 5 = rất hài lòng … 1 = rất không hài lòng.
 */
export interface RatingInput {
  dossierId: string;
  level: number;
  source: string;
}

/** "Không hài lòng" for 5.4: the overall answer is 1 (rất không hài lòng) or 2 (không hài lòng). */
export const DISSATISFIED_MAX_LEVEL = 2;
export const isDissatisfied = (level: number) => level >= 1 && level <= DISSATISFIED_MAX_LEVEL;

/**
 * A front-office tablet level (1 không hài lòng … 4 rất hài lòng) on the five-level scale 5.4 reads:
 * its 1 is "không hài lòng" (2), its 2–4 are 3–5.
 */
export const tabletLevelOnFive = (level: number): number => (level === 1 ? 2 : level + 1);

export interface SatisfactionCounts {
  /** Dossiers received in the period (the denominator). */
  received: number;
  /** Of them, late under 2.1's rules (finished late, or still open and overdue at the period end). */
  late: number;
  /** Of them, rated at least once. */
  rated: number;
  /** Of them, rated "không hài lòng" in at least one rating (a dossier counts once). */
  dissatisfied: number;
  /** received − late − dissatisfied, at least 0: the ratio is 100% − (late rate + dissatisfied rate). */
  numerator: number;
}

/**
 * 5.4 (legal-research.md §1.3, as the portal computes it): 100% − (late-dossier rate + rate of
 * dossiers rated "không hài lòng"), over the dossiers received in the period; `ratings` must be the
 * ratings of those dossiers only (the repository joins them to the period's facts; a new source of
 * rows must be restricted the same way). The two rates are added as the
 * portal's formula says, so a dossier both late and disliked is subtracted twice.
 */
export function satisfactionCounts(received: number, late: number, ratings: readonly RatingInput[]): SatisfactionCounts {
  const rated = new Set<string>();
  const bad = new Set<string>();
  for (const r of ratings) {
    rated.add(r.dossierId);
    if (isDissatisfied(r.level)) bad.add(r.dossierId);
  }
  return { received, late, rated: rated.size, dissatisfied: bad.size, numerator: Math.max(0, received - late - bad.size) };
}

// ---------------------------------------------------------------------------------------------
// 5.2 feedback handled on time, with the national portal's scope and time limits
// ---------------------------------------------------------------------------------------------

/** The portal's limits for 5.2 (working days; legal-research.md §1.4 item 7). */
export const PORTAL_FEEDBACK_LIMITS = { refuse: 2, askMore: 5, handle: 15, publish: 2 } as const;

export interface FeedbackItem {
  status: 'received' | 'forwarded' | 'answered' | 'published' | 'closed';
  closeReason: string | null;
  receivedAt: Date;
  /** The latest transfer to the competent agency (the portal counts from it when present). */
  forwardedAt: Date | null;
  answeredAt: Date | null;
  publishedAt: Date | null;
}

export type PortalFeedbackClass = 'excluded' | 'on_time' | 'late' | 'in_time' | 'overdue';

/**
 * One feedback item under the portal's 5.2 rules, judged at `at` (the period end, or now when the
 * period is not over):
 *  - outside the unit's competence → excluded: still being classified (status received), closed at
 *    classification (not accepted, redirected as a complaint, duplicate — closed without an answer);
 *  - handled on time: answered ≤ 15 working days after receipt or the latest transfer, and
 *    published ≤ 2 working days after the answer (or still within those 2 days at `at`);
 *  - not answered yet: in time while ≤ 15 working days old at `at`, else overdue.
 */
export function portalFeedbackClass(cal: WorkCalendar, f: FeedbackItem, at: Date): PortalFeedbackClass {
  if (f.status === 'received') return 'excluded';
  if (f.status === 'closed' && !f.answeredAt) return 'excluded';
  const start = f.forwardedAt ?? f.receivedAt;
  const handleDue = addWorking(cal, start, PORTAL_FEEDBACK_LIMITS.handle, 'working_days');
  if (!f.answeredAt || f.answeredAt.getTime() > at.getTime()) return at.getTime() <= handleDue.getTime() ? 'in_time' : 'overdue';
  if (f.answeredAt.getTime() > handleDue.getTime()) return 'late';
  const publishDue = addWorking(cal, f.answeredAt, PORTAL_FEEDBACK_LIMITS.publish, 'working_days');
  if (f.publishedAt && f.publishedAt.getTime() <= at.getTime()) return f.publishedAt.getTime() <= publishDue.getTime() ? 'on_time' : 'late';
  return at.getTime() <= publishDue.getTime() ? 'on_time' : 'late';
}

export interface PortalFeedbackCounts {
  total: number;
  excluded: number;
  onTime: number;
  late: number;
  inTime: number;
  overdue: number;
}

export function portalFeedbackCounts(cal: WorkCalendar, items: readonly FeedbackItem[], at: Date): PortalFeedbackCounts {
  const c: PortalFeedbackCounts = { total: 0, excluded: 0, onTime: 0, late: 0, inTime: 0, overdue: 0 };
  for (const f of items) {
    const k = portalFeedbackClass(cal, f, at);
    if (k === 'excluded') c.excluded++;
    else {
      c.total++;
      if (k === 'on_time') c.onTime++;
      else if (k === 'late') c.late++;
      else if (k === 'in_time') c.inTime++;
      else c.overdue++;
    }
  }
  return c;
}

// ---------------------------------------------------------------------------------------------
// Information-only indicators (0 points): 2.2 average resolution time, 5.1 feedback classification
// ---------------------------------------------------------------------------------------------

export interface ResolutionRow {
  procedureCode: string;
  procedureName: string;
  receivedAt: Date;
  endAt: Date;
}

export interface AverageResolution {
  procedureCode: string;
  procedureName: string;
  dossiers: number;
  /** Average working days from receipt to the end of processing, one decimal. */
  averageWorkingDays: number;
}

/**
 * 2.2 (information only, per procedure as the portal shows it): total resolution time of the
 * dossiers finished in the period / their number. Time = working time from receipt to the QĐ 766
 * end of processing, in working days of 8 hours.
 */
export function averageResolution(cal: WorkCalendar, rows: readonly ResolutionRow[]): AverageResolution[] {
  const by = new Map<string, { name: string; n: number; minutes: number }>();
  for (const r of rows) {
    const e = by.get(r.procedureCode) ?? { name: r.procedureName, n: 0, minutes: 0 };
    e.n++;
    e.minutes += Math.max(0, workingMinutesBetween(cal, r.receivedAt, r.endAt));
    by.set(r.procedureCode, e);
  }
  return [...by.entries()]
    .map(([code, e]) => ({ procedureCode: code, procedureName: e.name, dossiers: e.n, averageWorkingDays: Math.round((e.minutes / 480 / e.n) * 10) / 10 }))
    .sort((a, b) => b.dossiers - a.dossiers || a.procedureCode.localeCompare(b.procedureCode));
}

export interface FeedbackClassification {
  total: number;
  /** PETITION_CLASSIFICATION_TTHC: about regulations and procedures (regulation + procedure handling). */
  procedures: number;
  /** PETITION_CLASSIFICATION_STAFF: about officials' conduct. */
  staff: number;
  unclassified: number;
  proceduresPercent: number | null;
  staffPercent: number | null;
}

/** 5.1 (information only): shares of the unit's feedback by class. */
export function feedbackClassification(byTopic: Readonly<Record<string, number>>): FeedbackClassification {
  const procedures = (byTopic.regulation ?? 0) + (byTopic.procedure_handling ?? 0);
  const staff = byTopic.officer_conduct ?? 0;
  const total = Object.values(byTopic).reduce((a, b) => a + b, 0);
  const pct = (n: number) => (total > 0 ? round2((n / total) * 100) : null);
  return { total, procedures, staff, unclassified: total - procedures - staff, proceduresPercent: pct(procedures), staffPercent: pct(staff) };
}

/** Agency kinds at commune level: the population of 4.x (communes under management). */
export const COMMUNE_AGENCY_KINDS: readonly string[] = ['commune_people_committee', 'commune_service_centre'];

/**
 * 4.x (electronic certified copies from originals): communes (administrative units, through their
 * current commune-level agencies in scope) with at least one agency in `providing` (certified at
 * least one electronic copy in the period) / communes in scope.
 */
export function certifiedCopyProvision(
  agencies: readonly { id: string; kind: string; unitCode: string | null; current: boolean }[],
  scope: readonly string[] | null,
  providing: ReadonlySet<string>,
): { numerator: number; denominator: number } {
  const inScope = scope ? new Set(scope) : null;
  const communes = new Map<string, boolean>();
  for (const a of agencies) {
    if (!a.current || !COMMUNE_AGENCY_KINDS.includes(a.kind) || (inScope && !inScope.has(a.id))) continue;
    const key = a.unitCode ?? a.id;
    communes.set(key, (communes.get(key) ?? false) || providing.has(a.id));
  }
  return { numerator: [...communes.values()].filter(Boolean).length, denominator: communes.size };
}

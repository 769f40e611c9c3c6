import { createHash } from 'node:crypto';
import { sql } from 'kysely';
import type { Database, Executor } from '../../platform/db/database.js';
import type { Actor, Role } from '../../platform/context.js';
import { ensureSetting, getSetting } from '../../platform/auth/auth.repo.js';
import { listAgencies } from '../org/org.public.js';
import * as repo from './feedback.repo.js';
import { createFeedbackService, type FeedbackDeps } from './feedback.service.js';
import type { AttributeDef, Topic } from './feedback.rules.js';

/** The Open311 API key issued in demo mode (never in production). */
export const DEMO_OPEN311_KEY = 'demo-open311-key';

const attr = (a: Partial<AttributeDef> & Pick<AttributeDef, 'code' | 'datatype' | 'description'>): AttributeDef => ({
  variable: true,
  required: false,
  datatype_description: null,
  order: null,
  ...a,
});

/** The three feedback topics of Nghị định 20/2008 as Open311 services of one agency. */
export const TOPIC_SERVICES: { suffix: string; topic: Topic; name: string; keywords: string; attributes: AttributeDef[] }[] = [
  {
    suffix: 'QD',
    topic: 'regulation',
    name: 'Phản ánh, kiến nghị về quy định hành chính',
    keywords: 'quy định, văn bản, thủ tục rườm rà',
    attributes: [
      attr({
        code: 'van_ban',
        datatype: 'string',
        order: 1,
        description: 'Số hiệu văn bản quy định được phản ánh (nếu biết)',
        datatype_description: 'Ví dụ: Quyết định 58/2025/QĐ-UBND',
      }),
    ],
  },
  {
    suffix: 'TTHC',
    topic: 'procedure_handling',
    name: 'Phản ánh về việc giải quyết thủ tục hành chính',
    keywords: 'hồ sơ, trễ hẹn, thủ tục',
    attributes: [
      attr({ code: 'ma_ho_so', datatype: 'string', order: 1, description: 'Mã hồ sơ trên giấy tiếp nhận (nếu có)' }),
      attr({ code: 'ten_thu_tuc', datatype: 'string', order: 2, description: 'Tên thủ tục hành chính' }),
    ],
  },
  {
    suffix: 'CB',
    topic: 'officer_conduct',
    name: 'Phản ánh về hành vi của cán bộ, công chức',
    keywords: 'cán bộ, nhũng nhiễu, gây phiền hà',
    attributes: [
      attr({
        code: 'hanh_vi',
        datatype: 'singlevaluelist',
        order: 1,
        description: 'Hành vi được phản ánh',
        values: [
          { key: 'cham_tre', name: 'Chậm trễ, để hồ sơ quá hạn' },
          { key: 'gay_kho_khan', name: 'Gây khó khăn, phiền hà, nhũng nhiễu' },
          { key: 'yeu_cau_giay_to', name: 'Yêu cầu giấy tờ ngoài danh mục đã công bố' },
          { key: 'thu_phi', name: 'Thu phí, lệ phí không đúng quy định' },
          { key: 'khac', name: 'Hành vi khác' },
        ],
      }),
    ],
  },
];

/** "000.00.03.H56" → "H56-03"; commune committees "000.00.40.H56" → "H56-40". */
export function serviceCodePrefix(agencyCode: string): string {
  const parts = agencyCode.split('.');
  return parts.length === 4 ? `${parts[3]}-${parts[2]}` : agencyCode.replace(/\./g, '-');
}

const sha256 = (s: string) => createHash('sha256').update(s).digest('hex');

async function staffActor(db: Executor, username: Role): Promise<Actor | null> {
  const { rows } = await sql<{
    id: string;
    username: string;
    full_name: string;
    roles: Role[];
    agency_id: string | null;
    code: string | null;
    name: string | null;
  }>`
    SELECT u.id, u.username, u.full_name, u.roles, u.agency_id, a.code, a.name FROM app_user u LEFT JOIN agency a ON a.id = u.agency_id WHERE u.username = ${username}`.execute(
    db,
  );
  const u = rows[0];
  if (!u) return null;
  return {
    id: u.id,
    username: u.username,
    fullName: u.full_name,
    kind: 'staff',
    roles: u.roles,
    agencyId: u.agency_id,
    agency: u.agency_id ? { id: u.agency_id, code: u.code!, name: u.name! } : null,
    sessionId: 'seed',
  };
}

/**
 * Demo mode only, idempotent (guarded by app_setting "demo_seed_feedback"): the three topic
 * services for every current department and commune people's committee of the demo province, the
 * Open311 key `demo-open311-key`, and three feedback items at different stages (one answered and
 * published, one being handled, one just received) so that every screen has something to show.
 * The items go through the service, so they get their deadlines from the province's calendar.
 */
export async function seedDemoFeedback(
  database: Database,
  calendar: FeedbackDeps['calendar'],
  clock: FeedbackDeps['clock'] = { now: () => new Date() },
): Promise<void> {
  if (await getSetting(database.db, 'demo_seed_feedback')) return;
  const agencies = (await listAgencies(database.db, { current: true, limit: 500, offset: 0 })).items.filter(
    (a) => a.kind === 'department' || a.kind === 'commune_people_committee',
  );
  await database.transaction(async (tx) => {
    for (const a of agencies) {
      for (const s of TOPIC_SERVICES) {
        await repo.insertCategory(tx, {
          code: `${serviceCodePrefix(a.code)}-${s.suffix}`,
          name: `${s.name} — ${a.shortName}`,
          description: `${s.name} thuộc thẩm quyền của ${a.name}.`,
          agencyId: a.id,
          topic: s.topic,
          keywords: s.keywords,
          group: a.name,
          attributes: s.attributes,
        });
      }
    }
    await repo.insertApiKey(tx, sha256(DEMO_OPEN311_KEY), 'Khóa thử nghiệm (demo)');
  });

  const office = await staffActor(database.db, 'provincial_office');
  const specialist = await staffActor(database.db, 'specialist');
  const justice = agencies.find((a) => a.name.startsWith('Sở Tư pháp'));
  if (office && specialist && justice) {
    const fb = createFeedbackService({ database, calendar, clock });
    const ctx = (actor: Actor | null) => ({ actor, requestId: 'seed-feedback', ip: null });
    const cats = await repo.listCategories(database.db, { agencyId: justice.id });
    const tthc = cats.find((c) => c.topic === 'procedure_handling')!;
    const qd = cats.find((c) => c.topic === 'regulation')!;

    const a = await fb.submitPublic(ctx(null), {
      categoryId: tthc.id,
      title: 'Hồ sơ cấp phiếu lý lịch tư pháp trễ hẹn',
      content: 'Tôi nộp hồ sơ cấp Phiếu lý lịch tư pháp số 1 trực tuyến, đến ngày hẹn vẫn chưa nhận được kết quả và không được thông báo lý do chậm.',
      name: 'Nguyễn Văn Minh (demo)',
      phone: '0912000111',
      attributes: { ten_thu_tuc: 'Cấp Phiếu lý lịch tư pháp cho công dân Việt Nam' },
    });
    let d = await fb.classify(ctx(office), a.body.id, { decision: 'forward', topic: 'procedure_handling', agencyId: justice.id, version: 1 });
    d = await fb.answer(ctx(specialist), d.id, {
      answerStatus: 'accepted',
      documentNo: '125/STP-HCTP',
      text: 'Sở Tư pháp tiếp thu phản ánh. Hồ sơ chậm do phải xác minh thông tin tại địa phương khác; Sở đã gửi văn bản xin lỗi, hẹn lại ngày trả kết quả và chấn chỉnh việc thông báo chậm cho người nộp.',
      version: d.version,
    });
    await fb.publish(ctx(office), d.id, {
      publicSummary: 'Công dân phản ánh hồ sơ cấp Phiếu lý lịch tư pháp nộp trực tuyến bị trễ hẹn mà không được thông báo lý do.',
      publicAnswer: d.answerText!,
      version: d.version,
    });

    const b = await fb.submitPublic(ctx(null), {
      categoryId: qd.id,
      kind: 'recommendation',
      content: 'Kiến nghị bỏ yêu cầu nộp bản sao có chứng thực giấy khai sinh khi đăng ký kết hôn vì dữ liệu đã có trong Cơ sở dữ liệu quốc gia về dân cư.',
      name: 'Trần Thị Hoa (demo)',
      email: 'hoa.demo@example.vn',
    });
    await fb.classify(ctx(office), b.body.id, { decision: 'forward', topic: 'regulation', agencyId: justice.id, version: 1 });

    await fb.submitPublic(ctx(null), {
      content: 'Bộ phận một cửa xã yêu cầu nộp thêm giấy xác nhận cư trú không có trong danh mục hồ sơ của thủ tục đã công bố.',
      name: 'Lê Văn Tâm (demo)',
      phone: '0987000222',
    });
  }
  await ensureSetting(database.db, 'demo_seed_feedback', clock.now().toISOString());
}

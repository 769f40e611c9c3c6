import type { CalendarService } from '../calendar/calendar.public.js';
import type { Database } from '../../platform/db/database.js';
import type { Actor, RequestContext } from '../../platform/context.js';
import { ensureSetting, getSetting } from '../../platform/auth/auth.repo.js';
import { listAgencies, type Agency } from '../org/org.public.js';
import { localIsoDate } from '../calendar/calendar.public.js';
import { createTasksService } from '../tasks/tasks.public.js';
import { createReformService } from './reform.service.js';
import { planDueOn, type ReformArea } from './reform.rules.js';
import type { PlanItemInput } from './reform.plans.service.js';
import { prng } from '../../platform/prng.js';

/**
 * DEMO activity of the current year (demo mode only, once: app setting `demo_seed_reform_activity`):
 * anonymous SIPAS responses and annual reform plans, all made through the real services so every
 * rule, audit row and outbox row applies exactly as for a real citizen or agency:
 * - SIPAS: a few dozen responses over the year so far for six agencies and the three sectors,
 *   through `respond()` — the anonymous path itself (no user, no IP, no time of day; the audit row
 *   as "system"). Answers are drawn from a fixed-seed generator with a satisfaction level per
 *   agency: invented, not survey results. A response row has no field to mark it, so the DEMO
 *   marking is this setting and docs/reform.md; they exist only on a demo server.
 * - Plans: five agencies' annual plans on the standard frame (titles and items end in "(demo)"),
 *   four sent on time and one late; every other department and commune is missing. Each plan is
 *   submitted through `createPlan()` with the service's clock set to a day in the past (the due
 *   date is 30/01 or 28/02 of the plan year), so its items become tasks on the agencies' boards;
 *   Sở Tư pháp's specialist reports progress on three of them through the tasks service
 *   (task statuses follow the tasks module: past its deadline without a report, a task is shown
 *   overdue once the daily `tasks.follow-up` job has run).
 * Skipped by tests unless they ask (`startTestApp({ demoReformActivity: true })`): set
 * DEMO_REFORM_ACTIVITY=0 (Config.demoReformActivity) to skip it on a demo server too:
 * seedDemoReform checks it.
 */
export const DEMO_ACTIVITY_SETTING = 'demo_seed_reform_activity';

type Channel = 'link' | 'qr_counter' | 'after_return';
/** Who is surveyed (agency, sector), how many responses, how often satisfied (4–5), through which channels. */
export const DEMO_SIPAS: { agency: string; sector: 'administrative' | 'education' | 'health'; responses: number; satisfied: number; channels: Channel[] }[] = [
  {
    agency: 'Trung tâm Phục vụ hành chính công tỉnh Thanh Hóa',
    sector: 'administrative',
    responses: 12,
    satisfied: 0.88,
    channels: ['after_return', 'after_return', 'qr_counter', 'qr_counter', 'link'],
  },
  { agency: 'Sở Tư pháp tỉnh Thanh Hóa', sector: 'administrative', responses: 9, satisfied: 0.8, channels: ['qr_counter', 'link', 'after_return'] },
  { agency: 'Sở Tài chính tỉnh Thanh Hóa', sector: 'administrative', responses: 7, satisfied: 0.7, channels: ['link', 'qr_counter'] },
  {
    agency: 'Ủy ban nhân dân phường Hạc Thành',
    sector: 'administrative',
    responses: 8,
    satisfied: 0.76,
    channels: ['qr_counter', 'qr_counter', 'after_return', 'link'],
  },
  { agency: 'Sở Giáo dục và Đào tạo tỉnh Thanh Hóa', sector: 'education', responses: 8, satisfied: 0.72, channels: ['link', 'link', 'qr_counter'] },
  { agency: 'Sở Y tế tỉnh Thanh Hóa', sector: 'health', responses: 10, satisfied: 0.66, channels: ['qr_counter', 'link', 'after_return'] },
];

type DemoItem = {
  area: ReformArea;
  content: string;
  output: string;
  dueMonthDay: string;
  report?: { status: 'in_progress' | 'done'; percent: number; narrative: string };
};
/** Annual plans: days after (+) or before (−) the due date they are sent; positive = late. */
export const DEMO_PLANS: { agency: string; sentDaysFromDue: number; items: DemoItem[] }[] = [
  {
    agency: 'Sở Tư pháp tỉnh Thanh Hóa',
    sentDaysFromDue: -8,
    items: [
      {
        area: 'procedure',
        content: 'Rà soát, đơn giản hóa thủ tục hành chính lĩnh vực hộ tịch, chứng thực (demo)',
        output: 'Báo cáo rà soát, phương án đơn giản hóa',
        dueMonthDay: '06-30',
        report: { status: 'done', percent: 100, narrative: 'Đã rà soát 24 thủ tục, đề xuất đơn giản hóa 5 thủ tục (demo).' },
      },
      {
        area: 'institution',
        content: 'Kiểm tra, rà soát, hệ thống hóa văn bản quy phạm pháp luật của tỉnh (demo)',
        output: 'Danh mục văn bản hết hiệu lực được công bố',
        dueMonthDay: '09-30',
        report: { status: 'in_progress', percent: 40, narrative: 'Đã rà soát 3/8 lĩnh vực; còn chậm so với thời hạn (demo).' },
      },
      {
        area: 'digital_government',
        content: 'Số hóa kết quả giải quyết thủ tục hành chính lĩnh vực hộ tịch (demo)',
        output: 'Kết quả được số hóa, kết nối kho dữ liệu',
        dueMonthDay: '12-15',
        report: { status: 'in_progress', percent: 70, narrative: 'Đã số hóa khoảng 70% sổ hộ tịch (demo).' },
      },
      {
        area: 'communication',
        content: 'Tuyên truyền cải cách hành chính trên trang thông tin điện tử của Sở (demo)',
        output: 'Tin, bài định kỳ hằng quý',
        dueMonthDay: '12-31',
      },
    ],
  },
  {
    agency: 'Sở Y tế tỉnh Thanh Hóa',
    sentDaysFromDue: -3,
    items: [
      {
        area: 'procedure',
        content: 'Công khai, giải quyết đúng hạn thủ tục cấp chứng chỉ hành nghề khám bệnh, chữa bệnh (demo)',
        output: 'Tỷ lệ hồ sơ đúng hạn từ 98%',
        dueMonthDay: '11-30',
      },
      {
        area: 'digital_government',
        content: 'Triển khai đặt lịch khám bệnh trực tuyến tại các bệnh viện tuyến tỉnh (demo)',
        output: 'Bệnh viện tuyến tỉnh có đặt lịch trực tuyến',
        dueMonthDay: '10-31',
      },
      {
        area: 'direction',
        content: 'Kiểm tra công tác cải cách hành chính tại các đơn vị trực thuộc (demo)',
        output: 'Kết luận kiểm tra',
        dueMonthDay: '12-20',
      },
    ],
  },
  {
    agency: 'Sở Tài chính tỉnh Thanh Hóa',
    sentDaysFromDue: -5,
    items: [
      {
        area: 'public_finance',
        content: 'Hướng dẫn cơ chế tự chủ tài chính của đơn vị sự nghiệp công lập (demo)',
        output: 'Văn bản hướng dẫn',
        dueMonthDay: '08-31',
      },
      {
        area: 'procedure',
        content: 'Cắt giảm thời gian giải quyết thủ tục đăng ký doanh nghiệp (demo)',
        output: 'Thời gian giải quyết giảm 20%',
        dueMonthDay: '12-31',
      },
    ],
  },
  {
    agency: 'Ủy ban nhân dân phường Hạc Thành',
    sentDaysFromDue: -10,
    items: [
      {
        area: 'procedure',
        content: 'Niêm yết, công khai thủ tục hành chính tại bộ phận một cửa phường (demo)',
        output: 'Bộ thủ tục được niêm yết, cập nhật',
        dueMonthDay: '04-30',
      },
      {
        area: 'civil_service',
        content: 'Đánh giá công chức bộ phận một cửa theo kết quả giải quyết hồ sơ (demo)',
        output: 'Kết quả đánh giá hằng quý',
        dueMonthDay: '12-31',
      },
    ],
  },
  {
    agency: 'Sở Giáo dục và Đào tạo tỉnh Thanh Hóa',
    sentDaysFromDue: 11,
    items: [
      {
        area: 'procedure',
        content: 'Giải quyết thủ tục công nhận văn bằng, chứng chỉ qua dịch vụ công trực tuyến toàn trình (demo)',
        output: 'Hồ sơ trực tuyến từ 80%',
        dueMonthDay: '09-30',
      },
      { area: 'organisation', content: 'Sắp xếp các đơn vị sự nghiệp trực thuộc Sở (demo)', output: 'Đề án sắp xếp được phê duyệt', dueMonthDay: '12-31' },
    ],
  },
];

const addDays = (iso: string, n: number): string => new Date(Date.parse(`${iso}T00:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10);
/** 09:00 Vietnam time of a calendar day. */
const at9 = (iso: string): Date => new Date(`${iso}T09:00:00+07:00`);

export async function seedDemoReformActivity(database: Database, now = new Date(), calendar?: CalendarService): Promise<void> {
  if (await getSetting(database.db, DEMO_ACTIVITY_SETTING)) return;
  const db = database.db;
  const users = await db
    .selectFrom('app_user')
    .select(['id', 'username', 'full_name', 'agency_id', 'roles'])
    .where('username', 'in', ['admin', 'specialist'])
    .execute();
  const admin = users.find((u) => u.username === 'admin');
  if (!admin) return;
  const ctxOf = (u: (typeof users)[number]): RequestContext => ({
    actor: {
      id: u.id,
      username: u.username,
      fullName: u.full_name,
      kind: 'staff',
      roles: u.roles as Actor['roles'],
      agencyId: u.agency_id,
      agency: null,
      sessionId: 'seed',
    },
    requestId: 'seed-reform-activity',
    ip: null,
  });
  const specialist = users.find((u) => u.username === 'specialist');
  const svc = createReformService(database, { now: () => now });
  const tasks = createTasksService(database, { calendar });
  const today = localIsoDate(now);
  const year = Number(today.slice(0, 4));
  const agencies = new Map<string, Agency>();
  for (let offset = 0; ; offset += 500) {
    const page = await listAgencies(db, { current: true, limit: 500, offset });
    for (const a of page.items) agencies.set(a.name, a);
    if (page.items.length < 500) break;
  }

  // SIPAS: only when the year has no response yet (a re-run after a failed start adds nothing twice).
  if ((await svc.sipas(ctxOf(admin).actor, year)).overall.sampleSize === 0) {
    const rnd = prng(2640 + year);
    const q = await svc.questionnaire(year);
    const span = Math.max(0, Math.round((Date.parse(`${today}T00:00:00Z`) - Date.parse(`${year}-01-01T00:00:00Z`)) / 86_400_000));
    for (const g of DEMO_SIPAS) {
      const agency = agencies.get(g.agency);
      if (!agency) continue;
      const keys = q.questions.filter((x) => !x.sectors || x.sectors.includes(g.sector)).map((x) => x.key);
      for (let i = 0; i < g.responses; i++) {
        const answers: Record<string, number> = {};
        for (const k of keys) {
          if (k === 'feedback' && rnd.next() < 0.3) continue; // many have given no feedback: skipped, as the form allows
          answers[k] = rnd.next() < g.satisfied ? 4 + rnd.int(2) : 1 + rnd.int(3);
        }
        const day = addDays(`${year}-01-01`, Math.round(((i + rnd.next()) / g.responses) * span));
        await svc.respond(
          { agencyId: agency.id, sector: g.sector, channel: rnd.pick(g.channels), questionnaireId: q.id, answers },
          at9(day > today ? today : day),
        );
      }
    }
  }

  // Plans: sent on the given day relative to the due date, never after today (a late plan only once it can be).
  for (const p of DEMO_PLANS) {
    const agency = agencies.get(p.agency);
    if (!agency) continue;
    const due = planDueOn(year, agency.kind === 'commune_people_committee' ? 'commune' : 'province');
    const sent = addDays(due, p.sentDaysFromDue);
    if (p.sentDaysFromDue > 0 && sent > today) continue;
    if ((await svc.listPlans(ctxOf(admin).actor, { year, kind: 'annual', agencyId: agency.id })).items.some((x) => x.kind === 'annual' && x.year === year))
      continue;
    const own = specialist && specialist.agency_id === agency.id ? specialist : admin;
    const items: PlanItemInput[] = p.items.map((it) => ({ area: it.area, content: it.content, output: it.output, dueOn: `${year}-${it.dueMonthDay}` }));
    const plan = await svc.createPlan(
      ctxOf(own),
      { year, agencyId: agency.id, title: `Kế hoạch cải cách hành chính năm ${year} của ${agency.name} (demo)`, items },
      at9(sent > today ? today : sent),
    );
    if (own !== specialist) continue;
    for (const [i, it] of p.items.entries()) {
      const taskId = plan.items[i]?.taskId;
      if (it.report && taskId) await tasks.report(ctxOf(specialist), taskId, it.report);
    }
  }
  await ensureSetting(db, DEMO_ACTIVITY_SETTING, new Date().toISOString());
}

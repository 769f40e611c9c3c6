import type { CalendarService } from '../calendar/calendar.public.js';
import type { Config } from '../../platform/config.js';
import type { Database } from '../../platform/db/database.js';
import type { RequestContext } from '../../platform/context.js';
import { ensureSetting, getSetting } from '../../platform/auth/auth.repo.js';
import { listAgencies } from '../org/org.public.js';
import { localIsoDate } from '../calendar/calendar.public.js';
import { createReformService, type CriterionIn } from './reform.service.js';
import { seedDemoIndices } from './reform.indices.seed.js';
import { seedDemoReformActivity } from './reform.activity.seed.js';

const DEMO_NOTE = 'Điểm tối đa là giá trị DEMO, không phải số chính thức: tài liệu tham khảo không nêu điểm tối đa từng lĩnh vực của Quyết định 876/QĐ-BNV.';

/**
 * The demo criteria tree: the eight areas of the PAR INDEX method for provinces (Quyết định
 * 876/QĐ-BNV, 2022, areas as listed in docs/reform.md). Maximum points are DEMO values (the
 * official split was not found); Sở Nội vụ replaces the tree for a real year.
 */
export const DEMO_PAR_TREE: CriterionIn[] = [
  { code: '1', title: 'Công tác chỉ đạo, điều hành cải cách hành chính', maxPoints: 10, rule: 'sum', ruleNote: DEMO_NOTE },
  {
    code: '1.1',
    parentCode: '1',
    title: 'Kế hoạch cải cách hành chính năm (ban hành đúng hạn, đủ nội dung theo khung)',
    maxPoints: 4,
    rule: 'manual',
    evidenceRequired: true,
    ruleNote: 'Đủ 6 lĩnh vực và chỉ đạo, tuyên truyền; ban hành trước 30/01: tối đa; sau hạn: trừ điểm (demo).',
  },
  {
    code: '1.2',
    parentCode: '1',
    title: 'Báo cáo cải cách hành chính định kỳ (quý, 6 tháng, năm) đúng hạn',
    maxPoints: 3,
    rule: 'manual',
    evidenceRequired: true,
  },
  { code: '1.3', parentCode: '1', title: 'Tuyên truyền cải cách hành chính', maxPoints: 3, rule: 'manual' },
  { code: '2', title: 'Xây dựng và tổ chức thực hiện văn bản quy phạm pháp luật (cải cách thể chế)', maxPoints: 10, rule: 'sum', ruleNote: DEMO_NOTE },
  { code: '2.1', parentCode: '2', title: 'Rà soát, kiểm tra, theo dõi thi hành văn bản', maxPoints: 10, rule: 'manual', evidenceRequired: true },
  { code: '3', title: 'Cải cách thủ tục hành chính', maxPoints: 15, rule: 'sum', ruleNote: DEMO_NOTE },
  {
    code: '3.1',
    parentCode: '3',
    title: 'Công khai, giải quyết TTHC đúng hạn; dịch vụ công trực tuyến',
    maxPoints: 15,
    rule: 'manual',
    evidenceRequired: true,
  },
  { code: '4', title: 'Cải cách tổ chức bộ máy hành chính nhà nước', maxPoints: 10, rule: 'sum', ruleNote: DEMO_NOTE },
  { code: '4.1', parentCode: '4', title: 'Sắp xếp tổ chức bộ máy, quản lý biên chế', maxPoints: 10, rule: 'manual' },
  { code: '5', title: 'Cải cách chế độ công vụ', maxPoints: 10, rule: 'sum', ruleNote: DEMO_NOTE },
  { code: '5.1', parentCode: '5', title: 'Vị trí việc làm, kỷ luật, kỷ cương hành chính', maxPoints: 10, rule: 'manual' },
  { code: '6', title: 'Cải cách tài chính công', maxPoints: 10, rule: 'sum', ruleNote: DEMO_NOTE },
  { code: '6.1', parentCode: '6', title: 'Giải ngân, quản lý tài chính, cơ chế tự chủ', maxPoints: 10, rule: 'manual' },
  { code: '7', title: 'Xây dựng và phát triển Chính phủ điện tử, Chính phủ số', maxPoints: 15, rule: 'sum', ruleNote: DEMO_NOTE },
  { code: '7.1', parentCode: '7', title: 'Văn bản điện tử, số hóa hồ sơ, kết nối dữ liệu', maxPoints: 15, rule: 'manual', evidenceRequired: true },
  {
    code: '8',
    title: 'Tác động của cải cách hành chính đến người dân, tổ chức (điều tra xã hội học)',
    maxPoints: 20,
    rule: 'survey',
    ruleNote: `${DEMO_NOTE} Điểm = điểm tối đa × tỷ lệ hài lòng (%) từ điều tra.`,
  },
];

/** Demo mode only, once: the demo tree for the current year and a few appraised assessments. */
export async function seedDemoReform(
  database: Database,
  config: Pick<Config, 'demoReformActivity'> = { demoReformActivity: true },
  calendar?: CalendarService,
): Promise<void> {
  // Provincial indices: its own separate demo function and flag (reform.indices.seed.ts).
  await seedDemoIndices(database, new Date(), calendar);
  // SIPAS responses and annual plans of the current year: also separate (reform.activity.seed.ts).
  if (config.demoReformActivity) await seedDemoReformActivity(database, new Date(), calendar);
  if (await getSetting(database.db, 'demo_seed_reform')) return;
  const admin = await database.db.selectFrom('app_user').select(['id', 'agency_id']).where('username', '=', 'admin').executeTakeFirst();
  if (!admin) return;
  const ctx: RequestContext = {
    actor: {
      id: admin.id,
      username: 'admin',
      fullName: 'Quản trị hệ thống (demo)',
      kind: 'staff',
      roles: ['admin'],
      agencyId: admin.agency_id,
      agency: null,
      sessionId: 'seed',
    },
    requestId: 'seed-reform',
    ip: null,
  };
  const svc = createReformService(database, { now: () => new Date() }); // seeds run on wall time
  const year = Number(localIsoDate(new Date()).slice(0, 4));
  if ((await svc.tree(year)).total === 0) await svc.replaceTree(ctx, year, DEMO_PAR_TREE);
  const tree = (await svc.tree(year)).items;
  const id = (code: string) => tree.find((c) => c.code === code)!.id;
  const depts = (await listAgencies(database.db, { kind: 'department', current: true, limit: 500, offset: 0 })).items;
  // Demo self-scores (deterministic, not real results) and one adjustment each.
  const demo: [string, number[], number][] = [
    ['Sở Tư pháp tỉnh Thanh Hóa', [4, 3, 3, 9, 14, 9, 9, 9, 14], 88],
    ['Sở Y tế tỉnh Thanh Hóa', [3, 3, 2, 8, 12, 9, 8, 9, 12], 82],
    ['Sở Tài chính tỉnh Thanh Hóa', [4, 2, 3, 9, 13, 8, 9, 10, 13], 85],
  ];
  const leaves = ['1.1', '1.2', '1.3', '2.1', '3.1', '4.1', '5.1', '6.1', '7.1'];
  for (const [name, scores, survey] of demo) {
    const ag = depts.find((d) => d.name === name);
    if (!ag) continue;
    await svc.selfAssess(
      ctx,
      year,
      ag.id,
      leaves.map((code, i) => ({ criterionId: id(code), score: scores[i], evidence: `Tài liệu kiểm chứng tiêu chí ${code} (demo)`, evidenceRefs: [] })),
    );
    await svc.submit(ctx, year, ag.id);
    await svc.appraise(ctx, year, ag.id, [
      { criterionId: id('3.1'), score: scores[4] - 1, reason: 'Còn hồ sơ giải quyết quá hạn chưa có văn bản xin lỗi (demo)' },
      { criterionId: id('8'), surveyPercent: survey },
    ]);
  }
  await ensureSetting(database.db, 'demo_seed_reform', new Date().toISOString());
}

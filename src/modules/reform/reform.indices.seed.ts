/**
 * Demo data of the provincial indices (demo mode only, once; called from reform.seed.ts).
 *
 * Every figure below is a published figure about Thanh Hóa with the source it comes from
 * (docs/reform.md "Provincial indices — sources"); `verified` is true only where that source states
 * the figure itself. Nothing here is invented: years and indices whose figures were not found are
 * simply absent. The DEMO part is the follow-up: the tasks created for weak components and their
 * progress are demo records, and say "(demo)".
 */
import type { CalendarService } from '../calendar/calendar.public.js';
import type { Database } from '../../platform/db/database.js';
import type { Actor, RequestContext } from '../../platform/context.js';
import { ensureSetting, getSetting } from '../../platform/auth/auth.repo.js';
import { listAgencies } from '../org/org.public.js';
import { createTasksService } from '../tasks/tasks.public.js';
import { createReformIndicesService, type ResultIn } from './reform.indices.service.js';
import { vnDay } from '../../platform/vn-time.js';

const PCI_SOURCE = {
  title: 'VCCI, PCI Việt Nam: hồ sơ tỉnh Thanh Hóa (điểm, hạng và 10 chỉ số thành phần 2006–2024)',
  url: 'https://pcivietnam.vn/en/provinces/thanh-hoa',
};
const PCI_KEYS = [
  'entry_costs',
  'land_access',
  'transparency',
  'time_costs',
  'informal_charges',
  'policy_bias',
  'proactivity',
  'business_support',
  'labour_policy',
  'law_and_order',
] as const;
/** pcivietnam.vn/en/provinces/thanh-hoa, table "Rankings In The Provincial Competitiveness Index (1-63)". */
const PCI_THANH_HOA: Record<number, { score: number; rank: number; components: number[]; note?: string }> = {
  2021: {
    score: 63.21,
    rank: 43,
    components: [7.21, 7.18, 6.02, 7.49, 6.3, 5.7, 6.75, 6.98, 5.01, 7.45],
    note: 'Hạng 43/63 cũng nêu trong Kế hoạch 211/KH-UBND (26/08/2022).',
  },
  2022: { score: 63.67, rank: 47, components: [6.54, 6.47, 5.51, 6.78, 6.5, 5.31, 6.38, 6.76, 5.1, 7.92] },
  2023: {
    score: 66.79,
    rank: 30,
    components: [7.45, 7.27, 5.56, 8.35, 7.7, 5.42, 7.11, 4.88, 6.95, 7.63],
    note: 'Cũng nêu trên Cổng TTĐT Sở KH&ĐT Thanh Hóa (10/05/2024): 66,79 điểm, hạng 30, tăng 17 bậc.',
  },
  2024: { score: 68.74, rank: 21, components: [7.51, 7.06, 6.81, 7.06, 6.47, 6.42, 6.75, 6.82, 6.87, 7.64] },
};

const PAR_2021: ResultIn = {
  score: 87.83,
  rank: 14,
  outOf: 63,
  verified: true,
  source: {
    title: 'Truyền hình Thanh Hóa (TTV), 25/05/2022: "Thanh Hóa xếp thứ 14/63 tỉnh, thành phố về Chỉ số cải cách hành chính (PAR INDEX)"',
    url: 'http://truyenhinhthanhhoa.vn/tin-tuc/xa-hoi/202205/thanh-hoa-xep-thu-1463-tinh-thanh-pho-ve-chi-so-cai-cach-hanh-chinh-par-index-8390806',
  },
  note: 'Điểm 8 lĩnh vực theo nguồn; hạng lĩnh vực chỉ nguồn nêu cho 2 lĩnh vực. Hạng 14/63 cũng nêu trong Kế hoạch 211/KH-UBND.',
  components: [
    { code: 'direction', score: 7.82 },
    { code: 'legal_documents', score: 8.93 },
    { code: 'procedures', score: 12.7 },
    { code: 'organisation', score: 9.23 },
    { code: 'civil_service', score: 11.49 },
    { code: 'public_finance', score: 9.88 },
    { code: 'modernisation', score: 14.18, rank: 7 },
    { code: 'impact', score: 13.61, rank: 6 },
  ],
};

const PAPI_2021: ResultIn = {
  score: 47.102,
  rank: 3,
  outOf: 63,
  verified: true,
  source: {
    title: 'Truyền hình Thanh Hóa (TTV): "Chỉ số PAPI 2021: Thanh Hóa đứng thứ 3 cả nước" (47,102 điểm; cũng SGGP News, "HCMC\'s PAPI 2021 ranking declines")',
    url: 'https://truyenhinhthanhhoa.vn/chi-so-papi-2021-thanh-hoa-dung-thu-3-ca-nuoc-1808389414.htm',
  },
  note: 'Điểm 8 chỉ số nội dung của tỉnh chưa tìm được. PAPI 2021 xếp hạng 60 tỉnh có dữ liệu (Quảng Ninh, Bắc Giang, Bắc Ninh không đủ dữ liệu, theo susta.vn); "trên 63" theo Kế hoạch 211/KH-UBND.',
};

const PAPI_2022: ResultIn = {
  score: null,
  rank: 3,
  outOf: 63,
  verified: true,
  source: {
    title: 'Thị trường Biz: "Quảng Ninh dẫn đầu về hiệu quả quản trị và hành chính công cấp tỉnh" (PAPI 2022: Quảng Ninh, Bình Dương, Thanh Hóa)',
    url: 'https://thitruongbiz.vn/quang-ninh-dan-dau-ve-hieu-qua-quan-tri-va-hanh-chinh-cong-cap-tinh-10955.html',
  },
  note: 'Điểm chưa tìm được. Bắc Ninh, Bắc Giang không được đưa vào đánh giá năm 2022 (theo nguồn).',
};

const SIPAS_2022: ResultIn = {
  score: null,
  rank: 5,
  outOf: 63,
  verified: false,
  source: {
    title: 'VietnamPlus (EN): "Quang Ninh tops public administration indexes for fourth consecutive year" (SIPAS, PAR INDEX 2022)',
    url: 'https://betaen.vietnamplus.vn/quang-ninh-tops-public-administration-indexes-for-fourth-consecutive-year-post251804.vnp',
  },
  note: 'CHƯA KIỂM CHỨNG: nguồn liệt kê 5 tỉnh dẫn đầu SIPAS 2022 theo thứ tự (Quảng Ninh, Thái Nguyên, Cà Mau, Bình Dương, Thanh Hóa); hạng 5 là suy ra từ thứ tự đó, nguồn không ghi số hạng và điểm.',
};

const addDays = (d: Date, n: number): string => vnDay(d.getTime() + n * 86_400_000);

/** Demo mode only, once: the published results found for Thanh Hóa, and demo follow-up tasks for the weak PCI 2024 components. */
export async function seedDemoIndices(database: Database, now = new Date(), calendar?: CalendarService): Promise<void> {
  if (await getSetting(database.db, 'demo_seed_reform_indices')) return;
  if ((await getSetting(database.db, 'province_code')) !== '38') return;
  const users = await database.db
    .selectFrom('app_user')
    .select(['id', 'username', 'full_name', 'agency_id', 'roles'])
    .where('username', 'in', ['home_affairs', 'admin'])
    .execute();
  const home = users.find((u) => u.username === 'home_affairs');
  const admin = users.find((u) => u.username === 'admin');
  if (!home?.agency_id || !admin) return;
  const ctxOf = (u: typeof home): RequestContext => ({
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
    requestId: 'seed-reform-indices',
    ip: null,
  });
  const ctx = ctxOf(home);
  const svc = createReformIndicesService(database, { now: () => now });

  for (const [year, r] of Object.entries(PCI_THANH_HOA)) {
    await svc.recordResult(ctx, 'PCI', Number(year), {
      score: r.score,
      rank: r.rank,
      outOf: 63,
      verified: true,
      source: PCI_SOURCE,
      note: r.note ?? null,
      components: PCI_KEYS.map((code, i) => ({ code, score: r.components[i] })),
    });
  }
  await svc.recordResult(ctx, 'PAR_INDEX', 2021, PAR_2021);
  await svc.recordResult(ctx, 'PAPI', 2021, PAPI_2021);
  await svc.recordResult(ctx, 'PAPI', 2022, PAPI_2022);
  await svc.recordResult(ctx, 'SIPAS', 2022, SIPAS_2022);

  // DEMO follow-up of the weak PCI 2024 components (the rule flags policy bias, informal charges,
  // proactivity, time costs): tasks created for them, one linked existing task, one progress report.
  const dir = (await listAgencies(database.db, { current: true, limit: 500, offset: 0 })).items;
  const byName = (n: string) => dir.find((a) => a.name === n)?.id;
  const homeAgency = home.agency_id;
  const finance = byName('Sở Tài chính tỉnh Thanh Hóa');
  const office = byName('Văn phòng Ủy ban nhân dân tỉnh Thanh Hóa');
  const created = await svc.createTask(
    ctx,
    'PCI',
    'informal_charges',
    {
      content: 'Kiểm tra công vụ, chấn chỉnh hành vi nhũng nhiễu, gây phiền hà doanh nghiệp khi giải quyết thủ tục hành chính (demo)',
      output: 'Báo cáo kết quả kiểm tra công vụ (demo)',
      leadAgencyId: homeAgency,
      dueOn: addDays(now, 120),
      year: 2024,
    },
    now,
  );
  if (finance)
    await svc.createTask(
      ctx,
      'PCI',
      'policy_bias',
      {
        content: 'Rà soát, công khai tiêu chí lựa chọn nhà đầu tư, bảo đảm cạnh tranh bình đẳng giữa các doanh nghiệp (demo)',
        output: null,
        leadAgencyId: finance,
        dueOn: addDays(now, 180),
        year: 2024,
      },
      now,
    );
  if (office)
    await svc.createTask(
      ctx,
      'PCI',
      'proactivity',
      {
        content: 'Tổ chức hội nghị đối thoại định kỳ giữa lãnh đạo tỉnh với doanh nghiệp (demo)',
        output: 'Thông báo kết luận sau đối thoại (demo)',
        leadAgencyId: office,
        dueOn: addDays(now, 90),
        year: 2024,
      },
      now,
    );
  const tasks = createTasksService(database, { calendar });
  const adminActor = ctxOf(admin).actor!;
  const seeded = (await tasks.listTasks(adminActor, { q: 'nâng cao chất lượng phục vụ, mức độ hài lòng', limit: 20, offset: 0 })).items.find((t) =>
    t.content.startsWith('Thực hiện các giải pháp nâng cao chất lượng phục vụ'),
  );
  if (seeded) await svc.linkTasks(ctx, 'PCI', 'time_costs', { taskIds: [seeded.id], year: 2024 });
  await tasks.report(ctx, created.taskId, {
    status: 'in_progress',
    percent: 40,
    narrative: 'Đã kiểm tra công vụ đột xuất tại 6 cơ quan; chấn chỉnh 2 trường hợp yêu cầu thêm giấy tờ ngoài quy định (demo).',
  });
  await ensureSetting(database.db, 'demo_seed_reform_indices', new Date().toISOString());
}

import { readFileSync } from 'node:fs';
import type { Database } from '../../platform/db/database.js';
import type { Actor, RequestContext } from '../../platform/context.js';
import { ensureSetting, getSetting } from '../../platform/auth/auth.repo.js';
import { listAgencies } from '../org/org.public.js';
import { createTasksService, todayVn, type TasksDeps } from './tasks.service.js';
import { addDays } from './tasks.rules.js';
import { fromRoot } from '../../platform/paths.js';

/** The seed plan (Kế hoạch thực hiện Nghị quyết 131/NQ-CP) whose Phụ lục is imported in demo mode. */
// A copy of the province's plan (Kế hoạch) document (with its appendix of 28 tasks), kept in the
// repository so a fresh clone starts on its own.
export const SEED_PLAN_FILE = fromRoot('src/modules/tasks/seed/ke-hoach-003.txt');

const demoActor = (id: string, username: string, fullName: string, agencyId: string, roles: Actor['roles']): RequestContext => ({
  actor: { id, username, fullName, kind: 'staff', roles, agencyId, agency: null, sessionId: 'seed' },
  requestId: 'seed-tasks',
  ip: null,
});

/**
 * Demo data (demo mode only, once): the seed plan imported by the provincial office as it is,
 * a few progress reports by departments, and one coordination request with one late answer.
 */
export async function seedDemoTasks(
  database: Database,
  calendar: NonNullable<TasksDeps['calendar']>,
  clock: NonNullable<TasksDeps['clock']> = { now: () => new Date() },
): Promise<void> {
  if (await getSetting(database.db, 'demo_seed_tasks')) return;
  const svc = createTasksService(database, { calendar, clock });
  const users = await database.db.selectFrom('app_user').select(['id', 'username', 'full_name', 'agency_id', 'roles']).execute();
  const user = (u: string) => users.find((x) => x.username === u);
  const office = user('provincial_office');
  const specialist = user('specialist');
  const leader = user('unit_leader');
  const home = user('home_affairs');
  if (!office?.agency_id || !specialist?.agency_id || !home?.agency_id) return;
  const ctx = (u: NonNullable<ReturnType<typeof user>>) => demoActor(u.id, u.username, u.full_name, u.agency_id!, u.roles as Actor['roles']);
  const data = readFileSync(SEED_PLAN_FILE);
  const imported = await svc.importPlan(ctx(office), { name: 'ke-hoach-131-phu-luc.txt', contentType: 'text/plain', data }, { kind: 'plan' });
  const tasks = (await svc.listTasks(ctx(office).actor!, { plan: imported.plan.id, limit: 100, offset: 0 })).items;
  const byNo = (n: string) => tasks.find((t) => t.number === n)!;
  // Sở Tư pháp leads task 7 (continuous): reports the current quarter; Sở Nội vụ reports on task 2.
  await svc.report(ctx(specialist), byNo('7').id, {
    status: 'in_progress',
    percent: 60,
    narrative: 'Đã thẩm định 14 dự thảo văn bản quy phạm pháp luật có quy định thủ tục hành chính trong quý; đề nghị bỏ 3 thủ tục không cần thiết.',
  });
  await svc.report(ctx(home), byNo('2').id, {
    status: 'done',
    percent: 100,
    narrative: 'Đã tổ chức hội nghị quán triệt Nghị quyết 131/NQ-CP cho toàn thể công chức, viên chức của Sở.',
  });
  await svc.report(ctx(specialist), byNo('1').id, {
    status: 'done',
    percent: 100,
    narrative: 'Sở Tư pháp đã ban hành Kế hoạch triển khai thực hiện tại cơ quan.',
  });
  // One coordination request by Sở Tư pháp (lead of task 7) to three agencies.
  const dir = (await listAgencies(database.db, { current: true, limit: 500, offset: 0 })).items;
  const pick = (short: string) => dir.find((a) => a.shortName === short)?.id;
  const recipients = [pick('Văn phòng UBND tỉnh'), pick('Sở Nội vụ'), pick('Sở Tài chính')].filter((x): x is string => !!x);
  if (recipients.length === 3 && leader) {
    const due = addDays(todayVn(clock.now()), 7);
    const c = await svc.createCoordination(ctx(specialist), {
      subject: 'Xin ý kiến dự thảo Quyết định công bố danh mục thủ tục hành chính nội bộ được đơn giản hóa',
      content: 'Đề nghị các cơ quan cho ý kiến bằng văn bản về dự thảo gửi kèm.',
      dueOn: due,
      recipientIds: recipients,
      taskId: byNo('7').id,
    });
    await svc.answerCoordination(ctx(home), c.id, { answer: 'agree' });
  }
  await ensureSetting(database.db, 'demo_seed_tasks', clock.now().toISOString());
}

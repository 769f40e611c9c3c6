/**
 * What every tasks sub-service shares: its dependencies (database, calendar, clock, and the store
 * of reads and writes), "today" in Vietnam, the action fields, occurrences of a deadline on the
 * province's working days, and who may see a task. The sub-services
 * (tasks.<import|board|progress|plans|followup|coordination>.service.ts) are composed into one
 * service object by tasks.service.ts.
 */
import type { Database, Executor } from '../../platform/db/database.js';
import type { Clock } from '../../platform/deps.js';
import { isProvinceWide, type Actor, type RequestContext } from '../../platform/context.js';
import { forbidden, notFound } from '../../platform/errors.js';
import { withIdempotency } from '../../platform/idempotency.js';
import { vnDay } from '../../platform/vn-time.js';
import type { Agency } from '../org/org.public.js';
import type { CalendarService } from '../calendar/calendar.public.js';
import { dayNumber, moveToWorkingDay, occurrencesFor, type DayOffRule, type ParsedDeadline } from './tasks.rules.js';
import type { TaskOut } from './tasks.schemas.js';
import { tasksStore, type TasksStore } from './tasks.store.js';
import { expand, type Directory } from './tasks.status.js';

/** Roles of the office that assigns and follows up (Văn phòng UBND tỉnh). */
export const ASSIGNING_ROLES = ['provincial_office', 'admin'] as const;

/** What the tasks services take besides the database (the module passes its Deps). */
export interface TasksDeps {
  /**
   * The province's working calendar (deps.calendar): needed to place reporting days (import, a
   * changed deadline, the statuses job). Other modules that only read tasks or report progress
   * may leave it out; an operation that needs it then fails loudly.
   */
  calendar?: Pick<CalendarService, 'calendarFor'>;
  /** Default: the system clock. */
  clock?: Clock;
  /** Default: tasksStore. */
  store?: TasksStore;
}

const systemClock: Clock = { now: () => new Date() };

export function createTasksCore(database: Database, deps: TasksDeps) {
  const db = database.db;
  const store = deps.store ?? tasksStore;
  const clock = deps.clock ?? systemClock;
  const calendar = deps.calendar;
  /** Today in Vietnam (YYYY-MM-DD) by the service's clock. */
  const vnToday = (): string => vnDay(clock.now());

  const actorFields = (ctx: RequestContext) => ({
    actorId: ctx.actor?.id ?? null,
    actorName: ctx.actor?.fullName ?? 'Hệ thống',
    role: ctx.actor?.roles.join(',') ?? null,
    agencyId: ctx.actor?.agencyId ?? null,
  });

  /** The platform's one idempotency wrapper (src/platform/idempotency.ts) for services that answer a bare body with a fixed status. */
  async function idempotent<T>(
    operation: string,
    principal: string | null | undefined,
    key: string | undefined,
    payload: unknown,
    status: number,
    run: (tx: Executor) => Promise<T>,
  ): Promise<T> {
    return (await withIdempotency(database, { operation, principal, key, request: payload }, async (tx) => ({ status, body: await run(tx) }))).body;
  }

  /** The agencies an actor acts for when reporting or answering: its own agency and those under it. */
  async function ownAgencies(actor: Actor): Promise<string[]> {
    return actor.agencyId ? store.agencySubtree(db, actor.agencyId) : [];
  }

  // ---- occurrences and status ---------------------------------------------------------------

  async function isWorkingDayFn(): Promise<(iso: string) => boolean> {
    if (!calendar) throw new Error('tasks: this operation needs the calendar service (pass deps.calendar to createTasksService)');
    const cal = await calendar.calendarFor(null);
    return (iso: string) => cal.isWorkingDay(dayNumber(iso));
  }

  /** `working` comes from the calendar, read before the transaction opens (PGlite has one session). */
  async function ensureOccurrences(
    tx: Executor,
    working: (iso: string) => boolean,
    taskId: string,
    d: Pick<ParsedDeadline, 'kind' | 'dueOn' | 'recurrence' | 'startOn'>,
    plan: { startOn: string; reportDay: number; dayOffRule: DayOffRule },
    today: string,
  ): Promise<number> {
    let n = 0;
    for (const p of occurrencesFor(d, plan.startOn, today, plan.reportDay)) {
      // A fixed reporting day on a day off moves (previous working day by default); a one-off deadline stays as written.
      const dueOn = p.key === 'once' ? p.nominalDue : moveToWorkingDay(p.nominalDue, working, plan.dayOffRule);
      if (await store.insertOccurrence(tx, { taskId, key: p.key, start: p.start, end: p.end, dueOn })) n++;
    }
    return n;
  }

  // ---- permissions --------------------------------------------------------------------------

  async function involvement(actor: Actor, task: TaskOut, dir: Directory): Promise<{ lead: Agency[]; support: Agency[] }> {
    const own = new Set(await ownAgencies(actor));
    return { lead: expand(task.lead, dir).filter((a) => own.has(a.id)), support: expand(task.support, dir).filter((a) => own.has(a.id)) };
  }

  async function loadTask(id: string, exec: Executor = db): Promise<TaskOut> {
    const row = await store.getTaskRow(exec, id);
    if (!row) throw notFound('nhiệm vụ');
    return store.toTask(row, (await store.agenciesOfTasks(exec, [id])).get(id)!);
  }

  async function checkCanSee(actor: Actor, task: TaskOut, dir: Directory): Promise<void> {
    if (isProvinceWide(actor)) return;
    const inv = await involvement(actor, task, dir);
    if (!inv.lead.length && !inv.support.length) throw forbidden('Nhiệm vụ này không giao cho cơ quan của bạn.');
  }

  const isAssigner = (actor: Actor | null) => !!actor && actor.roles.some((r) => (ASSIGNING_ROLES as readonly string[]).includes(r));

  return {
    database,
    db,
    store,
    clock,
    vnToday,
    actorFields,
    idempotent,
    ownAgencies,
    isWorkingDayFn,
    ensureOccurrences,
    involvement,
    loadTask,
    checkCanSee,
    isAssigner,
  };
}

export type TasksCore = ReturnType<typeof createTasksCore>;

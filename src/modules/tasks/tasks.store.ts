/**
 * Every read and write of the tasks services: the module's repository, the agency directory they
 * read (org), and the audit and outbox rows they write. Passed in (default: the real ones) so a
 * service-level test can run a rule against a typed fake with no database.
 */
import { recordAudit } from '../../platform/audit.js';
import { enqueue } from '../../platform/outbox.js';
import { vnDay } from '../../platform/vn-time.js';
import { agencySubtree, listAgencies, resolveAgencyByName } from '../org/org.public.js';
import * as tasksRepo from './tasks.repo.js';

export const tasksStore = { ...tasksRepo, listAgencies, agencySubtree, resolveAgencyByName, recordAudit, enqueue };
export type TasksStore = typeof tasksStore;

/** Today in Vietnam (YYYY-MM-DD); for callers without the service's clock (another module's transaction, tests). */
export const todayVn = (now: Date = new Date()): string => vnDay(now);

/**
 * The payments module's functions for other modules, exposed through payments.public.ts (moved there
 * unchanged: a public file only re-exports).
 */
import type { Executor } from '../../platform/db/database.js';
import * as repo from './payments.repo.js';
import { policyFor } from './payments.rules.js';

/** The reduction (percent) for online dossiers of `procedureCode` in force on `day` (YYYY-MM-DD), or null. */
export async function onlineReductionPercent(db: Executor, procedureCode: string, day: string): Promise<number | null> {
  return policyFor(await repo.listPolicies(db), procedureCode, day);
}

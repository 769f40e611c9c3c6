/**
 * What other modules may use from payments: the province's reduction policy for online dossiers
 * (the dossiers module prices a payment request with it, so the amount is fixed once, at request
 * time, and is the same on every screen, at the gateway and on the e-receipt).
 */
import type { Executor } from '../../platform/db/database.js';
import * as repo from './payments.repo.js';
import { policyFor } from './payments.rules.js';

/** The reduction (percent) for online dossiers of `procedureCode` in force on `day` (YYYY-MM-DD), or null. */
export async function onlineReductionPercent(db: Executor, procedureCode: string, day: string): Promise<number | null> {
  return policyFor(await repo.listPolicies(db), procedureCode, day);
}

/**
 * The catalog module's functions for other modules, exposed through catalog.public.ts (moved there
 * unchanged: a public file only re-exports).
 */
import type { Executor } from '../../platform/db/database.js';
import * as repo from './catalog.repo.js';
import { toProcedureVersion } from './catalog.service.js';
import { todayVn } from './catalog.rules.js';
import type { ProcedureVersion } from './catalog.schemas.js';

/** A version by id (any status), with its cases, components, fees, workflows and e-forms. */
export async function getProcedureVersion(db: Executor, versionId: string): Promise<ProcedureVersion | null> {
  if (!/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(versionId)) return null;
  const v = await repo.getVersion(db, versionId);
  return v ? toProcedureVersion(v) : null;
}

/**
 * The version of procedure `code` in force at `at` (a Date — the caller's clock — or a yyyy-mm-dd
 * day in Vietnam), or null when none is (unknown, not yet in force, or abolished).
 */
export async function getCurrentVersion(db: Executor, code: string, at: Date | string): Promise<ProcedureVersion | null> {
  const day = typeof at === 'string' ? at : todayVn(at);
  const v = await repo.findInForce(db, code, day);
  return v ? toProcedureVersion(v) : null;
}

/**
 * The id of the version getCurrentVersion would return, without reading its content: a caller that
 * keeps published versions by id (they are immutable) then reads nothing more.
 */
export async function getCurrentVersionId(db: Executor, code: string, at: Date | string): Promise<string | null> {
  const day = typeof at === 'string' ? at : todayVn(at);
  return repo.findInForceId(db, code, day);
}

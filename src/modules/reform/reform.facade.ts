/**
 * The reform module's functions for other modules, exposed through reform.public.ts (moved there
 * unchanged: a public file only re-exports).
 */
import type { Executor } from '../../platform/db/database.js';
import { getSetting as readSetting } from '../../platform/auth/auth.repo.js';
import { indexGaps as gapsOf } from './reform.indices.repo.js';

/** The province's latest rank of each index (PAR INDEX, SIPAS, PAPI, PCI) beside its target (direction centre). */
export async function indexGaps(db: Executor, provinceCode?: string) {
  const code = provinceCode ?? (await readSetting(db, 'province_code'));
  if (!code) return [];
  return gapsOf(db, code);
}

/** The reform module's public surface. */
export { createReformService, type ReformService } from './reform.service.js';
export { scoreTree, rankByTotal, sipasIndex, planDueOn, REFORM_AREAS, REFORM_AREA_NAMES_VI } from './reform.rules.js';
export { SIPAS_QUESTIONS, SIPAS_SECTORS } from './reform.sipas.js';

import type { Executor } from '../../platform/db/database.js';
import { getSetting as readSetting } from '../../platform/auth/auth.repo.js';
import { indexGaps as gapsOf } from './reform.indices.repo.js';

/** The province's latest rank of each index (PAR INDEX, SIPAS, PAPI, PCI) beside its target (direction centre). */
export async function indexGaps(db: Executor, provinceCode?: string) {
  const code = provinceCode ?? (await readSetting(db, 'province_code'));
  if (!code) return [];
  return gapsOf(db, code);
}

/**
 * The frontoffice module's functions for other modules, exposed through frontoffice.public.ts (moved there
 * unchanged: a public file only re-exports).
 */
import type { Executor } from '../../platform/db/database.js';
import * as repo from './frontoffice.repo.js';
import { isDissatisfied } from './frontoffice.rules.js';

/** The tablets' ratings of dossiers (ticket linked to a dossier) given since `since`: 1–4, 1 = không hài lòng. */
export const tabletRatingsOfDossiers = (db: Executor, since: Date) => repo.dossierRatingsSince(db, since);

export interface CounterRatings {
  agencyId: string;
  /** All tablet ratings of the period. */
  ratings: number;
  /** Ratings at level 1 ("không hài lòng"), which indicator 5.4 counts against the centre. */
  dissatisfied: number;
  /** Count per level 1–4. */
  byLevel: Record<1 | 2 | 3 | 4, number>;
}

/**
 * The counter tablets' ratings per agency (the centre that served) over [from, to), for the
 * quality module's indicator 5.4 (QĐ 766) beside the dossier ratings. Anonymous: no officer.
 */
export async function frontOfficeRatings(db: Executor, period: { from: Date; to: Date; agencyId?: string }): Promise<CounterRatings[]> {
  const rows = await repo.ratingCounts(db, period.from, period.to, period.agencyId);
  const by = new Map<string, CounterRatings>();
  for (const r of rows) {
    let c = by.get(r.agencyId);
    if (!c) by.set(r.agencyId, (c = { agencyId: r.agencyId, ratings: 0, dissatisfied: 0, byLevel: { 1: 0, 2: 0, 3: 0, 4: 0 } }));
    c.ratings += r.ratings;
    if (isDissatisfied(r.level)) c.dissatisfied += r.ratings;
    c.byLevel[r.level as 1 | 2 | 3 | 4] += r.ratings;
  }
  return [...by.values()];
}

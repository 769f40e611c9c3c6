import type { Executor } from '../../platform/db/database.js';
import type { Actor } from '../../platform/context.js';
import { forbidden, notFound } from '../../platform/errors.js';
import { agencyScope, getAgency, inScope, type Agency } from '../org/org.public.js';

/** Helpers shared by the reform module's services. */

export async function agencyOr404(exec: Executor, id: string): Promise<Agency> {
  const a = await getAgency(exec, id);
  if (!a) throw notFound('cơ quan');
  return a;
}

/** Staff act on their own agency (and its subtree); province-wide roles on every agency. */
export async function checkAgencyAccess(exec: Executor, actor: Actor | null, agencyId: string): Promise<void> {
  const scope = await agencyScope(exec, actor);
  if (!inScope(scope, agencyId)) throw forbidden('Bạn chỉ thao tác được với cơ quan của mình.');
}

export const isValidIsoDate = (s: string): boolean => /^\d{4}-\d{2}-\d{2}$/.test(s) && new Date(`${s}T00:00:00Z`).toISOString().slice(0, 10) === s;

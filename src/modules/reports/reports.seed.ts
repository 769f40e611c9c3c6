/**
 * Seeds of the reports module (idempotent, guarded by app_setting keys):
 *  - the regimes of the seed documents (seed/regimes.ts), created once their receiving agency
 *    exists in the org directory (in production: after the administrator has entered it);
 *  - demo mode: the periods running today are opened for every reporting agency.
 */
import type { Database } from '../../platform/db/database.js';
import { ensureSetting, getSetting } from '../../platform/auth/auth.repo.js';
import { recordAudit } from '../../platform/audit.js';
import { systemContext } from '../../platform/context.js';
import { listAgencies } from '../org/org.public.js';
import { nameKey } from '../../platform/text.js';
import * as repo from './reports.repo.js';
import { REGIME_SEEDS } from './seed/regimes.js';
import { createReportsService } from './reports.service.js';
import type { CalendarService } from '../calendar/calendar.public.js';

export async function seedReportRegimes(database: Database): Promise<number> {
  if (await getSetting(database.db, 'reports.seed.regimes')) return 0;
  let created = 0;
  let missing = 0;
  await database.transaction(async (tx) => {
    for (const r of REGIME_SEEDS) {
      if (await repo.getRegimeByCode(tx, r.code)) continue;
      const candidates = (await listAgencies(tx, { kind: r.receiver.kind, current: true, limit: 500, offset: 0 })).items;
      const receiver = r.receiver.name ? candidates.find((a) => nameKey(a.shortName) === nameKey(r.receiver.name!)) : candidates[0];
      if (!receiver) {
        missing++;
        continue;
      }
      const data: repo.RegimeData = {
        code: r.code,
        name: r.name,
        legalBasis: r.legalBasis,
        issuer: r.issuer,
        receiverAgencyId: receiver.id,
        reporterKinds: r.reporterKinds,
        reporterAgencyIds: [],
        frequencies: r.frequencies,
        deadlines: r.deadlines,
        dayOffRule: 'previous',
        reminderDays: r.reminderDays,
        sendingMethod: r.sendingMethod,
        nationalCode: r.nationalCode,
        template: r.template,
        active: true,
      };
      const id = await repo.insertRegime(tx, data);
      await repo.insertRegimeVersion(tx, id, 1, data, 'seed');
      await recordAudit(tx, systemContext('seed'), {
        action: 'report.regime.create',
        entity: 'report_regime',
        entityId: id,
        summary: { code: r.code, seed: true },
      });
      created++;
    }
    if (missing === 0) await ensureSetting(tx, 'reports.seed.regimes', new Date().toISOString());
  });
  return created;
}

/** Demo: the periods running today are open, so every reporting agency has its reports to fill. */
export async function seedDemoReports(database: Database, calendar: CalendarService): Promise<void> {
  if (await getSetting(database.db, 'reports.seed.demo')) return;
  // Seeds run on wall time, with the seeding process's one calendar service (SeedDeps.calendar).
  await createReportsService({ database, clock: { now: () => new Date() }, calendar }).openDuePeriods();
  await ensureSetting(database.db, 'reports.seed.demo', new Date().toISOString());
}

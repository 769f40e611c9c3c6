import { existsSync, readFileSync } from 'node:fs';
import type { Database } from '../../platform/db/database.js';
import { systemContext } from '../../platform/context.js';
import { fromRoot } from '../../platform/paths.js';
import { ensureSetting, getSetting } from '../../platform/auth/auth.repo.js';
import { createProcedureTx, prepareContent, publishTx } from './catalog.service.js';
import { defaultEForm, generateWorkflow } from './catalog.rules.js';
import { fileSchemaProblems } from './catalog.import.js';
import type { ProcedureInput } from './catalog.schemas.js';

/** The demo catalogue (real procedures, see seed/SOURCES.md), in the JSON import format. */
export const DEMO_CATALOG_FILE = fromRoot('src/modules/catalog/seed/procedures.demo.json');

/** The demo publication: clearly not a real decision. */
export const DEMO_DECISION = {
  decisionNo: 'DEMO-01/QĐ-UBND (quyết định minh họa, không phải văn bản thật)',
  decisionDate: '2025-06-30',
  effectiveFrom: '2025-07-01',
} as const;

const SETTING = 'demo_seed_catalog';

export interface SeedReport {
  loaded: number;
  skipped: { code: string; problems: string[] }[];
}

/**
 * Demo only, idempotent (guarded by the app setting `demo_seed_catalog`): publishes every
 * procedure of the demo file as version 1 under the demo decision, with agencies mapped to the
 * seeded province's agencies, and a generated default workflow and e-form for each case
 * (`generated: true`). An entry that does not validate is skipped and reported, not fatal.
 */
export async function seedDemoCatalog(database: Database, file: URL | string = DEMO_CATALOG_FILE): Promise<SeedReport> {
  const report: SeedReport = { loaded: 0, skipped: [] };
  if (await getSetting(database.db, SETTING)) return report;
  if (!existsSync(file)) {
    console.warn(`[catalog] demo catalogue ${String(file)} not found; skipped`);
    return report;
  }
  const entries = JSON.parse(readFileSync(file, 'utf8')) as ProcedureInput[];
  const ctx = systemContext('seed:catalog');
  await database.transaction(async (tx) => {
    if (await getSetting(tx, SETTING)) return;
    for (const entry of entries) {
      const schemaProblems = fileSchemaProblems(entry);
      if (schemaProblems.length) {
        report.skipped.push({ code: entry.code, problems: schemaProblems });
        continue;
      }
      const { content, problems } = await prepareContent(tx, entry);
      if (!content) {
        report.skipped.push({ code: entry.code, problems: problems.map((p) => `${p.path}: ${p.message}`) });
        continue;
      }
      for (const c of content.cases) {
        c.workflow ??= generateWorkflow(c, content.agencies);
        c.eform ??= defaultEForm(content, c);
      }
      await createProcedureTx(tx, ctx, content);
      await publishTx(tx, ctx, content.code, DEMO_DECISION);
      report.loaded++;
    }
    await ensureSetting(tx, SETTING, new Date().toISOString());
  });
  if (report.skipped.length) console.warn(`[catalog] demo catalogue: ${report.skipped.length} entr(ies) skipped:`, JSON.stringify(report.skipped));
  return report;
}

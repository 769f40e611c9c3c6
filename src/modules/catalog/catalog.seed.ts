import { existsSync, readFileSync } from 'node:fs';
import type { Database } from '../../platform/db/database.js';
import { systemContext } from '../../platform/context.js';
import { fromRoot } from '../../platform/paths.js';
import { ensureSetting, getSetting } from '../../platform/auth/auth.repo.js';
import { createProcedureTx, prepareContent, publishTx, saveDraftTx } from './catalog.service.js';
import { defaultEForm, generateWorkflow, todayVn } from './catalog.rules.js';
import { getCurrentVersion } from './catalog.public.js';
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
    await ensureSetting(tx, FEE_MODEL_SETTING, new Date().toISOString());
  });
  if (report.skipped.length) console.warn(`[catalog] demo catalogue: ${report.skipped.length} entr(ies) skipped:`, JSON.stringify(report.skipped));
  return report;
}

const FEE_MODEL_SETTING = 'demo_seed_catalog_fee_model';

/**
 * Demo only, once (app setting `demo_seed_catalog_fee_model`): a demo database seeded before fee
 * lines could be alternatives (issue 20) gets, for each procedure whose demo fees now carry
 * `alternativeGroup` / `appliesTo` / `onRequest`, an amended version in force from today with those
 * fields — so "Cấp Phiếu lý lịch tư pháp" no longer bills its two rates together. Dossiers received
 * earlier keep the version they were received under.
 */
export async function upgradeDemoFeeModel(database: Database, file: URL | string = DEMO_CATALOG_FILE): Promise<number> {
  if (!(await getSetting(database.db, SETTING)) || (await getSetting(database.db, FEE_MODEL_SETTING))) return 0;
  if (!existsSync(file)) return 0;
  const entries = JSON.parse(readFileSync(file, 'utf8')) as ProcedureInput[];
  const ctx = systemContext('seed:catalog-fee-model');
  let amended = 0;
  for (const entry of entries) {
    const modelled = entry.cases.some((c) => c.fees.some((f) => f.alternativeGroup || (f.appliesTo && f.appliesTo.length) || f.onRequest));
    if (!modelled) continue;
    const v = await getCurrentVersion(database.db, entry.code, new Date());
    if (!v) continue;
    const content = structuredClone(v.content);
    let changed = false;
    for (const c of content.cases) {
      const src = entry.cases.find((k) => k.key === c.key);
      if (!src || src.fees.length !== c.fees.length) continue;
      c.fees.forEach((f, i) => {
        const g = src.fees[i];
        if (g.name.normalize('NFC').trim() !== f.name) return;
        const next = {
          alternativeGroup: g.alternativeGroup ?? null,
          appliesTo: g.appliesTo?.length ? [...g.appliesTo] : null,
          onRequest: g.onRequest ?? false,
        };
        if (
          (f.alternativeGroup ?? null) !== next.alternativeGroup ||
          JSON.stringify(f.appliesTo ?? null) !== JSON.stringify(next.appliesTo) ||
          (f.onRequest ?? false) !== next.onRequest
        ) {
          Object.assign(f, next);
          changed = true;
        }
      });
    }
    if (!changed) continue;
    try {
      await database.transaction(async (tx) => {
        await saveDraftTx(tx, ctx, entry.code, content, null, { mustNotExist: true });
        await publishTx(tx, ctx, entry.code, {
          decisionNo: 'DEMO-02/QĐ-UBND (minh họa: các mức phí thay thế nhau, không phải văn bản thật)',
          decisionDate: todayVn(),
          effectiveFrom: todayVn(),
        });
      });
      amended++;
    } catch (err) {
      console.warn(`[catalog] fee model upgrade of ${entry.code} skipped: ${(err as Error).message}`);
    }
  }
  await ensureSetting(database.db, FEE_MODEL_SETTING, new Date().toISOString());
  return amended;
}

/**
 * Building the dossier services: the one the HTTP API, payments and other modules use (built once by
 * the composition root, src/app.ts, and handed to modules as `deps.dossiers`), and the history
 * import's replay service. Also the ports to the catalogue and payments modules the service reads.
 */
import type { Database, Executor } from '../../platform/db/database.js';
import type { Config } from '../../platform/config.js';
import type { Clock } from '../../platform/deps.js';
import { localFileStore, type FileStore } from '../../platform/files.js';
import type { CalendarService } from '../calendar/calendar.public.js';
import { getCurrentVersionId, getProcedureVersion, type ProcedureVersion } from '../catalog/catalog.public.js';
import { onlineReductionPercent } from '../payments/payments.public.js';
import { signaturesOf } from '../signatures/signatures.public.js';
import type { FeePolicySource, ProcedureSource, ProcedureVersionView } from './dossiers.ports.js';
import { createDossierService, type DossierService } from './dossiers.service.js';
import { signResult } from './dossiers.documents.service.js';
import { dossierSigning } from './dossiers.signing.js';
import { writtenRefusalIssuer } from './dossiers.written-refusal.js';

/** The dossier service of an app with what its routes also need (the file store, the signing adapter). */
export interface DossierServices {
  service: DossierService;
  files: FileStore;
  signing: ReturnType<typeof dossierSigning>;
}

/**
 * The app's dossier service, built once (src/app.ts): results signed at approval, uploaded PDFs
 * verified, documents sealed (issue 19, signatures module); the written refusal after appraisal,
 * sealed like the agency's other documents and stored as the result (issue 18 §2).
 */
export function buildDossierServices(deps: { database: Database; clock: Clock; calendar: CalendarService; config: Config }): DossierServices {
  const files = localFileStore(deps.config.filesDir);
  const signing = dossierSigning({
    database: deps.database,
    files,
    signatures: signaturesOf(deps),
    hmac: (h) => signResult(h, deps.config.resultSigningKey),
    publicBaseUrl: deps.config.publicBaseUrl,
  });
  const writtenRefusal = writtenRefusalIssuer({
    database: deps.database,
    files,
    seal: (pdf, agency, reason) => signing.seal(pdf, agency, reason),
    check: (x, f) => signing.checkUpload(x, f),
    hmac: (h) => signResult(h, deps.config.resultSigningKey),
  });
  const service = createDossierService({
    database: deps.database,
    calendar: deps.calendar,
    procedures: procedureSource(deps.database.db),
    feePolicy: feePolicySource(deps.database.db),
    clock: deps.clock,
    signing,
    writtenRefusal,
  });
  return { service, files, signing };
}

/**
 * A dossier service of its own for seeds and tests (the app uses deps.dossiers): the same rules as
 * the HTTP API's, without the signing adapter and written-refusal issuer; calendar and clock given.
 */
export function dossierServiceFor(deps: { database: Database; clock: { now(): Date }; calendar: CalendarService }): DossierService {
  return createDossierService({
    database: deps.database,
    calendar: deps.calendar,
    procedures: procedureSource(deps.database.db),
    feePolicy: feePolicySource(deps.database.db),
    clock: deps.clock,
  });
}

/**
 * The service the history import replays old dossiers through (dossiers.service.ts `history`):
 * every action decided by the same rules at its own time (`clock`), no national sync and no
 * applicant message; the QĐ 766 read model is fed as for any dossier.
 */
export function historyDossierService(deps: { database: Database; clock: { now(): Date }; calendar: CalendarService }): DossierService {
  return createDossierService({
    database: deps.database,
    calendar: deps.calendar,
    procedures: procedureSource(deps.database.db),
    feePolicy: feePolicySource(deps.database.db),
    clock: deps.clock,
    history: true,
  });
}

export function toVersionView(v: ProcedureVersion): ProcedureVersionView {
  const c = v.content;
  return {
    id: v.version.versionId,
    code: v.code,
    name: c.name,
    field: c.field,
    onlineLevel: c.onlineLevel,
    competentAgency: c.agencies.competent ? { kind: c.agencies.competent.kind, id: c.agencies.competent.id ?? null } : null,
    cases: c.cases.map((k) => ({
      key: k.key,
      name: k.name,
      time: k.reducedTime ?? k.time,
      onlineTime: k.onlineTime ?? null,
      fees: k.fees.map((f) => ({
        name: f.name,
        amountVnd: f.amountVnd,
        onlineReductionPercent: f.onlineReductionPercent,
        alternativeGroup: f.alternativeGroup ?? null,
        appliesTo: f.appliesTo ?? null,
        onRequest: f.onRequest ?? false,
      })),
      workflow: k.workflow
        ? {
            steps: k.workflow.steps.map((s) => ({
              name: s.name,
              role: s.role,
              canSendBack: s.canSendBack,
              interAgency: s.interAgency,
              agency: { kind: s.agency.kind, id: s.agency.id ?? null },
            })),
          }
        : null,
    })),
    components: c.components.map((x) => ({
      name: x.name,
      originals: x.originals,
      copies: x.copies,
      required: x.required,
      replaceableByData: x.replaceableByData,
    })),
    resultName: c.result.name,
  };
}

export function procedureSource(db: Executor): ProcedureSource {
  // Published versions never change, so they are cached by id (drafts are not cached); which
  // version is in force is asked each time (its id only), so a newly published version is used at once.
  const cache = new Map<string, ProcedureVersionView>();
  const remember = (v: ProcedureVersion): ProcedureVersionView => {
    const view = toVersionView(v);
    if (v.version.status !== 'draft') {
      if (cache.size > 2000) cache.clear();
      cache.set(view.id, view);
    }
    return view;
  };
  const byId = async (id: string, x: Executor = db) => {
    const hit = cache.get(id);
    if (hit) return hit;
    const v = await getProcedureVersion(x, id);
    return v ? remember(v) : null;
  };
  return {
    current: async (code, at, x = db) => {
      const id = await getCurrentVersionId(x, code, at);
      return id ? byId(id, x) : null;
    },
    byId,
  };
}

/** The province's online reduction policy, read through the payments module's public file. */
export function feePolicySource(db: Executor): FeePolicySource {
  return { onlineReductionPercent: (code, day, x = db) => onlineReductionPercent(x, code, day) };
}

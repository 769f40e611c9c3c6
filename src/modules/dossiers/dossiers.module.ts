import type { App } from '../../platform/http/server.js';
import type { Deps } from '../../platform/deps.js';
import type { Executor } from '../../platform/db/database.js';
import { getCurrentVersionId, getProcedureVersion, type ProcedureVersion } from '../catalog/catalog.public.js';
import { createCalendarService } from '../calendar/calendar.service.js';
import { toVnIso } from '../calendar/calendar.service.js';
import { createNotifier } from '../integration/integration.public.js';
import { notify } from '../notifications/notifications.public.js';
import { localFileStore } from '../../platform/files.js';
import type { FeePolicySource, ProcedureSource, ProcedureVersionView } from './dossiers.ports.js';
import { onlineReductionPercent } from '../payments/payments.public.js';
import { createDossierService } from './dossiers.service.js';
import { registerDossierRoutes } from './dossiers.routes.js';
import { registerDossierExportJobRoutes, registerDossierExportRoute } from './dossiers.export.js';
import { cleanupJobFiles, JOB_FILES_CLEANUP, JOB_FILES_CLEANUP_CRON } from '../../platform/progress-jobs.js';
import { registerDossierDocumentRoutes } from './dossiers.documents.routes.js';
import { createDossierDocuments, signResult } from './dossiers.documents.service.js';
import { registerTrackingBookRoutes } from './dossiers.tracking-book.js';
import { dossierSigning } from './dossiers.signing.js';
import { writtenRefusalIssuer } from './dossiers.written-refusal.js';
import { createDigitisation, registerDigitisationRoutes } from './dossiers.digitisation.js';
import { signaturesOf } from '../signatures/signatures.public.js';
import { nationalPortalAdapter, nationalSyncHandler } from './dossiers.sync.js';
import * as repo from './dossiers.repo.js';
import { STATUSES } from './dossiers.rules.js';
import { createDeadlineWarnings } from './dossiers.warnings.js';

/** Deadline warnings every 15 minutes of the working day, Monday to Saturday (Asia/Ho_Chi_Minh). */
export const WARNINGS_CRON = '*/15 7-17 * * 1-6';

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
      workflow: k.workflow ? { steps: k.workflow.steps.map((s) => ({ name: s.name, role: s.role, canSendBack: s.canSendBack, interAgency: s.interAgency, agency: { kind: s.agency.kind, id: s.agency.id ?? null } })) } : null,
    })),
    components: c.components.map((x) => ({ name: x.name, originals: x.originals, copies: x.copies, required: x.required, replaceableByData: x.replaceableByData })),
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
  const byId = async (id: string) => {
    const hit = cache.get(id);
    if (hit) return hit;
    const v = await getProcedureVersion(db, id);
    return v ? remember(v) : null;
  };
  return {
    current: async (code, at) => {
      const id = await getCurrentVersionId(db, code, at);
      return id ? byId(id) : null;
    },
    byId,
  };
}

/** The province's online reduction policy, read through the payments module's public file. */
export function feePolicySource(db: Executor): FeePolicySource {
  return { onlineReductionPercent: (code, day) => onlineReductionPercent(db, code, day) };
}

/** Vietnamese text of the message an applicant receives for each lifecycle event. */
export function notificationText(event: string, code: string, extra: { appointment?: string | null; status: number }): string {
  const when = extra.appointment ? ` Ngày hẹn trả kết quả: ${extra.appointment.slice(11, 16)} ngày ${extra.appointment.slice(8, 10)}/${extra.appointment.slice(5, 7)}/${extra.appointment.slice(0, 4)}.` : '';
  switch (event) {
    case 'submit_online': return `Hồ sơ ${code} đã được gửi trực tuyến và đang chờ tiếp nhận.`;
    case 'receive': return `Hồ sơ ${code} đã được tiếp nhận.${when}`;
    case 'refuse': return `Hồ sơ ${code} không được tiếp nhận. Vui lòng xem lý do trong phiếu từ chối.`;
    case 'guide_supplement_before_receipt':
    case 'request_supplement': return `Hồ sơ ${code} cần bổ sung, hoàn thiện. Vui lòng xem phiếu yêu cầu bổ sung.`;
    case 'request_payment': return `Hồ sơ ${code}: vui lòng thực hiện nghĩa vụ tài chính (nộp phí, lệ phí) để tiếp tục giải quyết.`;
    case 'result_ready': return `Hồ sơ ${code} đã có kết quả giải quyết.`;
    case 'stop': return `Hồ sơ ${code} không đủ điều kiện giải quyết. Vui lòng xem lý do trong thông báo từ chối giải quyết (kết quả của hồ sơ).`;
    case 'apologise': return `Cơ quan xin lỗi vì hồ sơ ${code} chậm so với hẹn.${when}`;
    default: return `Hồ sơ ${code}: ${STATUSES[extra.status as 1]?.nameVi ?? 'cập nhật'}.`;
  }
}

export function registerDossiers(app: App, deps: Deps): void {
  const calendar = createCalendarService(deps.database);
  const files = localFileStore(deps.config.filesDir);
  // Results signed at approval, uploaded PDFs verified, documents sealed (issue 19, signatures module).
  const signing = dossierSigning({ database: deps.database, files, signatures: signaturesOf(deps), hmac: (h) => signResult(h, deps.config.resultSigningKey), publicBaseUrl: deps.config.publicBaseUrl });
  // The written refusal after appraisal, sealed like the agency's other documents and stored as the result (issue 18 §2).
  const writtenRefusal = writtenRefusalIssuer({ database: deps.database, files, seal: (pdf, agency, reason) => signing.seal(pdf, agency, reason), check: (x, f) => signing.checkUpload(x, f), hmac: (h) => signResult(h, deps.config.resultSigningKey) });
  const service = createDossierService({ database: deps.database, calendar, procedures: procedureSource(deps.database.db), feePolicy: feePolicySource(deps.database.db), clock: deps.clock, signing, writtenRefusal });
  registerDossierRoutes(app, service);
  registerDossierExportRoute(app, service);
  registerDossierExportJobRoutes(app, service, deps.database, deps.clock);
  // The files of long exports are kept for a day, then deleted (every kind of job; the first module with such exports defines it).
  deps.jobs.define(JOB_FILES_CLEANUP, JOB_FILES_CLEANUP_CRON, async () => {
    const n = await cleanupJobFiles(deps.database, deps.clock.now());
    if (n) app.log.info({ files: n }, 'expired job files deleted');
  });
  registerDossierDocumentRoutes(app, createDossierDocuments({ service, database: deps.database, files, calendar, publicBaseUrl: deps.config.publicBaseUrl, signing, resultSigningKey: deps.config.resultSigningKey }));
  registerTrackingBookRoutes(app, deps.database, deps.clock);
  registerDigitisationRoutes(app, createDigitisation({ service, database: deps.database, files, signing }));

  // Warnings before late (issue 21 §2): the holder, the unit's leaders, the one-stop section.
  const warnings = createDeadlineWarnings({ database: deps.database, calendar, clock: deps.clock, thresholds: () => deps.config.deadlineWarnBefore });
  deps.jobs.define('dossiers.deadline-warnings', WARNINGS_CRON, async () => {
    const r = await warnings.run();
    if (r.notifications) app.log.info(r, 'deadline warnings written');
  });

  const { adapter, kind } = nationalPortalAdapter(deps.config.sandboxes.has('national_portal'));
  deps.outbox.register('national.sync', nationalSyncHandler(deps.database, adapter, kind, deps.config.publicBaseUrl));

  const notifier = createNotifier(deps.database.db, deps.config);
  deps.outbox.register('notify.applicant', async (m) => {
    const p = m.payload as { dossierId: string; code: string; event: string; status: number };
    const d = await repo.getDossier(deps.database.db, p.dossierId);
    if (!d) return;
    const text = notificationText(p.event, d.code, { appointment: d.appointmentCurrent ? toVnIso(d.appointmentCurrent) : null, status: p.status });
    if (d.applicantUserId) {
      // An applicant with an account: the notification centre (in-app at once, then the channels the
      // person chose, outside their quiet hours). Deduplicated by the outbox id (at-least-once).
      await deps.database.transaction((tx) =>
        notify(tx, { recipient: { citizenId: d.applicantUserId! }, kind: 'dossier.status', title: `Hồ sơ ${d.code}`, body: text, link: `/ho-so/${d.id}`, subject: { type: 'dossier', id: d.id }, dedupeKey: `notify.applicant:${m.id}` }),
      );
      return;
    }
    // No account (a counter or postal applicant): the contact written on the dossier.
    if (d.applicant.email) await notifier.send({ channel: 'email', to: d.applicant.email, subject: `Hồ sơ ${d.code}`, text, key: `${m.id}:email`, reference: d.code });
    if (d.applicant.phone) await notifier.send({ channel: 'sms', to: d.applicant.phone, subject: null, text, key: `${m.id}:sms`, reference: d.code });
    if (d.applicant.phone) await notifier.send({ channel: 'zalo', to: d.applicant.phone, subject: null, text, key: `${m.id}:zalo`, reference: d.code });
  });
}

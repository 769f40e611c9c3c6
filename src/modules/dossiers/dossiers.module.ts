import { vnIso } from '../../platform/vn-time.js';
import type { App } from '../../platform/http/server.js';
import type { Deps } from '../../platform/deps.js';
import { createNotifier } from '../integration/integration.public.js';
import { notify } from '../notifications/notifications.public.js';
import { registerDossierRoutes } from './dossiers.routes.js';
import { registerDossierExportJobRoutes, registerDossierExportRoute } from './dossiers.export.js';
import { cleanupJobFiles, JOB_FILES_CLEANUP, JOB_FILES_CLEANUP_CRON } from '../../platform/progress-jobs.js';
import { registerDossierDocumentRoutes } from './dossiers.documents.routes.js';
import { createDossierDocuments } from './dossiers.documents.service.js';
import { registerTrackingBookRoutes } from './dossiers.tracking-book.js';
import { createDigitisation, registerDigitisationRoutes } from './dossiers.digitisation.js';
import { nationalPortalAdapter, nationalSyncHandler } from './dossiers.sync.js';
import * as repo from './dossiers.repo.js';
import { STATUSES } from './dossiers.rules.js';
import { createDeadlineWarnings } from './dossiers.warnings.js';

/** Deadline warnings every 15 minutes of the working day, Monday to Saturday (Asia/Ho_Chi_Minh). */
export const WARNINGS_CRON = '*/15 7-17 * * 1-6';

/** Vietnamese text of the message an applicant receives for each lifecycle event. */
export function notificationText(event: string, code: string, extra: { appointment?: string | null; status: number }): string {
  const when = extra.appointment
    ? ` Ngày hẹn trả kết quả: ${extra.appointment.slice(11, 16)} ngày ${extra.appointment.slice(8, 10)}/${extra.appointment.slice(5, 7)}/${extra.appointment.slice(0, 4)}.`
    : '';
  switch (event) {
    case 'submit_online':
      return `Hồ sơ ${code} đã được gửi trực tuyến và đang chờ tiếp nhận.`;
    case 'receive':
      return `Hồ sơ ${code} đã được tiếp nhận.${when}`;
    case 'refuse':
      return `Hồ sơ ${code} không được tiếp nhận. Vui lòng xem lý do trong phiếu từ chối.`;
    case 'guide_supplement_before_receipt':
    case 'request_supplement':
      return `Hồ sơ ${code} cần bổ sung, hoàn thiện. Vui lòng xem phiếu yêu cầu bổ sung.`;
    case 'request_payment':
      return `Hồ sơ ${code}: vui lòng thực hiện nghĩa vụ tài chính (nộp phí, lệ phí) để tiếp tục giải quyết.`;
    case 'result_ready':
      return `Hồ sơ ${code} đã có kết quả giải quyết.`;
    case 'stop':
      return `Hồ sơ ${code} không đủ điều kiện giải quyết. Vui lòng xem lý do trong thông báo từ chối giải quyết (kết quả của hồ sơ).`;
    case 'apologise':
      return `Cơ quan xin lỗi vì hồ sơ ${code} chậm so với hẹn.${when}`;
    default:
      return `Hồ sơ ${code}: ${STATUSES[extra.status as 1]?.nameVi ?? 'cập nhật'}.`;
  }
}

export function registerDossiers(app: App, deps: Deps): void {
  // The dossier service, its file store and signing adapter are built once by the composition root (buildDossierServices).
  const { service, files, signing } = deps.dossiers;
  const calendar = deps.calendar;
  registerDossierRoutes(app, service);
  registerDossierExportRoute(app, service);
  registerDossierExportJobRoutes(app, service, deps.database, deps.clock);
  // The files of long exports are kept for a day, then deleted (every kind of job; the first module with such exports defines it).
  deps.jobs.define(JOB_FILES_CLEANUP, JOB_FILES_CLEANUP_CRON, async () => {
    const n = await cleanupJobFiles(deps.database, deps.clock.now());
    if (n) app.log.info({ files: n }, 'expired job files deleted');
  });
  registerDossierDocumentRoutes(
    app,
    createDossierDocuments({
      service,
      database: deps.database,
      files,
      calendar,
      clock: deps.clock,
      publicBaseUrl: deps.config.publicBaseUrl,
      signing,
      resultSigningKey: deps.config.resultSigningKey,
    }),
  );
  registerTrackingBookRoutes(app, deps.database, deps.clock);
  registerDigitisationRoutes(app, createDigitisation({ service, database: deps.database, files, signing }));

  // Warnings before late (issue 21 §2): the holder, the unit's leaders, the one-stop section.
  const warnings = createDeadlineWarnings({ database: deps.database, calendar, clock: deps.clock, thresholds: () => deps.config.deadlineWarnBefore });
  deps.jobs.define('dossiers.deadline-warnings', WARNINGS_CRON, async () => {
    const r = await warnings.run();
    if (r.notifications) app.log.info(r, 'deadline warnings written');
  });

  const { adapter, kind } = nationalPortalAdapter(deps.config.sandboxes.has('national_portal'), deps.config.nationalPortal);
  deps.outbox.register('national.sync', nationalSyncHandler(deps.database, adapter, kind, deps.config.publicBaseUrl));

  const notifier = createNotifier(deps.database.db, deps.config);
  deps.outbox.register('notify.applicant', async (m) => {
    const p = m.payload as { dossierId: string; code: string; event: string; status: number };
    const d = await repo.getDossier(deps.database.db, p.dossierId);
    if (!d) return;
    const text = notificationText(p.event, d.code, { appointment: d.appointmentCurrent ? vnIso(d.appointmentCurrent) : null, status: p.status });
    if (d.applicantUserId) {
      // An applicant with an account: the notification centre (in-app at once, then the channels the
      // person chose, outside their quiet hours). Deduplicated by the outbox id (at-least-once).
      await deps.database.transaction((tx) =>
        notify(tx, {
          recipient: { citizenId: d.applicantUserId! },
          kind: 'dossier.status',
          title: `Hồ sơ ${d.code}`,
          body: text,
          link: `/ho-so/${d.id}`,
          subject: { type: 'dossier', id: d.id },
          dedupeKey: `notify.applicant:${m.id}`,
        }),
      );
      return;
    }
    // No account (a counter or postal applicant): the contact written on the dossier.
    if (d.applicant.email)
      await notifier.send({ channel: 'email', to: d.applicant.email, subject: `Hồ sơ ${d.code}`, text, key: `${m.id}:email`, reference: d.code });
    if (d.applicant.phone) await notifier.send({ channel: 'sms', to: d.applicant.phone, subject: null, text, key: `${m.id}:sms`, reference: d.code });
    if (d.applicant.phone) await notifier.send({ channel: 'zalo', to: d.applicant.phone, subject: null, text, key: `${m.id}:zalo`, reference: d.code });
  });
}

import type { App } from '../../platform/http/server.js';
import type { Deps } from '../../platform/deps.js';
import { createNotifier } from '../integration/integration.public.js';
import { registerReportsRoutes } from './reports.routes.js';
import { createReportsService, type ReportSigning } from './reports.service.js';
import { signAsOfficial, signaturesOf } from '../signatures/signatures.public.js';
import { agencyPlaceName, personName } from '../org/org.public.js';
import { localFileStore } from '../../platform/files.js';
import { sandboxGovReporting } from './reports.national.js';
import { setNationalReceipt } from './reports.repo.js';

/** Every day at 00:20 (Asia/Ho_Chi_Minh): open the periods that begin, then send reminders at 07:30. */
export const OPEN_PERIODS_CRON = '20 0 * * *';
export const REMINDERS_CRON = '30 7 * * *';

/** The leader's signature on a report: the signatures module's port, the signed PDF kept in the file store. */
function reportSigning(deps: Deps): ReportSigning {
  const signatures = signaturesOf(deps);
  const files = localFileStore(deps.config.filesDir);
  const db = deps.database.db;
  return {
    async sign(actor, pdf, reason) {
      const person = await personName(db, actor.id);
      const agencyName = actor.agency?.name ?? '';
      const signed = await signAsOfficial(
        signatures,
        {
          userId: actor.id,
          username: actor.username,
          fullName: person?.fullName ?? actor.fullName,
          title: person?.title ?? null,
          agencyId: actor.agencyId ?? '',
          agencyName,
        },
        pdf,
        {
          reason,
          location: (actor.agencyId ? await agencyPlaceName(db, actor.agencyId) : null) ?? 'Viet Nam',
        },
      );
      const stored = await files.put(signed);
      return { key: stored.key, sha256: stored.sha256, data: signed };
    },
    check: (tx, f) => signatures.checkAndStore(tx, { ...f, mimeType: 'application/pdf' }),
    async verdicts(hashes) {
      const m = await signatures.storedVerdicts(db, hashes);
      return new Map([...m].map(([k, v]) => [k, { status: v.status, verdict: v.verdict }]));
    },
    file: (key) => files.get(key),
  };
}

export function registerReports(app: App, deps: Deps): void {
  const svc = createReportsService({
    database: deps.database,
    clock: deps.clock,
    calendar: deps.calendar,
    quality: deps.quality,
    tasks: deps.tasks,
    signing: reportSigning(deps),
  });
  registerReportsRoutes(app, svc, deps.database, deps.clock);
  deps.jobs.define('reports.open-periods', OPEN_PERIODS_CRON, async () => {
    await svc.openDuePeriods();
  });
  deps.jobs.define('reports.reminders', REMINDERS_CRON, async () => {
    await svc.sendReminders();
  });

  // SANDBOX notifications: reminders and status changes are recorded in integration_delivery
  // (channel 'email', addressed to the agency's reporting mailbox), not sent. A real channel
  // (e-mail, the document-management system) replaces the notifier behind the same port.
  const notifier = createNotifier(deps.database.db, deps.config);
  deps.outbox.register('reports.reminder', async (m) => {
    const p = m.payload as { submissionId: string; agencyId: string; text: string; kind: string };
    await notifier.send({
      channel: 'email',
      to: `bao-cao@agency-${p.agencyId}`,
      subject: 'Nhắc hạn gửi báo cáo',
      text: p.text,
      key: `${m.id}`,
      reference: `report:${p.submissionId}`,
    });
  });
  deps.outbox.register('reports.submission.changed', async (m) => {
    const p = m.payload as {
      submissionId: string;
      type: string;
      regimeName: string;
      period: string;
      agencyName: string;
      agencyId: string;
      receiverAgencyId: string;
    };
    if (!['submit', 'return', 'accept'].includes(p.type)) return;
    const toReceiver = p.type === 'submit';
    const verb = p.type === 'submit' ? 'đã gửi' : p.type === 'return' ? 'bị trả lại' : 'đã được tiếp nhận';
    await notifier.send({
      channel: 'email',
      to: `bao-cao@agency-${toReceiver ? p.receiverAgencyId : p.agencyId}`,
      subject: `${p.regimeName} — ${p.period}`,
      text: `Báo cáo ${p.regimeName} — ${p.period} của ${p.agencyName} ${verb}.`,
      key: `${m.id}`,
      reference: `report:${p.submissionId}`,
    });
  });
  // reports.period.opened, .regime.changed and .consolidation.changed are audit-only (src/platform/outbox.topics.ts).
  const gov = sandboxGovReporting(deps.database.db);
  deps.outbox.register('reports.national.send', async (m) => {
    const p = m.payload as { periodId: string; regimeCode: string; period: string; label: string };
    const { receipt } = await gov.send({ key: String(m.id), regimeCode: p.regimeCode, period: p.period, label: p.label, payload: m.payload });
    await setNationalReceipt(deps.database.db, p.periodId, receipt);
  });
}

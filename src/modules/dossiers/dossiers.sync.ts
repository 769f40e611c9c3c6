import type { Database } from '../../platform/db/database.js';
import type { Config } from '../../platform/config.js';
import type { ClaimedMessage } from '../../platform/outbox.js';
import {
  HttpNationalPortalAdapter,
  SandboxNationalPortalAdapter,
  nationalSyncIdempotencyKey,
  recordDelivery,
  toNationalPayload,
  type NationalPortalAdapter,
  type NationalSyncStep,
} from '../integration/integration.public.js';
import { ACTION_NAMES_VI, type ActionType, type DossierState } from './dossiers.rules.js';
import * as repo from './dossiers.repo.js';

/**
 * National portal sync: each status change and step is an outbox row (topic `national.sync`,
 * ordered per dossier); this handler turns it into the `{ hoSo, tienTrinhDongBo }` payload and
 * sends it through the configured adapter. Without NATIONAL_PORTAL_URL the adapter is the
 * SANDBOX (demo mode, or SANDBOX=national_portal in production), which contacts nothing; every
 * accepted delivery is recorded in integration_delivery.
 */
export function nationalPortalAdapter(
  sandboxAllowed: boolean,
  portal: Config['nationalPortal'],
): { adapter: NationalPortalAdapter; kind: 'sandbox' | 'http' | 'not_configured' } {
  if (portal.url) {
    const headers = portal.token ? { authorization: `Bearer ${portal.token}` } : undefined;
    return { adapter: new HttpNationalPortalAdapter({ url: portal.url, headers }), kind: 'http' };
  }
  if (sandboxAllowed) return { adapter: new SandboxNationalPortalAdapter(), kind: 'sandbox' };
  // Production without NATIONAL_PORTAL_URL and without SANDBOX=national_portal: nothing is sent and
  // nothing pretends to be; each sync message is dead-lettered with this error (docs/operations.md).
  return {
    adapter: {
      async send() {
        throw Object.assign(new Error('national_portal_not_configured: NATIONAL_PORTAL_URL is not set; the dossier was not synced'), {
          permanent: true,
          code: 'national_portal_not_configured',
        });
      },
    },
    kind: 'not_configured',
  };
}

export function nationalSyncHandler(database: Database, adapter: NationalPortalAdapter, kind: string, publicBaseUrl: string) {
  return async (m: ClaimedMessage): Promise<void> => {
    const p = m.payload as { dossierId: string; seq: number; state?: DossierState };
    // One statement: the dossier, its actions and files, and the handling agency's name (the lead
    // agency of the state sent, else the receiving agency).
    const src = await repo.getSyncSource(database.db, p.dossierId, p.state ? p.state.leadAgencyId : null, !p.state);
    if (!src) throw Object.assign(new Error(`dossier ${p.dossierId} not found`), { permanent: true });
    const d = src.dossier;
    const state = p.state ?? d.state;
    const actions = src.actions.filter((a) => a.seq <= p.seq);
    const lead = src.agencyName === null ? null : { name: src.agencyName };
    const files = src.files;
    const steps: NationalSyncStep[] = actions.map((a) => ({
      officerName: a.actorUsername ?? 'system',
      officerTitle: a.actorRole,
      at: a.at.toISOString(),
      department: a.agencyName,
      content: ACTION_NAMES_VI[a.type as ActionType] ?? a.type,
      status: a.toStatus,
      startedAt: a.at.toISOString(),
      dueAt: d.appointmentCurrent?.toISOString() ?? null,
    }));
    const payload = toNationalPayload(
      {
        code: d.code,
        procedure: { code: d.procedureCode, name: d.procedureName, fieldCode: d.field, fieldName: d.field },
        channel: d.channel,
        applicant: { name: d.applicant.name, idNumber: d.applicant.idNumber, type: d.applicant.kind, phone: d.applicant.phone, email: d.applicant.email },
        summary: d.summary,
        handlingAgency: lead?.name ?? '',
        submissionPlace: d.receivingAgencyId,
        lifecycle: state,
        documents: files
          .filter((f) => f.kind !== 'result')
          .map((f) => ({
            fileId: f.id,
            componentCode: String(f.componentIndex ?? ''),
            fileName: f.fileName,
            fileUrl: `${publicBaseUrl}/api/v1/dossiers/${d.id}/files/${f.id}`,
            digitised: f.digitised,
            reused: !!f.reusedFrom,
            fromNationalStore: false,
          })),
        fees: state.payments.flatMap((pay) =>
          pay.items.map((i) => ({ code: '', name: i.name, amount: i.due ?? i.amount, collection: pay.paidOnline ? 'online' : 'counter', kind: 'fee' })),
        ),
        results: state.result
          ? [
              {
                code: state.result.decisionNumber,
                name: state.result.decisionNumber,
                fileUrl: state.result.fileId ? `${publicBaseUrl}/api/v1/dossiers/${d.id}/files/${state.result.fileId}` : '',
              },
            ]
          : [],
        nationalDatabases: [],
        vneidAuthenticated: false,
        onlinePayment: state.payments.some((x) => x.paidOnline) ? 'provincial_gateway' : null,
      },
      steps,
    );
    const key = nationalSyncIdempotencyKey(d.code, p.seq);
    const r = await adapter.send(payload, key);
    if (!r.accepted) throw Object.assign(new Error(`national portal rejected ${d.code}#${p.seq}: ${r.code ?? ''}`), { permanent: true });
    await recordDelivery(database.db, { channel: 'national_portal', adapter: kind, key, subject: d.code, payload });
  };
}

/**
 * What other modules may do with dossiers beyond the service (reads of one dossier, files the
 * applicant already holds, the payment gateway's confirmation, the history import's rows), exposed
 * through dossiers.public.ts. The rules and the action pipeline stay in dossiers.service.ts.
 */
import type { Executor, Tx } from '../../platform/db/database.js';
import type { Actor, RequestContext, Role } from '../../platform/context.js';
import { enqueue } from '../../platform/outbox.js';
import type { DossierService } from './dossiers.service.js';
import * as repo from './dossiers.repo.js';

export const getDossier = (db: Executor, id: string) => repo.getDossier(db, id);
export const getDossierByCode = (db: Executor, code: string) => repo.getDossierByCode(db, code);
export const listDossierFiles = (db: Executor, dossierId: string) => repo.listFiles(db, dossierId);
export const getDossierFile = (db: Executor, dossierId: string, fileId: string) => repo.getFile(db, dossierId, fileId);

/** Every dossier of an applicant account (newest appointment last), for the citizen's own views; `now` is the caller's clock. */
export async function listApplicantDossiers(db: Executor, userId: string, now: Date, limit = 500): Promise<repo.DossierRow[]> {
  return (await repo.listDossiers(db, { agencyIds: null, applicantUserId: userId, now, limit, offset: 0 })).items;
}

/**
 * Adds a file row to a dossier that points at content already stored (a document the applicant
 * holds in their data warehouse: no re-upload). The caller writes its audit and outbox rows in tx.
 */
export async function attachStoredFile(
  tx: Executor,
  f: {
    dossierId: string;
    componentIndex: number | null;
    fileName: string;
    mimeType: string;
    sizeBytes: number;
    sha256: string;
    storageKey: string;
    reusedFrom: string;
    uploadedBy: string;
  },
): Promise<repo.FileRow> {
  return repo.insertFile(tx, { ...f, kind: 'component', digitised: true, signature: null });
}

/** The automated actor of an external system acting on a dossier held by `agencyId`. */
export function systemActor(name: string, agencyId: string | null): Actor {
  return {
    id: '00000000-0000-4000-8000-000000000001',
    username: `system:${name}`,
    fullName: `Hệ thống (${name})`,
    kind: 'staff',
    roles: ['system' as Role],
    agencyId,
    agency: null,
    sessionId: 'system',
  };
}

/**
 * The payment gateway confirms that the applicant paid: the `payment_received` action by the
 * `system` actor (the rules allow it), on behalf of the agency holding the dossier. Idempotent by
 * `idemKey`. Returns the dossier's new status.
 */
export async function confirmPaymentAsSystem(
  service: DossierService,
  db: Executor,
  ctx: Omit<RequestContext, 'actor'>,
  dossierId: string,
  input: { paidOnline: boolean; reference: string },
  idemKey: string,
): Promise<{ status: number; applied: boolean; alreadyPaid: boolean }> {
  const d = await repo.getDossier(db, dossierId);
  if (!d) throw new Error(`dossier ${dossierId} not found`);
  if (d.status !== 6) {
    // Not waiting for a payment (already resumed by an earlier delivery, or withdrawn meanwhile).
    const last = d.state.payments[d.state.payments.length - 1];
    return { status: d.status, applied: false, alreadyPaid: !!last?.paidAt };
  }
  const actor = systemActor('payment-gateway', d.currentAgencyId ?? d.receivingAgencyId);
  const r = await service.act(
    { ...ctx, actor },
    dossierId,
    { type: 'payment_received', version: d.version, paidOnline: input.paidOnline, reference: input.reference },
    idemKey,
    // Inside the caller's transaction when it passed one as db.
    { view: false, tx: db.isTransaction ? (db as Tx) : undefined },
  );
  const after = await repo.getDossier(db, dossierId);
  return { status: after!.status, applied: !r.replayed, alreadyPaid: true };
}

/**
 * Issue 19 §3: marks a listed component as re-used from `reusedFrom` (e.g. warehouse:<id>) and feeds
 * the QĐ 766 read model (4.3) in the caller's transaction. False when the dossier does not list it.
 */
export async function markComponentReused(tx: Executor, d: { id: string; code: string }, index: number, reusedFrom: string): Promise<boolean> {
  if (!(await repo.patchComponent(tx, d.id, index, { reusedFrom }))) return false;
  await enqueue(tx, {
    topic: 'quality.dossier_changed',
    aggregateKey: `quality:${d.id}`,
    payload: { dossierId: d.id, code: d.code, action: 'component_reused', componentIndex: index },
  });
  return true;
}

/**
 * The history import (docs/history-import.md) brings a dossier's files from the previous system: a
 * component's scan with its confirmation, or the result document. The same rows as a live scan or
 * result (`dossier_file`, the confirmation on the file row and in the component entry), with the
 * times of the previous system. `confirmed.by` is the import's actor; the previous system's officer
 * is kept by name in the component entry (`importedConfirmedBy`). The caller writes audit and outbox in tx.
 */
export async function importDossierFile(
  tx: Executor,
  f: {
    dossierId: string;
    componentIndex: number | null;
    kind: 'component' | 'result';
    fileName: string;
    mimeType: string;
    sizeBytes: number;
    sha256: string;
    storageKey: string;
    uploadedBy: string;
    uploadedAt: Date;
    confirmed?: { by: string; byName: string; at: Date };
  },
): Promise<repo.FileRow> {
  const row = await repo.insertFile(tx, { ...f, digitised: false, reusedFrom: null, signature: null });
  if (f.confirmed && f.componentIndex !== null) {
    await repo.confirmComponentScan(tx, {
      dossierId: f.dossierId,
      index: f.componentIndex,
      fileId: row.id,
      by: f.confirmed.by,
      at: f.confirmed.at,
      extra: { importedConfirmedBy: f.confirmed.byName },
    });
  }
  return { ...row, digitised: !!f.confirmed };
}

/**
 * History import: the previous system declared a paper component "digitised" but brought no scan.
 * Since issue 19 that does not count (4.2 needs the stored, confirmed scan); the declaration is
 * kept on the component entry (`declaredDigitised`) so that nothing of the record is lost.
 */
export async function noteDeclaredDigitised(tx: Executor, dossierId: string, index: number): Promise<boolean> {
  return repo.patchComponent(tx, dossierId, index, { declaredDigitised: true });
}

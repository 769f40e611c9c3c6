/**
 * Certified electronic copies (issue 19 §4) reach the person's warehouse through this function,
 * called by the certification module in its own transaction. Only an account whose personal ID is
 * verified (VNeID) receives the copy: a self-declared ID could belong to someone else.
 */
import type { Executor } from '../../platform/db/database.js';
import { findProfile, insertItem } from './citizens.repo.js';

export interface CertifiedCopyForWarehouse {
  personalId: string;
  title: string;
  issuedOn: string;
  fileName: string;
  sizeBytes: number;
  storageKey: string;
  sha256: string;
  /** The certification record: register number, book, agency, who certified, when. */
  certification: { id: string; registerNo: number; book: string; agencyName: string; certifiedAt: string };
}

/** Adds the copy (marked certified, with its certification record) to the warehouse of the verified account holding `personalId`; null when there is none. */
export async function storeCertifiedCopy(tx: Executor, c: CertifiedCopyForWarehouse): Promise<{ ownerId: string; itemId: string } | null> {
  const owner = await findProfile(tx, { personalId: c.personalId, verified: true });
  if (!owner) return null;
  const itemId = await insertItem(tx, {
    ownerId: owner.userId,
    kind: 'component',
    title: c.title,
    docType: 'certified_copy',
    source: 'certified_copy',
    sourceRef: c.certification.book,
    dossierId: null,
    dossierFileId: null,
    procedureCode: null,
    issuedOn: c.issuedOn,
    validUntil: null,
    certified: true,
    fileName: c.fileName,
    mimeType: 'application/pdf',
    sizeBytes: c.sizeBytes,
    storageKey: c.storageKey,
    sha256: c.sha256,
    data: { certification: c.certification },
  });
  return itemId ? { ownerId: owner.userId, itemId } : null;
}

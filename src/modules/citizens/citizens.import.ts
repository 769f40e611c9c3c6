/**
 * A satisfaction rating brought from a province's previous one-stop system (history import,
 * docs/history-import.md): the same `dossier_rating` row as a rating given in MotCua (QĐ 766 5.4
 * reads it the same way), at the time it was given, not editable any more. The caller (history
 * module) checks it, writes the audit and outbox rows in the same transaction.
 */
import type { Executor } from '../../platform/db/database.js';
import * as repo from './citizens.repo.js';

export async function importRating(
  tx: Executor,
  r: {
    dossierId: string;
    dossierCode: string;
    procedureCode: string;
    receivingAgencyId: string;
    leadAgencyId: string | null;
    agencyIds: string[];
    level: number;
    source: 'counter' | 'link' | 'account';
    comment: string | null;
    at: Date;
  },
): Promise<boolean> {
  return repo.insertRating(tx, {
    dossierId: r.dossierId,
    dossierCode: r.dossierCode,
    ownerId: null,
    channel: r.source,
    procedureCode: r.procedureCode,
    receivingAgencyId: r.receivingAgencyId,
    leadAgencyId: r.leadAgencyId,
    agencyIds: r.agencyIds,
    answers: { overall: r.level },
    overall: r.level,
    comment: r.comment,
    editableUntil: r.at,
    at: r.at,
  });
}

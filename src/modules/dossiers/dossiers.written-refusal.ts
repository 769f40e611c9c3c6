/**
 * The written refusal after appraisal (issue 18 §2): when the competent agency stops a dossier as
 * not eligible (status 8), it tells the applicant in writing, stating the reasons, on the form of
 * the circular in force for the dossier, numbered, signed with the agency's seal (signatures
 * module, as receipts and intake refusals are sealed), and the notice is the dossier's result: a
 * `result` file the applicant downloads and anyone can verify by its SHA-256.
 *
 * Numbers are "<n>/TB-TCGQ", n counted per issuing agency and calendar year (Vietnam time) in its
 * own short statement, like dossier codes: unique and never reused; a change that fails after the
 * number was taken (another officer acted first) leaves a gap and an unreferenced file in the store.
 */
import { randomUUID } from 'node:crypto';
import type { Database, Executor } from '../../platform/db/database.js';
import type { FileStore } from '../../platform/files.js';
import { getSetting } from '../../platform/auth/auth.repo.js';
import { agencyPlaceName, getAgency, personName } from '../org/org.public.js';
import { appraisalRefusalPdf, formSetFor, type Issuer } from './documents/index.js';
import { basisLine, vnDay } from './legal-basis.js';
import type { WrittenRefusalIssuer } from './dossiers.ports.js';
import * as repo from './dossiers.repo.js';

/** The issuing agency's heading: parent agency, name, and the place name for the date line. */
export async function documentIssuer(db: Executor, agencyId: string): Promise<Issuer> {
  const a = await getAgency(db, agencyId);
  const parent = a?.parentId ? await getAgency(db, a.parentId) : null;
  // A ward's or commune's agency dates its documents with the ward's place name, others with the province's.
  const place = (await agencyPlaceName(db, agencyId)) ?? (await getSetting(db, 'province_name')) ?? '';
  return { parentAgency: parent?.name ?? null, agencyName: a?.name ?? '', place };
}

export function writtenRefusalIssuer(d: {
  database: Database;
  files: FileStore;
  /** The agency's seal (dossiers.signing.ts); the PDF unchanged when no seal signer is configured. */
  seal?: (pdf: Buffer, agency: { id: string; name: string }, reason: string) => Promise<{ pdf: Buffer }>;
  hmac: (hash: string) => string | null;
  /** Verifies the sealed PDF and keeps its verdict by SHA-256, as for every PDF of a dossier. */
  check?: (x: Executor, f: { sha256: string; mimeType: string; data: Buffer }) => Promise<unknown>;
}): WrittenRefusalIssuer {
  const db = d.database.db;
  return async ({ ctx, dossier, reason, at, lawDay }) => {
    const s = dossier.state;
    const agencyId = s.currentAgencyId ?? dossier.receivingAgencyId;
    const agency = await getAgency(db, agencyId);
    if (!agency) throw new Error(`agency ${agencyId} of dossier ${dossier.id} not found`);
    const day = vnDay(at);
    const year = day.slice(0, 4);
    const seq = await repo.nextCodeSeq(db, `${agency.code}/TB-TCGQ`, year);
    const number = `${seq}/TB-TCGQ`;
    const signer = await personName(db, ctx.actor?.id);
    let pdf = await appraisalRefusalPdf({
      issuer: await documentIssuer(db, agencyId),
      number,
      issuedAt: at,
      formSet: formSetFor(lawDay, at),
      legalBasis: basisLine('refusal_after_appraisal', lawDay, day),
      dossierCode: dossier.code,
      applicant: {
        name: dossier.applicant.name,
        idNumber: dossier.applicant.idNumber,
        address: dossier.applicant.address,
        phone: dossier.applicant.phone,
        email: dossier.applicant.email,
      },
      procedureName: dossier.procedureName,
      receivedAt: s.receivedAt ?? at,
      reasons: [reason],
      oneStopName: (await getAgency(db, dossier.receivingAgencyId))?.name ?? '',
      signer: { title: 'Thủ trưởng cơ quan', name: signer?.fullName ?? ctx.actor?.fullName ?? '' },
    });
    if (d.seal) pdf = (await d.seal(pdf, { id: agency.id, name: agency.name }, `appraisal-refusal ${dossier.code}`)).pdf;
    const stored = await d.files.put(pdf);
    if (d.check) await d.check(db, { sha256: stored.sha256, mimeType: 'application/pdf', data: pdf });
    return {
      number,
      file: {
        id: randomUUID(),
        dossierId: dossier.id,
        componentIndex: null,
        kind: 'result',
        fileName: `${dossier.code}-thong-bao-tu-choi-giai-quyet.pdf`,
        mimeType: 'application/pdf',
        sizeBytes: stored.size,
        sha256: stored.sha256,
        storageKey: stored.key,
        digitised: false,
        reusedFrom: null,
        signature: d.hmac(stored.sha256),
        uploadedBy: ctx.actor?.id ?? null,
      },
    };
  };
}

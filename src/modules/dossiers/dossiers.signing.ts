/**
 * Digital signatures of dossier results and documents (issue 19), on the signatures module's
 * public port: the approving leader signs the result PDF with their own certificate (PAdES,
 * incremental: earlier signatures stay valid), the signed copy is stored as a new result file
 * with its verdict, and every PDF uploaded to a dossier is verified and its verdict kept.
 */
import type { Database } from '../../platform/db/database.js';
import type { FileStore } from '../../platform/files.js';
import { sha256 } from '../../platform/files.js';
import { AppError, unprocessable } from '../../platform/errors.js';
import { recordAudit } from '../../platform/audit.js';
import { enqueue } from '../../platform/outbox.js';
import { agencyPlaceName, personName } from '../org/org.public.js';
import { getSetting } from '../../platform/auth/auth.repo.js';
import { CscError, type SignaturesService, type Identity } from '../signatures/signatures.public.js';
import type { DossierSigning } from './dossiers.ports.js';
import * as repo from './dossiers.repo.js';

/** HMAC of a result file when RESULT_SIGNING_KEY is set (kept beside the PAdES signature, see dossiers.documents.service.ts). */
type Hmac = (hash: string) => string | null;

function signingError(err: unknown): AppError {
  if (err instanceof AppError) return err;
  if (err instanceof CscError) {
    if (err.code === 'csc_unavailable') return new AppError(503, 'signing_unavailable', err.message);
    if (err.code === 'csc_timeout') return unprocessable('signing_not_confirmed', err.message);
    return unprocessable('signing_refused', err.message);
  }
  return unprocessable('result_unsignable', `Không ký số được tệp PDF này (${(err as Error).message}). Hãy xuất lại tệp kết quả ra PDF rồi tải lên.`);
}

/** The public check a result's QR code opens: /tra-cuu?kq=<SHA-256 of the result before its first signature>. */
export const resultCheckUrl = (publicBaseUrl: string, sha256: string) => `${publicBaseUrl.replace(/\/$/, '')}/tra-cuu?kq=${sha256}`;

export function dossierSigning(d: {
  database: Database;
  files: FileStore;
  signatures: SignaturesService;
  hmac: Hmac;
  publicBaseUrl: string;
}): DossierSigning & {
  /** The SHA-256 of the latest signed copy made from a result (itself when none). */
  latestSigned(sha256: string): Promise<string>;
  /** Verifies an uploaded PDF and keeps its verdict (inside the upload's transaction). */
  checkUpload: SignaturesService['checkAndStore'];
  /** Seals a document the agency issues, when a seal signer is configured; else the PDF unchanged. */
  seal(pdf: Buffer, agency: { id: string; name: string; code?: string | null }, reason: string): Promise<{ pdf: Buffer; sealed: boolean }>;
} {
  const { database, files, signatures } = d;
  const db = database.db;

  async function place(agencyId: string | null): Promise<string> {
    return (agencyId ? await agencyPlaceName(db, agencyId) : null) ?? (await getSetting(db, 'province_name')) ?? 'Viet Nam';
  }

  return {
    checkUpload: (x, f) => signatures.checkAndStore(x, f),
    latestSigned: (h) => signatures.latestSigned(db, h),

    async signResult({ ctx, dossierId, fileId, decisionNumber }) {
      const actor = ctx.actor!;
      const f = await repo.getFile(db, dossierId, fileId);
      if (!f || f.kind !== 'result') throw unprocessable('result_file_not_found', 'Không tìm thấy tệp kết quả của hồ sơ để ký số.');
      if (f.mimeType !== 'application/pdf') throw unprocessable('result_not_pdf', 'Chỉ ký số được tệp kết quả dạng PDF; hãy tải lên bản PDF của kết quả.');
      const buf = await files.get(f.storageKey);
      if (sha256(buf) !== f.sha256) throw new Error(`integrity check failed for file ${f.id}`);
      const person = await personName(db, actor.id);
      let id: Identity | null;
      try {
        id = await signatures.identityOf({
          userId: actor.id,
          username: actor.username,
          fullName: person?.fullName ?? actor.fullName,
          title: person?.title ?? null,
          agencyId: actor.agencyId ?? '',
          agencyName: actor.agency?.name ?? '',
        });
      } catch (err) {
        throw signingError(err);
      }
      if (!id)
        throw unprocessable(
          'no_signing_certificate',
          'Chưa có chứng thư số của người ký: cần cấu hình dịch vụ ký số từ xa (CSC) và đăng ký chứng thư cho lãnh đạo (docs/signatures.md).',
        );
      let signed: Buffer;
      try {
        signed = await signatures.sign(buf, id, {
          signerName: person?.fullName ?? actor.fullName,
          reason: `Phe duyet ket qua ${decisionNumber}`,
          location: await place(actor.agencyId),
          // The verification QR goes on a result's first signature (placed before signing, inside the signed block).
          visible: {
            kind: 'personal',
            title: person?.title ?? null,
            agencyName: actor.agency?.name ?? '',
            qrUrl: signatures.verify(buf).status === 'none' ? resultCheckUrl(d.publicBaseUrl, f.sha256) : undefined,
          },
        });
      } catch (err) {
        throw signingError(err);
      }
      const stored = await files.put(signed);
      return database.transaction(async (tx) => {
        const row = await repo.insertFile(tx, {
          dossierId,
          componentIndex: null,
          kind: 'result',
          fileName: f.fileName,
          mimeType: 'application/pdf',
          sizeBytes: stored.size,
          sha256: stored.sha256,
          storageKey: stored.key,
          digitised: false,
          reusedFrom: null,
          signature: d.hmac(stored.sha256),
          uploadedBy: actor.id,
        });
        const v = await signatures.checkAndStore(tx, { sha256: stored.sha256, mimeType: 'application/pdf', data: signed });
        await signatures.recordSignedCopy(tx, { source: f.sha256, signed: stored.sha256 });
        const last = v?.signatures[v.signatures.length - 1];
        await recordAudit(tx, ctx, {
          action: 'dossier.result.sign',
          entity: 'dossier',
          entityId: dossierId,
          summary: { fileId, signedFileId: row.id, sha256: stored.sha256, source: id.source, signer: last?.signerName ?? null, verdict: v?.verdict ?? null },
        });
        await enqueue(tx, { topic: 'dossier.file.added', aggregateKey: `dossier:${dossierId}:files`, payload: { dossierId, fileId: row.id, kind: 'result' } });
        return row.id;
      });
    },

    async isValidlySigned(dossierId, fileId) {
      const f = await repo.getFile(db, dossierId, fileId);
      if (!f || f.mimeType !== 'application/pdf') return false;
      const known = (await signatures.storedVerdicts(db, [f.sha256])).get(f.sha256);
      if (known) return known.status === 'valid';
      const v = await signatures.checkAndStore(db, { sha256: f.sha256, mimeType: f.mimeType, data: await files.get(f.storageKey) });
      return v?.status === 'valid';
    },

    async verdicts(hashes) {
      const m = await signatures.storedVerdicts(db, hashes);
      return new Map([...m].map(([k, v]) => [k, { status: v.status, verdict: v.verdict }]));
    },

    async seal(pdf, agency, reason) {
      const id = await signatures.sealOf(agency);
      if (!id) return { pdf, sealed: false };
      return {
        pdf: await signatures.sign(pdf, id, {
          signerName: agency.name,
          reason,
          location: await place(agency.id),
          visible: { kind: 'seal', agencyName: agency.name },
        }),
        sealed: true,
      };
    },
  };
}

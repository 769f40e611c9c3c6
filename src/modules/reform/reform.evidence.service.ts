import type { Database } from '../../platform/db/database.js';
import type { Actor, RequestContext } from '../../platform/context.js';
import { recordAudit } from '../../platform/audit.js';
import { enqueue } from '../../platform/outbox.js';
import { badRequest, conflict, notFound } from '../../platform/errors.js';
import { sha256, sniffMime, type FileStore } from '../../platform/files.js';
import * as repo from './reform.repo.js';
import { agencyOr404, checkAgencyAccess } from './reform.shared.js';

/** Evidence files: at most 10 MB each, PDF, JPEG, PNG or DOCX/XLSX (by content, not by the name). */
export const EVIDENCE_LIMIT_BYTES = 10 * 1024 * 1024;
export const EVIDENCE_MAX_FILES_PER_CRITERION = 20;

/**
 * Evidence files (tài liệu kiểm chứng) of the PAR INDEX self-assessment: uploaded by the agency's
 * staff while the assessment is a draft, stored through the platform's file store (the one the
 * dossiers module uses) with their SHA-256, checked again on every download.
 */
export function createEvidenceService(database: Database, files: FileStore) {
  const db = database.db;

  async function criterionOf(year: number, criterionId: string) {
    const c = (await repo.criteriaOfYear(db, year)).find((x) => x.id === criterionId);
    if (!c) throw badRequest('unknown_criterion', 'Tiêu chí không thuộc bộ tiêu chí của năm này.');
    if (c.rule !== 'manual') throw badRequest('not_self_scored', `Tiêu chí "${c.code}" không do cơ quan tự chấm nên không đính kèm tài liệu kiểm chứng.`);
    return c;
  }

  async function upload(ctx: RequestContext, year: number, agencyId: string, criterionId: string, file: { fileName: string; content: Buffer }) {
    await agencyOr404(db, agencyId);
    await checkAgencyAccess(db, ctx.actor, agencyId);
    const c = await criterionOf(year, criterionId);
    if (file.content.length === 0) throw badRequest('file_empty', 'Tệp rỗng.');
    if (file.content.length > EVIDENCE_LIMIT_BYTES) throw badRequest('file_too_large', `Tệp vượt quá ${EVIDENCE_LIMIT_BYTES / 1024 / 1024} MB.`);
    const mime = sniffMime(file.content);
    if (!mime) throw badRequest('file_type', 'Chỉ nhận tệp PDF, JPEG, PNG hoặc DOCX/XLSX.');
    const existing = await repo.getAssessment(db, year, agencyId);
    if (existing && existing.status !== 'draft') throw conflict('assessment_submitted', 'Bản tự đánh giá đã gửi thẩm định, không thêm tài liệu được nữa.');
    if (existing && (await repo.evidenceFilesOf(db, existing.id)).filter((f) => f.criterionId === c.id).length >= EVIDENCE_MAX_FILES_PER_CRITERION) {
      throw badRequest('too_many_files', `Mỗi tiêu chí có tối đa ${EVIDENCE_MAX_FILES_PER_CRITERION} tệp.`);
    }
    // The content is written first (a file store is not transactional); a row that fails to commit
    // leaves an unreferenced blob, never a row without its content.
    const stored = await files.put(file.content);
    const fileName =
      file.fileName
        .normalize('NFC')
        .replace(/[\\/\u0000-\u001f]/g, '_')
        .slice(0, 255) || 'tai-lieu';
    const id = await database.transaction(async (tx) => {
      const assessmentId = await repo.ensureAssessment(tx, year, agencyId);
      if ((await repo.lockAssessment(tx, assessmentId)) !== 'draft')
        throw conflict('assessment_submitted', 'Bản tự đánh giá đã gửi thẩm định, không thêm tài liệu được nữa.');
      const fileId = await repo.insertEvidenceFile(tx, {
        assessmentId,
        criterionId: c.id,
        fileName,
        mimeType: mime,
        sizeBytes: stored.size,
        sha256: stored.sha256,
        storageKey: stored.key,
        uploadedBy: ctx.actor?.id ?? null,
      });
      await recordAudit(tx, ctx, {
        action: 'reform.par.evidence.upload',
        entity: 'reform_par_assessment',
        entityId: assessmentId,
        summary: { year, agencyId, criterion: c.code, fileId, fileName, sha256: stored.sha256, size: stored.size },
      });
      await enqueue(tx, {
        topic: 'reform.par.evidence.added',
        aggregateKey: `reform_par_assessment:${assessmentId}`,
        payload: { year, agencyId, criterionId: c.id, fileId },
      });
      return { fileId, assessmentId };
    });
    const f = (await repo.getEvidenceFile(db, id.assessmentId, id.fileId))!;
    return publicFile(f);
  }

  /** The content of one file, after checking its SHA-256 against the one recorded at upload. */
  async function download(actor: Actor | null, year: number, agencyId: string, fileId: string) {
    await agencyOr404(db, agencyId);
    await checkAgencyAccess(db, actor, agencyId);
    const a = await repo.getAssessment(db, year, agencyId);
    const f = a ? await repo.getEvidenceFile(db, a.id, fileId) : null;
    if (!f) throw notFound('tài liệu kiểm chứng');
    const content = await files.get(f.storageKey);
    if (sha256(content) !== f.sha256) throw new Error(`integrity check failed for evidence file ${f.id}`);
    return { file: publicFile(f), content };
  }

  async function remove(ctx: RequestContext, year: number, agencyId: string, fileId: string) {
    await agencyOr404(db, agencyId);
    await checkAgencyAccess(db, ctx.actor, agencyId);
    const a = await repo.getAssessment(db, year, agencyId);
    const f = a ? await repo.getEvidenceFile(db, a.id, fileId) : null;
    if (!a || !f) throw notFound('tài liệu kiểm chứng');
    await database.transaction(async (tx) => {
      if ((await repo.lockAssessment(tx, a.id)) !== 'draft')
        throw conflict('assessment_submitted', 'Bản tự đánh giá đã gửi thẩm định, không gỡ tài liệu được nữa.');
      if (!(await repo.removeEvidenceFile(tx, f.id, ctx.actor?.id ?? null))) throw notFound('tài liệu kiểm chứng');
      await recordAudit(tx, ctx, {
        action: 'reform.par.evidence.remove',
        entity: 'reform_par_assessment',
        entityId: a.id,
        summary: { year, agencyId, fileId: f.id, fileName: f.fileName, sha256: f.sha256 },
      });
      await enqueue(tx, { topic: 'reform.par.evidence.removed', aggregateKey: `reform_par_assessment:${a.id}`, payload: { year, agencyId, fileId: f.id } });
    });
  }

  return { upload, download, remove };
}

export const publicFile = (f: repo.EvidenceFileRow) => ({
  id: f.id,
  criterionId: f.criterionId,
  fileName: f.fileName,
  mimeType: f.mimeType,
  sizeBytes: f.sizeBytes,
  sha256: f.sha256,
  uploadedAt: f.uploadedAt,
  uploadedBy: f.uploadedByName,
});

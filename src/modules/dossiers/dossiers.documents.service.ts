/**
 * The documents of a dossier, apart from HTTP (dossiers.documents.routes.ts only parses requests and
 * sends answers): the papers the agency issues (receipt, supplement request, refusal, apology, stop
 * notice, control sheet; sealed when a seal signer is configured), the files officers and citizens
 * upload (stored, HMAC-signed when a result, PAdES-verified), reading them back with an integrity
 * check, and the public check of a result's hash.
 */
import { createHmac } from 'node:crypto';
import type { Database } from '../../platform/db/database.js';
import type { Actor, RequestContext } from '../../platform/context.js';
import { recordAudit } from '../../platform/audit.js';
import { enqueue } from '../../platform/outbox.js';
import { badRequest, forbidden, notFound, unprocessable } from '../../platform/errors.js';
import { sha256, sniffMime, type FileStore } from '../../platform/files.js';
import { getAgency, personName } from '../org/org.public.js';
import { formatDuration, getProcedureVersion } from '../catalog/catalog.public.js';
import type { CalendarService } from '../calendar/calendar.public.js';
import { formatLookupKey, lookupUrl } from './lookup-key.js';
import { ratingToken, ratingUrl } from './rating-token.js';
import {
  apologyPdf,
  controlSheetPdf,
  formSetFor,
  handoverOutcome,
  receiptPdf,
  refusalPdf,
  stopNoticePdf,
  supplementRequestPdf,
  type Issuer,
} from './documents/index.js';
import { basisLine, lawDayOf, vnDay, type Provision } from './legal-basis.js';
import { documentIssuer } from './dossiers.written-refusal.js';
import { ACTION_NAMES_VI, type ActionType } from './dossiers.rules.js';
import type { DossierService } from './dossiers.service.js';
import type { dossierSigning } from './dossiers.signing.js';
import * as repo from './dossiers.repo.js';

export const DOC_KINDS = ['receipt', 'supplement-request', 'refusal', 'apology', 'stop-notice', 'control-sheet', 'appraisal-refusal'] as const;
export type DocKind = (typeof DOC_KINDS)[number];
export type UploadKind = 'component' | 'result' | 'supplement' | 'other';

/** HMAC signature of a result file when a result signing key is configured (Config.resultSigningKey, RESULT_SIGNING_KEY); else null (only the SHA-256). */
export function signResult(hash: string, key: string | null): string | null {
  return key ? createHmac('sha256', key).update(hash).digest('hex') : null;
}

export interface DossierDocumentsDeps {
  service: DossierService;
  database: Database;
  files: FileStore;
  calendar: CalendarService;
  /** "Now" (deps.clock): the day a control sheet is printed. */
  clock: { now(): Date };
  publicBaseUrl: string;
  signing?: ReturnType<typeof dossierSigning>;
  /** Config.resultSigningKey. */
  resultSigningKey: string | null;
}

export function createDossierDocuments(d: DossierDocumentsDeps) {
  const { service, database, files } = d;
  const db = database.db;

  const issuerFor = (agencyId: string): Promise<Issuer> => documentIssuer(db, agencyId);

  /** "10 ngày làm việc": the case's processing time in the procedure's own unit (online time for an online dossier). */
  async function processingTimeText(x: { procedureVersionId: string; caseKey: string; channel: string }): Promise<string | null> {
    const v = await getProcedureVersion(db, x.procedureVersionId);
    const c = v?.content.cases.find((k) => k.key === x.caseKey) ?? v?.content.cases[0];
    if (!c) return null;
    return formatDuration(x.channel === 'online' && c.onlineTime ? c.onlineTime : (c.reducedTime ?? c.time));
  }

  /** A stored file's content, after checking it still has the hash recorded at upload. */
  async function verifiedContent(f: { id: string; storageKey: string; sha256: string }): Promise<Buffer> {
    const buf = await files.get(f.storageKey);
    if (sha256(buf) !== f.sha256) throw new Error(`integrity check failed for file ${f.id}`);
    return buf;
  }

  /** One of the dossier's papers as a PDF (422 document_not_available when the dossier has none of that kind yet). */
  async function issue(actor: Actor, dossierId: string, kind: DocKind): Promise<{ fileName: string; pdf: Buffer }> {
    const dossier = await service.load(actor, dossierId);
    const fileName = `${dossier.code}-${kind}.pdf`;
    const s = dossier.state;
    const applicant = {
      name: dossier.applicant.name,
      idNumber: dossier.applicant.idNumber,
      address: dossier.applicant.address,
      phone: dossier.applicant.phone,
      email: dossier.applicant.email,
    };
    // People are printed by their full name (org module), never by their username.
    const officerName = async (a: { actorId: string | null } | undefined) => (await personName(db, a?.actorId))?.fullName ?? '';
    const actions = await repo.listActions(db, dossier.id);
    const last = (t: string) => [...actions].reverse().find((a) => a.type === t);
    // The law of THIS dossier (its receipt day; legal-basis.ts) and the form set that goes with it.
    const lawDay = lawDayOf(s, s.closure?.at ?? dossier.createdAt);
    const law = (provision: Provision, issuedAt: string | Date) => ({
      legalBasis: basisLine(provision, lawDay, vnDay(issuedAt)),
      formSet: formSetFor(lawDay, issuedAt),
    });
    if (kind === 'appraisal-refusal') {
      // The written refusal after appraisal is the dossier's result: the sealed file stored when it was issued.
      const fileId = s.closure?.kind === 'stopped' ? s.closure.document?.fileId : null;
      const f = fileId ? await repo.getFile(db, dossier.id, fileId) : null;
      if (!f) throw unprocessable('document_not_available', 'Hồ sơ không có thông báo từ chối giải quyết.');
      return { fileName, pdf: await verifiedContent(f) };
    }
    let pdf: Buffer;
    switch (kind) {
      case 'receipt': {
        if (!s.receivedAt || !s.appointment.original) throw unprocessable('document_not_available', 'Hồ sơ chưa được tiếp nhận nên chưa có giấy tiếp nhận.');
        const a = last('receive') ?? last('supplement_received');
        pdf = await receiptPdf({
          ...law(dossier.channel === 'online' ? 'receive_online' : 'receive_direct', s.receivedAt),
          issuer: await issuerFor(dossier.receivingAgencyId),
          issuedAt: s.receivedAt,
          dossierCode: dossier.code,
          applicant,
          authorisedPerson: dossier.representative ? { name: String(dossier.representative.name), idNumber: String(dossier.representative.idNumber) } : null,
          procedureName: dossier.procedureName,
          components: dossier.components.map((c) => ({ name: c.name, originals: c.originals, copies: c.copies, electronic: c.digitised })),
          processingTime:
            (await processingTimeText(dossier)) ??
            (await d.calendar.remaining(new Date(s.receivedAt), new Date(s.appointment.original), dossier.receivingAgencyId)).replace(/^còn /, ''),
          receivedAt: s.receivedAt,
          appointmentAt: s.appointment.original,
          returnPlace: (await getAgency(db, dossier.receivingAgencyId))?.name ?? '',
          lookupUrl: lookupUrl(d.publicBaseUrl, dossier.code, dossier.lookupSecret),
          lookupKey: formatLookupKey(dossier.lookupSecret),
          officer: { name: await officerName(a) },
          ratingUrl: ratingUrl(d.publicBaseUrl, await ratingToken(db, dossier.id)),
        });
        break;
      }
      case 'supplement-request': {
        const sup = s.supplements[s.supplements.length - 1];
        if (!sup) throw unprocessable('document_not_available', 'Hồ sơ chưa có yêu cầu bổ sung.');
        pdf = await supplementRequestPdf({
          ...law(sup.phase === 'pre_receipt' ? 'guide_supplement' : 'supplement_once', sup.requestedAt),
          issuer: await issuerFor(sup.agencyId),
          issuedAt: sup.requestedAt,
          dossierCode: dossier.code,
          applicant,
          procedureName: dossier.procedureName,
          items: sup.items,
          reason: sup.reason,
          deadline: sup.deadline,
          officer: { name: await officerName(last(sup.phase === 'pre_receipt' ? 'guide_supplement_before_receipt' : 'request_supplement')) },
        });
        break;
      }
      case 'refusal': {
        if (s.closure?.kind !== 'refused') throw unprocessable('document_not_available', 'Hồ sơ không bị từ chối tiếp nhận.');
        pdf = await refusalPdf({
          ...law('refuse_intake', s.closure.at),
          issuer: await issuerFor(dossier.receivingAgencyId),
          issuedAt: s.closure.at,
          dossierCode: dossier.code,
          applicant,
          procedureName: dossier.procedureName,
          reasons: [s.closure.reason],
          officer: { name: await officerName(last('refuse')) },
        });
        break;
      }
      case 'apology': {
        if (!s.apology || !s.receivedAt) throw unprocessable('document_not_available', 'Hồ sơ chưa có văn bản xin lỗi.');
        const receiving = await getAgency(db, dossier.receivingAgencyId);
        pdf = await apologyPdf({
          ...law('apology', s.apology.at),
          issuer: await issuerFor(s.apology.agencyId),
          issuedAt: s.apology.at,
          dossierCode: dossier.code,
          applicant,
          procedureName: dossier.procedureName,
          receivedAt: s.receivedAt,
          originalAppointment: s.apology.previousAppointment,
          newAppointment: s.apology.newAppointment,
          reason: s.apology.reason,
          oneStopName: receiving?.name ?? '',
          signer: { title: 'THỦ TRƯỞNG CƠ QUAN', name: await officerName(last('apologise')) },
        });
        break;
      }
      case 'stop-notice': {
        if (!s.closure || !s.receivedAt || !['withdrawn', 'stopped', 'supplement_timeout'].includes(s.closure.kind))
          throw unprocessable('document_not_available', 'Hồ sơ không bị dừng giải quyết.');
        pdf = await stopNoticePdf({
          legalBasis: basisLine(
            s.closure.kind === 'withdrawn' ? 'withdraw' : s.closure.kind === 'supplement_timeout' ? 'supplement_timeout' : 'refusal_after_appraisal',
            lawDay,
            vnDay(s.closure.at),
          ),
          issuer: await issuerFor(s.currentAgencyId ?? dossier.receivingAgencyId),
          issuedAt: s.closure.at,
          dossierCode: dossier.code,
          applicant,
          procedureName: dossier.procedureName,
          receivedAt: s.receivedAt,
          requestedAt: s.closure.at,
          reason: s.closure.reason,
          signer: { title: 'THỦ TRƯỞNG CƠ QUAN', name: '' },
        });
        break;
      }
      case 'control-sheet': {
        if (!s.receivedAt || !s.appointment.original) throw unprocessable('document_not_available', 'Hồ sơ chưa được tiếp nhận.');
        const agencyName = async (id: string | null) => (id ? ((await getAgency(db, id))?.name ?? '') : '');
        const handovers = [];
        let from = 'Người nộp hồ sơ';
        for (const a of actions) {
          const to = `${a.agencyName ?? ''} — ${ACTION_NAMES_VI[a.type as ActionType] ?? a.type}`;
          handovers.push({
            from,
            to,
            at: a.at,
            dueAt: s.appointment.current,
            outcome: s.appointment.current ? handoverOutcome(a.at, s.appointment.current) : null,
            note: (await officerName(a)) || null,
          });
          from = to;
        }
        const printedAt = d.clock.now();
        pdf = await controlSheetPdf({
          ...law('process', printedAt),
          issuer: await issuerFor(dossier.receivingAgencyId),
          issuedAt: printedAt,
          dossierCode: dossier.code,
          applicantName: dossier.applicant.name,
          procedureName: dossier.procedureName,
          leadAgencyName: await agencyName(s.leadAgencyId),
          cooperatingAgencyNames: await Promise.all(s.involvedAgencyIds.filter((x) => x !== s.leadAgencyId).map(agencyName)),
          receivedAt: s.receivedAt,
          appointmentAt: s.appointment.current ?? s.appointment.original,
          handovers,
        });
        break;
      }
    }
    // Documents the agency issues carry its seal signature when a seal signer is configured (issue 19).
    if (d.signing && kind !== 'control-sheet') {
      const agencyId =
        kind === 'receipt' || kind === 'refusal'
          ? dossier.receivingAgencyId
          : kind === 'supplement-request'
            ? (s.supplements[s.supplements.length - 1]?.agencyId ?? dossier.receivingAgencyId)
            : kind === 'apology'
              ? (s.apology?.agencyId ?? dossier.receivingAgencyId)
              : (s.currentAgencyId ?? dossier.receivingAgencyId);
      const agency = await getAgency(db, agencyId);
      if (agency) pdf = (await d.signing.seal(pdf, { id: agency.id, name: agency.name, code: agency.code }, `${kind} ${dossier.code}`)).pdf;
    }
    return { fileName, pdf };
  }

  /**
   * Whether `ctx` may add a file of `kind` to the dossier (checked before the upload is read): the
   * dossier is open, "digitised" is never set by an upload, and only the deciding agency uploads results.
   */
  async function acceptUpload(ctx: RequestContext, dossierId: string, q: { kind: UploadKind; digitised?: boolean }) {
    const dossier = await service.load(ctx.actor!, dossierId);
    if ([3, 7, 8, 10].includes(dossier.status)) throw unprocessable('dossier_closed', 'Hồ sơ đã kết thúc, không thể thêm tệp.');
    if (q.digitised === true)
      throw unprocessable(
        'scan_confirmation_required',
        'Thành phần chỉ được tính là đã số hóa khi cán bộ xác nhận bản quét khớp với bản chính (quét: POST …/components/{index}/scan?matchesOriginal=true).',
      );
    if (q.kind === 'result' && !ctx.actor!.roles.some((r) => r === 'specialist' || r === 'unit_leader'))
      throw forbidden('Chỉ cơ quan giải quyết được tải lên tệp kết quả.');
    return dossier;
  }

  /** Stores an uploaded file (its type sniffed from the content) and records it on the dossier with its audit and outbox rows. */
  async function storeUpload(
    ctx: RequestContext,
    dossier: { id: string },
    u: { kind: UploadKind; componentIndex: number | null; fileName: string; content: Buffer },
  ) {
    const mime = sniffMime(u.content);
    if (!mime) throw badRequest('file_type', 'Chỉ nhận tệp PDF, JPEG, PNG hoặc DOCX/XLSX.');
    const stored = await files.put(u.content);
    const row = await database.transaction(async (tx) => {
      const f = await repo.insertFile(tx, {
        dossierId: dossier.id,
        componentIndex: u.componentIndex,
        kind: u.kind,
        fileName: u.fileName.normalize('NFC').slice(0, 255),
        mimeType: mime,
        sizeBytes: stored.size,
        sha256: stored.sha256,
        storageKey: stored.key,
        digitised: false,
        reusedFrom: null,
        signature: u.kind === 'result' ? signResult(stored.sha256, d.resultSigningKey) : null,
        uploadedBy: ctx.actor!.id,
      });
      // A PDF's digital signatures are verified at upload; officers see the verdict (issue 19).
      const check = d.signing ? await d.signing.checkUpload(tx, { sha256: f.sha256, mimeType: f.mimeType, data: u.content }) : null;
      await recordAudit(tx, ctx, {
        action: 'dossier.file.upload',
        entity: 'dossier',
        entityId: dossier.id,
        summary: {
          fileId: f.id,
          kind: u.kind,
          sha256: f.sha256,
          size: f.sizeBytes,
          ...(check ? { signatures: check.signatures.length, verdict: check.verdict } : {}),
        },
      });
      await enqueue(tx, {
        topic: 'dossier.file.added',
        aggregateKey: `dossier:${dossier.id}:files`,
        payload: { dossierId: dossier.id, fileId: f.id, kind: u.kind },
      });
      return { ...f, check };
    });
    return {
      id: row.id,
      fileName: row.fileName,
      mimeType: row.mimeType,
      sizeBytes: row.sizeBytes,
      sha256: row.sha256,
      kind: row.kind,
      signed: row.signature !== null,
      signature: row.check ? { status: row.check.status, verdict: row.check.verdict } : null,
    };
  }

  /** A file of a dossier the actor may see, checked against its recorded hash. */
  async function readFile(actor: Actor, dossierId: string, fileId: string) {
    const dossier = await service.load(actor, dossierId);
    const f = await repo.getFile(db, dossier.id, fileId);
    if (!f) throw notFound('tệp');
    return { file: f, content: await verifiedContent(f) };
  }

  /** Whether a hash is the one of an issued result (the latest signed copy of it when signing is on), with its HMAC and PAdES verdicts. */
  async function verifyResult(asked: string) {
    const hash = d.signing ? await d.signing.latestSigned(asked) : asked;
    const r = await repo.findResultByHash(db, hash);
    if (!r)
      return { valid: false, sha256: null, dossierCode: null, fileName: null, signed: false, signatureValid: null, issuedAt: null, digitalSignature: null };
    const expected = signResult(hash, d.resultSigningKey);
    const v = d.signing ? (await d.signing.verdicts([hash])).get(hash) : undefined;
    return {
      valid: true,
      sha256: hash,
      dossierCode: r.code,
      fileName: r.fileName,
      signed: r.signature !== null,
      signatureValid: r.signature && expected ? r.signature === expected : null,
      issuedAt: r.uploadedAt.toISOString(),
      digitalSignature: v ? { status: v.status, verdict: v.verdict } : null,
    };
  }

  return { issue, acceptUpload, storeUpload, readFile, verifyResult };
}

export type DossierDocuments = ReturnType<typeof createDossierDocuments>;

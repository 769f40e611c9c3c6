import type { Executor } from '../../platform/db/database.js';
import type { RequestContext } from '../../platform/context.js';
import { recordAudit } from '../../platform/audit.js';
import { AppError, notFound, unprocessable } from '../../platform/errors.js';
import { sha256 } from '../../platform/files.js';
import { getProcedureVersion } from '../catalog/catalog.public.js';
import { vnIso } from '../../platform/vn-time.js';
import { attachStoredFile, markComponentReused, listApplicantDossiers, listDossierFiles, type DossierRow } from '../dossiers/dossiers.public.js';
import { storedSignatureStatus } from '../signatures/signatures.public.js';
import { isCertified } from '../certification/certification.public.js';
import * as repo from './citizens.repo.js';
import { REMINDER_LEAD_DAYS, addDays, addMonths, reuseConsentRequired } from './citizens.rules.js';
import { itemView, logAccess, prefillData, profileOf, profileView, requireCitizen, todayVn, type CitizenDeps } from './citizens.shared.js';

/**
 * The personal data warehouse: documents and results brought in from dossiers, the person's own
 * view and export, and staff reading or re-using them (each access logged for the person).
 */
export function createWarehouseService(deps: CitizenDeps) {
  const { database, clock, files } = deps;
  const db = database.db;
  /**
   * Brings the dossiers' files into the applicant's warehouse: results issued (status 9/10) and
   * components digitised at the counter. Idempotent (one item per dossier file).
   */
  async function syncFromDossiers(x: Executor, ownerId: string, only?: DossierRow): Promise<number> {
    const dossiers = only ? [only] : await listApplicantDossiers(x, ownerId, clock.now());
    const known = await repo.knownDossierFileIds(x, ownerId);
    let added = 0;
    for (const d of dossiers) {
      if (d.applicantUserId !== ownerId) continue;
      const fs = (await listDossierFiles(x, d.id)).filter((f) => !known.has(f.id) && !(f.reusedFrom ?? '').startsWith('warehouse:'));
      if (!fs.length) continue;
      const version = await getProcedureVersion(x, d.procedureVersionId);
      // Certified only when it carries a valid digital signature or a certification record (issue 19 §3):
      // a scan an officer confirmed against the original is a faithful copy, not a certified one.
      const signedOk = await storedSignatureStatus(
        x,
        fs.filter((f) => f.mimeType === 'application/pdf').map((f) => f.sha256),
      );
      const certifiedCopy = async (sha: string) => (await isCertified(x, sha)) !== null;
      for (const f of fs) {
        if (f.kind === 'result') {
          if (d.status !== 9 && d.status !== 10) continue;
          const r = d.state.result;
          const months = version?.content.result.validityMonths ?? null;
          const issuedOn = r?.signedOn ?? todayVn(f.uploadedAt);
          const id = await repo.insertItem(x, {
            ownerId,
            kind: 'result',
            title: `${version?.content.result.name ?? d.procedureName}${r?.decisionNumber ? ` (số ${r.decisionNumber})` : ''}`,
            docType: d.procedureCode,
            source: 'dossier_result',
            sourceRef: d.code,
            dossierId: d.id,
            dossierFileId: f.id,
            procedureCode: d.procedureCode,
            issuedOn,
            validUntil: months ? addMonths(issuedOn, months) : null,
            certified: (f.mimeType === 'application/pdf' && signedOk.get(f.sha256) === 'valid') || (await certifiedCopy(f.sha256)),
            fileName: f.fileName,
            mimeType: f.mimeType,
            sizeBytes: f.sizeBytes,
            storageKey: f.storageKey,
            sha256: f.sha256,
            data: {
              dossierCode: d.code,
              decisionNumber: r?.decisionNumber ?? null,
              signer: r?.signer ?? null,
              signedOn: r?.signedOn ?? null,
              procedureCode: d.procedureCode,
              signed: signedOk.get(f.sha256) === 'valid',
            },
          });
          if (id) added++;
        } else if (f.kind === 'component' || f.kind === 'supplement') {
          const comp = f.componentIndex !== null ? d.components.find((c) => c.index === f.componentIndex) : undefined;
          const id = await repo.insertItem(x, {
            ownerId,
            kind: 'component',
            title: comp?.name ?? f.fileName,
            docType: null,
            source: 'dossier_component',
            sourceRef: d.code,
            dossierId: d.id,
            dossierFileId: f.id,
            procedureCode: d.procedureCode,
            issuedOn: todayVn(f.uploadedAt),
            validUntil: null,
            certified: (f.mimeType === 'application/pdf' && signedOk.get(f.sha256) === 'valid') || (await certifiedCopy(f.sha256)),
            fileName: f.fileName,
            mimeType: f.mimeType,
            sizeBytes: f.sizeBytes,
            storageKey: f.storageKey,
            sha256: f.sha256,
            data: { dossierCode: d.code, componentIndex: f.componentIndex },
          });
          if (id) added++;
        }
      }
    }
    return added;
  }

  async function readItemFile(i: repo.ItemRow): Promise<Buffer> {
    if (!i.storageKey) throw unprocessable('no_file', 'Mục dữ liệu này không có tệp; hãy tải toàn bộ dữ liệu dạng JSON.');
    const buf = await files.get(i.storageKey);
    if (sha256(buf) !== i.sha256) throw new AppError(500, 'integrity_failed', 'Tệp không khớp mã băm toàn vẹn đã lưu; vui lòng liên hệ quản trị viên.');
    return buf;
  }

  async function staffAccess(ctx: RequestContext, dossierId: string) {
    const actor = ctx.actor!;
    const d = await deps.dossiers.load(actor, dossierId); // 403 outside the officer's scope
    if (d.applicantUserId) return d;
    // A dossier received at the counter (issue 19 §3): the applicant's warehouse is the one of the
    // verified (VNeID) account holding the applicant's personal ID, never a self-declared one.
    const owner = d.applicant.kind === 'citizen' ? await repo.findProfile(db, { personalId: d.applicant.idNumber, verified: true }) : null;
    if (!owner) throw notFound('tài khoản công dân đã xác thực của người nộp hồ sơ này');
    return { ...d, applicantUserId: owner.userId };
  }

  const service = {
    // ---- warehouse -----------------------------------------------------------------------------
    async warehouse(ctx: RequestContext) {
      const actor = requireCitizen(ctx.actor);
      await database.transaction((tx) => syncFromDossiers(tx, actor.id));
      const [profile, items] = await Promise.all([profileOf(db, actor.id), repo.listItems(db, actor.id)]);
      const today = todayVn(clock.now());
      const views = await Promise.all(
        items.map(async (i) => {
          const reminder = i.kind === 'result' ? await repo.reminderFor(db, i.id) : null;
          return {
            ...itemView(i),
            expired: !!i.validUntil && i.validUntil < today,
            expiresSoon: !!i.validUntil && i.validUntil >= today && i.validUntil <= addDays(today, REMINDER_LEAD_DAYS),
            renewalDraftId: reminder?.draftId ?? null,
          };
        }),
      );
      return { profile: profileView(profile), items: views, total: views.length };
    },

    async downloadOwn(ctx: RequestContext, itemId: string) {
      const actor = requireCitizen(ctx.actor);
      const i = await repo.getItem(db, itemId);
      if (!i || i.ownerId !== actor.id) throw notFound('mục dữ liệu');
      return { item: i, content: await readItemFile(i) };
    },

    /** Everything held about the person, as one JSON document (files listed with their hashes). */
    async exportAll(ctx: RequestContext) {
      const actor = requireCitizen(ctx.actor);
      await database.transaction((tx) => syncFromDossiers(tx, actor.id));
      const [profile, items, access, dossiers] = await Promise.all([
        profileOf(db, actor.id),
        repo.listItems(db, actor.id),
        repo.listAccess(db, actor.id, { limit: 100000, offset: 0 }),
        listApplicantDossiers(db, actor.id, clock.now(), 100000),
      ]);
      const iso = (d: Date | null) => (d ? vnIso(d) : null);
      // The person's ratings in one query (not one per dossier: an account may hold thousands), in the order of the dossiers.
      const given = await repo.ratingsOfOwner(db, actor.id);
      const ratings = dossiers.flatMap((d) => {
        const r = given.get(d.id);
        return r ? [{ dossierCode: r.dossierCode, overall: r.overall, answers: r.answers, comment: r.comment, at: iso(r.updatedAt) }] : [];
      });
      return {
        exportedAt: vnIso(clock.now()),
        note: 'Dữ liệu điện tử của bạn trong Hệ thống thông tin giải quyết TTHC: hồ sơ tài khoản, giấy tờ đã số hóa, kết quả đã cấp (kèm mã băm SHA-256 để kiểm tra toàn vẹn), các hồ sơ thủ tục bạn đã nộp (với thông tin cá nhân ghi trên hồ sơ), đánh giá bạn đã gửi và nhật ký khai thác (Luật Bảo vệ dữ liệu cá nhân số 91/2025/QH15).',
        profile: profileView(profile),
        items: items.map(itemView),
        // The dossiers filed from this account, with the personal data each one records.
        dossiers: dossiers.map((d) => ({
          code: d.code,
          procedure: { code: d.procedureCode, name: d.procedureName },
          channel: d.channel,
          status: d.status,
          applicant: d.applicant,
          representative: d.representative,
          summary: d.summary,
          formData: d.formData,
          components: d.components,
          submittedAt: iso(d.submittedAt),
          receivedAt: iso(d.receivedAt),
          appointment: iso(d.appointmentCurrent),
          processingEndedAt: iso(d.processingEndedAt),
          returnedAt: iso(d.returnedAt),
          payments: d.state.payments,
          result: d.state.result,
        })),
        ratings,
        accessLog: access.items.map((a) => ({ ...a, at: vnIso(a.at) })),
      };
    },

    async accessLog(ctx: RequestContext, q: { readerKind?: string; limit: number; offset: number }) {
      const actor = requireCitizen(ctx.actor);
      const r = await repo.listAccess(db, actor.id, q);
      return { total: r.total, items: r.items.map((a) => ({ ...a, at: vnIso(a.at) })) };
    },

    /** A staff member reads the applicant's warehouse for a dossier in their scope; logged for the citizen. */
    async staffRead(ctx: RequestContext, dossierId: string) {
      const d = await staffAccess(ctx, dossierId);
      const ownerId = d.applicantUserId!;
      const items = await repo.listItems(db, ownerId);
      const profile = await profileOf(db, ownerId);
      await database.transaction(async (tx) => {
        await logAccess(tx, ctx, ownerId, 'read', null, d.code);
        await recordAudit(tx, ctx, {
          action: 'citizen.warehouse.read',
          entity: 'user',
          entityId: ownerId,
          summary: { dossierCode: d.code, items: items.length },
        });
      });
      return {
        dossierCode: d.code,
        profile: {
          fullName: profile.fullName,
          personalId: profile.personalId,
          dateOfBirth: profile.dateOfBirth,
          residence: profile.residence,
          identitySource: profile.identitySource,
        },
        items: items.map(itemView),
        total: items.length,
      };
    },

    async staffDownload(ctx: RequestContext, dossierId: string, itemId: string) {
      const d = await staffAccess(ctx, dossierId);
      const i = await repo.getItem(db, itemId);
      if (!i || i.ownerId !== d.applicantUserId) throw notFound('mục dữ liệu');
      const content = await readItemFile(i);
      await database.transaction(async (tx) => {
        await logAccess(tx, ctx, i.ownerId, 'download', i.id, d.code);
        await recordAudit(tx, ctx, {
          action: 'citizen.warehouse.download',
          entity: 'user',
          entityId: i.ownerId,
          summary: { dossierCode: d.code, itemId: i.id, sha256: i.sha256 },
        });
      });
      return { item: i, content };
    },

    /**
     * Staff attach a document of the applicant's warehouse to a component instead of asking for it
     * again (issue 19 §3): the dossier file points at the stored content (reused_from =
     * warehouse:<id>), the component is marked re-used (QĐ 766 4.3), the consent is recorded where
     * the rules ask for it (reuseConsentRequired), and the access is logged for the citizen.
     */
    async staffReuse(
      ctx: RequestContext,
      dossierId: string,
      itemId: string,
      input: { componentIndex: number; consent?: { given: boolean; how: 'in_person' | 'written' | 'portal' } },
    ) {
      const d = await staffAccess(ctx, dossierId);
      if ([3, 7, 8, 10].includes(d.status)) throw unprocessable('dossier_closed', 'Hồ sơ đã kết thúc, không thể thêm giấy tờ.');
      const i = await repo.getItem(db, itemId);
      if (!i || i.ownerId !== d.applicantUserId) throw notFound('mục dữ liệu');
      if (!i.storageKey) throw unprocessable('not_a_document', 'Mục này là dữ liệu, không phải giấy tờ điện tử để đính kèm.');
      if (reuseConsentRequired(i.kind) && input.consent?.given !== true)
        throw unprocessable(
          'consent_required',
          'Cần sự đồng ý của người nộp hồ sơ để sử dụng giấy tờ trong kho dữ liệu của họ (ghi nhận cách đồng ý: trực tiếp, văn bản hay trên cổng).',
        );
      return database.transaction(async (tx) => {
        const f = await attachStoredFile(tx, {
          dossierId: d.id,
          componentIndex: input.componentIndex,
          fileName: i.fileName ?? i.title,
          mimeType: i.mimeType ?? 'application/pdf',
          sizeBytes: i.sizeBytes ?? 0,
          sha256: i.sha256,
          storageKey: i.storageKey!,
          reusedFrom: `warehouse:${i.id}`,
          uploadedBy: ctx.actor!.id,
        });
        if (!(await markComponentReused(tx, { id: d.id, code: d.code }, input.componentIndex, `warehouse:${i.id}`)))
          throw unprocessable('component_not_in_dossier', `Hồ sơ không có thành phần số ${input.componentIndex}.`);
        await logAccess(tx, ctx, i.ownerId, 'reuse', i.id, d.code);
        await recordAudit(tx, ctx, {
          action: 'citizen.warehouse.reuse',
          entity: 'user',
          entityId: i.ownerId,
          summary: { dossierCode: d.code, itemId: i.id, fileId: f.id, componentIndex: input.componentIndex, sha256: i.sha256, consent: input.consent ?? null },
        });
        return {
          fileId: f.id,
          componentIndex: input.componentIndex,
          itemId: i.id,
          title: i.title,
          certified: i.certified,
          consentRecorded: input.consent?.given === true ? input.consent.how : null,
        };
      });
    },

    syncFromDossiers,
    prefillData,
  };
  return service;
}

export type WarehouseService = ReturnType<typeof createWarehouseService>;

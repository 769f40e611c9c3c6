import type { Executor } from '../../platform/db/database.js';
import type { Actor, RequestContext } from '../../platform/context.js';
import { systemContext } from '../../platform/context.js';
import { recordAudit } from '../../platform/audit.js';
import { enqueue } from '../../platform/outbox.js';
import { AppError, badRequest, conflict, forbidden, notFound, unprocessable } from '../../platform/errors.js';
import { withIdempotency } from '../../platform/idempotency.js';
import { sniffMime } from '../../platform/files.js';
import { foldVietnamese, nfc } from '../../platform/text.js';
import { getAgency, listAgencies } from '../org/org.public.js';
import { getCurrentVersion, type ApplicantGroup } from '../catalog/catalog.public.js';
import { vnIso } from '../../platform/vn-time.js';
import { attachStoredFile, formatLookupKey, getDossier, lookupUrl } from '../dossiers/dossiers.public.js';
import * as repo from './citizens.repo.js';
import {
  ONCE_ONLY_TARGET_PERCENT,
  REMINDER_LEAD_DAYS,
  addDays,
  keptPrefilled,
  missingComponents,
  onceOnlyStats,
  prefillForm,
  documentsForComponent,
  isDeclarationForm,
  renewalProcedureOf,
  validateForm,
  type FormFieldDef,
} from './citizens.rules.js';
import { dataHeld, formOf, itemView, logAccess, prefillData, requireCitizen, todayVn, type CitizenDeps } from './citizens.shared.js';

/** Online submission: pre-filled drafts, uploads, submitting as a dossier; the once-only measure; reminders of expiring results with a renewal draft. */
export function createSubmissionService(deps: CitizenDeps) {
  const { database, clock, files } = deps;
  const db = database.db;

  const service = {
    // ---- online submission ---------------------------------------------------------------------
    async prefill(ctx: RequestContext, code: string, caseKey?: string) {
      const actor = requireCitizen(ctx.actor);
      const v = await getCurrentVersion(db, code, clock.now());
      if (!v) throw notFound(`thủ tục ${code} đang có hiệu lực`);
      const { c, fields } = formOf(v, caseKey);
      const data = await prefillData(db, actor.id);
      const pre = prefillForm(fields, data);
      const items = await repo.listItems(db, actor.id);
      const held = dataHeld(data);
      const stats = onceOnlyStats(fields);
      const receiving = await service.receivingPlaces();
      const documents = items.filter((i) => i.storageKey).map(itemView);
      return {
        procedure: {
          code: v.code,
          name: v.content.name,
          onlineLevel: v.content.onlineLevel,
          agencyText: v.summary.agencyText,
          resultName: v.content.result.name,
          cases: v.content.cases.map((k) => ({ key: k.key, name: k.name })),
        },
        caseKey: c.key,
        fields: fields.map((f) => ({
          ...f,
          value: pre[f.key]?.value ?? null,
          prefilled: pre[f.key] ? { source: pre[f.key].source, from: pre[f.key].from, itemId: pre[f.key].itemId } : null,
        })),
        components: v.content.components.map((k, index) => ({
          index,
          name: k.name,
          required: k.required,
          condition: k.condition,
          replaceableByData: k.replaceableByData,
          applies: !k.caseKeys?.length || k.caseKeys.includes(c.key),
          satisfiedByData: !!k.replaceableByData && held.has(k.replaceableByData),
          satisfiedByForm: !!c.eform && isDeclarationForm(k.name),
          documentIds: documentsForComponent(k.name, documents).map((d) => d.id),
        })),
        documents,
        stats: { ...stats, prefilledForYou: Object.keys(pre).length },
        receivingPlaces: receiving,
      };
    },

    /** Where an online dossier can be submitted: any one-stop section, whatever the applicant's commune. */
    async receivingPlaces() {
      const kinds = ['provincial_service_centre', 'commune_service_centre'];
      const out: { id: string; name: string; kind: string }[] = [];
      for (const kind of kinds) {
        const { items } = await listAgencies(db, { kind, current: true, limit: 500, offset: 0 });
        out.push(...items.map((a) => ({ id: a.id, name: a.name, kind: a.kind })));
      }
      return out;
    },

    /**
     * Starts an online application, or returns the open draft of the same procedure (same case and
     * place when named) instead of piling up drafts: `created` says which. `fresh: true` always
     * starts a new one (e.g. a second birth registration while the first is still a draft).
     */
    async createDraft(
      ctx: RequestContext,
      input: { procedureCode: string; caseKey?: string; receivingAgencyId?: string | null; renewalOf?: string | null; fresh?: boolean },
    ) {
      const actor = requireCitizen(ctx.actor);
      return database.transaction(async (tx) => {
        if (!input.fresh && !input.renewalOf) {
          const v = await getCurrentVersion(tx, input.procedureCode, clock.now());
          const open = v ? await repo.findOpenDraft(tx, actor.id, v.code, { caseKey: input.caseKey, receivingAgencyId: input.receivingAgencyId }) : null;
          if (open) return { draft: service.draftView(open), created: false };
        }
        const { fresh: _fresh, ...rest } = input;
        void _fresh;
        return { draft: await service.createDraftTx(tx, ctx, actor.id, rest), created: true };
      });
    },

    async createDraftTx(
      tx: Executor,
      ctx: RequestContext,
      ownerId: string,
      input: { procedureCode: string; caseKey?: string; receivingAgencyId?: string | null; renewalOf?: string | null },
    ) {
      const v = await getCurrentVersion(tx, input.procedureCode, clock.now());
      if (!v) throw notFound(`thủ tục ${input.procedureCode} đang có hiệu lực`);
      if (v.content.onlineLevel === 'none')
        throw unprocessable('not_online', 'Thủ tục này chưa cung cấp dịch vụ công trực tuyến; vui lòng nộp trực tiếp hoặc qua bưu chính.');
      const { c, fields } = formOf(v, input.caseKey);
      if (input.receivingAgencyId) {
        const a = await getAgency(tx, input.receivingAgencyId);
        if (!a || a.validTo) throw unprocessable('agency_not_found', 'Nơi tiếp nhận hồ sơ không tồn tại hoặc đã ngừng hoạt động.');
      }
      const attachments: repo.DraftRow['attachments'] = [];
      if (input.renewalOf) {
        const item = await repo.getItem(tx, input.renewalOf);
        if (!item || item.ownerId !== ownerId) throw notFound('kết quả cần gia hạn');
        const idx = v.content.components.findIndex((k) => /da duoc cap|ban chinh giay phep|giay phep .* da cap/.test(foldVietnamese(k.name)));
        if (idx >= 0 && item.storageKey) attachments.push({ componentIndex: idx, itemId: item.id });
      }
      const pre = prefillForm(fields, await prefillData(tx, ownerId));
      const formData = Object.fromEntries(Object.entries(pre).map(([k, p]) => [k, p.value]));
      const d = await repo.insertDraft(tx, {
        ownerId,
        procedureCode: v.code,
        procedureName: v.content.name,
        caseKey: c.key,
        receivingAgencyId: input.receivingAgencyId ?? null,
        formData,
        prefilled: pre,
        attachments,
        renewalOf: input.renewalOf ?? null,
      });
      await recordAudit(tx, ctx, {
        action: 'citizen.draft.create',
        entity: 'submission_draft',
        entityId: d.id,
        summary: { procedureCode: v.code, caseKey: c.key, prefilled: Object.keys(pre).length },
      });
      return service.draftView(d);
    },

    draftView(d: repo.DraftRow) {
      return {
        id: d.id,
        procedureCode: d.procedureCode,
        procedureName: d.procedureName,
        caseKey: d.caseKey,
        receivingAgencyId: d.receivingAgencyId,
        formData: d.formData,
        prefilled: Object.fromEntries(Object.entries(d.prefilled).map(([k, p]) => [k, { source: p.source, from: p.from, value: p.value, itemId: p.itemId }])),
        attachments: d.attachments,
        applicantGroups: d.applicantGroups,
        renewalOf: d.renewalOf,
        status: d.status,
        dossierId: d.dossierId,
        dossierCode: d.dossierCode,
        submittedAt: d.submittedAt ? vnIso(d.submittedAt) : null,
        version: d.version,
        createdAt: vnIso(d.createdAt),
        updatedAt: vnIso(d.updatedAt),
      };
    },

    async ownDraft(x: Executor, actor: Actor, id: string) {
      const d = /^[0-9a-f-]{36}$/i.test(id) ? await repo.getDraft(x, id) : null;
      if (!d || d.status === 'discarded') throw notFound('hồ sơ nháp');
      if (d.ownerId !== actor.id) throw forbidden('Đây không phải hồ sơ nháp của bạn.');
      return d;
    },

    async getDraft(ctx: RequestContext, id: string) {
      const actor = requireCitizen(ctx.actor);
      return service.draftView(await service.ownDraft(db, actor, id));
    },

    async listDrafts(ctx: RequestContext, q: { status: string; limit: number; offset: number }) {
      const actor = requireCitizen(ctx.actor);
      const r = await repo.listDrafts(db, actor.id, q.status, q.limit, q.offset);
      return { total: r.total, items: r.items.map(service.draftView) };
    },

    async updateDraft(
      ctx: RequestContext,
      id: string,
      patch: {
        version: number;
        caseKey?: string;
        receivingAgencyId?: string | null;
        formData?: Record<string, unknown>;
        attachments?: { componentIndex: number; itemId: string }[];
        applicantGroups?: ApplicantGroup[];
      },
    ) {
      const actor = requireCitizen(ctx.actor);
      return database.transaction(async (tx) => {
        const d = await service.ownDraft(tx, actor, id);
        if (d.status !== 'draft') throw conflict('already_submitted', `Hồ sơ đã được nộp (mã ${d.dossierCode}); không sửa được bản nháp.`);
        if (patch.version !== d.version)
          throw conflict('stale_version', `Bản nháp đã được lưu ở nơi khác (phiên bản ${d.version}). Vui lòng tải lại.`, { currentVersion: d.version });
        const v = await getCurrentVersion(tx, d.procedureCode, clock.now());
        if (!v) throw unprocessable('procedure_not_available', `Thủ tục ${d.procedureCode} không còn hiệu lực.`);
        const { fields } = formOf(v, patch.caseKey ?? d.caseKey);
        if (patch.formData) {
          const errs = validateForm(fields, patch.formData, false);
          if (errs.length) throw badRequest('form_invalid', `Tờ khai chưa hợp lệ: ${errs.map((e) => e.message).join(' ')}`, { fieldErrors: errs });
          for (const [k, val] of Object.entries(patch.formData)) if (typeof val === 'string') patch.formData[k] = nfc(val);
        }
        if (patch.attachments) {
          for (const a of patch.attachments) {
            if (!v.content.components[a.componentIndex])
              throw badRequest('invalid_component', `Thành phần hồ sơ số ${a.componentIndex} không có trong danh mục của thủ tục.`);
            const item = await repo.getItem(tx, a.itemId);
            if (!item || item.ownerId !== actor.id || !item.storageKey)
              throw badRequest('invalid_document', 'Giấy tờ được chọn không có trong kho dữ liệu của bạn.');
          }
        }
        if (patch.receivingAgencyId) {
          const a = await getAgency(tx, patch.receivingAgencyId);
          if (!a || a.validTo) throw unprocessable('agency_not_found', 'Nơi tiếp nhận hồ sơ không tồn tại hoặc đã ngừng hoạt động.');
        }
        let prefilled: repo.DraftRow['prefilled'] | undefined;
        let formData = patch.formData;
        if (patch.caseKey && patch.caseKey !== d.caseKey) {
          // Another case has another form: pre-fill it again, keeping what the person already typed for shared keys.
          const pre = prefillForm(fields, await prefillData(tx, actor.id));
          prefilled = pre;
          const keys = new Set(fields.map((f) => f.key));
          formData = {
            ...Object.fromEntries(Object.entries(pre).map(([k, p]) => [k, p.value])),
            ...Object.fromEntries(Object.entries(patch.formData ?? d.formData).filter(([k]) => keys.has(k))),
          };
        }
        const u = await repo.updateDraft(tx, d.id, d.version, {
          caseKey: patch.caseKey,
          receivingAgencyId: patch.receivingAgencyId,
          formData,
          attachments: patch.attachments,
          applicantGroups: patch.applicantGroups,
          prefilled,
        });
        if (!u) throw conflict('stale_version', 'Bản nháp vừa được lưu ở nơi khác. Vui lòng tải lại.');
        await recordAudit(tx, ctx, {
          action: 'citizen.draft.update',
          entity: 'submission_draft',
          entityId: d.id,
          summary: { fields: Object.keys(patch).filter((k) => k !== 'version') },
        });
        return service.draftView(u);
      });
    },

    async discardDraft(ctx: RequestContext, id: string) {
      const actor = requireCitizen(ctx.actor);
      await database.transaction(async (tx) => {
        const d = await service.ownDraft(tx, actor, id);
        if (d.status !== 'draft') throw conflict('already_submitted', 'Hồ sơ đã được nộp; không xóa được.');
        await repo.updateDraft(tx, d.id, d.version, { status: 'discarded' });
        await recordAudit(tx, ctx, { action: 'citizen.draft.discard', entity: 'submission_draft', entityId: d.id });
      });
    },

    /** A document uploaded once goes into the warehouse (uncertified copy) and is attached to the draft. */
    async uploadToDraft(ctx: RequestContext, id: string, componentIndex: number, file: { name: string; content: Buffer }) {
      const actor = requireCitizen(ctx.actor);
      const d0 = await service.ownDraft(db, actor, id);
      if (d0.status !== 'draft') throw conflict('already_submitted', 'Hồ sơ đã được nộp.');
      const v = await getCurrentVersion(db, d0.procedureCode, clock.now());
      const comp = v?.content.components[componentIndex];
      if (!comp) throw badRequest('invalid_component', `Thành phần hồ sơ số ${componentIndex} không có trong danh mục của thủ tục.`);
      const mime = sniffMime(file.content);
      if (!mime) throw badRequest('file_type', 'Chỉ nhận tệp PDF, JPEG, PNG hoặc DOCX/XLSX.');
      const stored = await files.put(file.content);
      return database.transaction(async (tx) => {
        const d = await service.ownDraft(tx, actor, id);
        const itemId = (await repo.insertItem(tx, {
          ownerId: actor.id,
          kind: 'component',
          title: comp.name.slice(0, 300),
          docType: null,
          source: 'upload',
          sourceRef: null,
          dossierId: null,
          dossierFileId: null,
          procedureCode: d.procedureCode,
          issuedOn: todayVn(clock.now()),
          validUntil: null,
          certified: false,
          fileName: nfc(file.name).slice(0, 255),
          mimeType: mime,
          sizeBytes: stored.size,
          storageKey: stored.key,
          sha256: stored.sha256,
          data: {},
        }))!;
        const attachments = [...d.attachments.filter((a) => a.componentIndex !== componentIndex), { componentIndex, itemId }];
        const u = (await repo.updateDraft(tx, d.id, d.version, { attachments }))!;
        await recordAudit(tx, ctx, {
          action: 'citizen.warehouse.upload',
          entity: 'warehouse_item',
          entityId: itemId,
          summary: { draftId: d.id, componentIndex, sha256: stored.sha256, size: stored.size },
        });
        return { item: itemView((await repo.getItem(tx, itemId))!), draft: service.draftView(u) };
      });
    },

    async submitDraft(ctx: RequestContext, id: string, idemKey: string | null) {
      const actor = requireCitizen(ctx.actor);
      const r = await withIdempotency(database, { operation: 'citizens.submit', principal: actor.id, key: idemKey, request: { draftId: id } }, async (tx) => {
        const d = await service.ownDraft(tx, actor, id);
        if (d.status !== 'draft')
          throw conflict('already_submitted', `Hồ sơ này đã được nộp, mã hồ sơ ${d.dossierCode}.`, { dossierId: d.dossierId, dossierCode: d.dossierCode });
        const now = clock.now();
        const v = await getCurrentVersion(tx, d.procedureCode, now);
        if (!v) throw unprocessable('procedure_not_available', `Thủ tục ${d.procedureCode} không còn hiệu lực.`);
        const { c, fields } = formOf(v, d.caseKey);
        const errs = validateForm(fields, d.formData, true);
        if (errs.length) throw badRequest('form_invalid', `Tờ khai chưa đầy đủ: ${errs.map((e) => e.message).join(' ')}`, { fieldErrors: errs });
        if (!d.receivingAgencyId) throw badRequest('receiving_agency_required', 'Vui lòng chọn nơi tiếp nhận hồ sơ.');
        const data = await prefillData(tx, actor.id);
        const missing = missingComponents(v.content.components, c.key, new Set(d.attachments.map((a) => a.componentIndex)), dataHeld(data), !!c.eform);
        if (missing.length) throw unprocessable('components_missing', `Còn thiếu thành phần hồ sơ: ${missing.map((m) => m.name).join('; ')}.`, { missing });
        const items = new Map<string, repo.ItemRow>();
        for (const a of d.attachments) {
          const item = await repo.getItem(tx, a.itemId);
          if (!item || item.ownerId !== actor.id || !item.storageKey)
            throw unprocessable('invalid_document', 'Một giấy tờ đã chọn không còn trong kho dữ liệu của bạn.');
          items.set(a.itemId, item);
        }
        const p = data.profile;
        const business = p.subjectKind === 'business';
        const applicant = {
          kind: business ? ('business' as const) : ('citizen' as const),
          name: business ? (p.businessName ?? p.fullName) : String(d.formData.hoTen ?? p.fullName),
          idNumber: business ? (p.taxCode ?? '') : (p.personalId ?? ''),
          phone: (typeof d.formData.soDienThoai === 'string' && d.formData.soDienThoai) || p.phone,
          email: (typeof d.formData.email === 'string' && d.formData.email) || p.email,
          address: (typeof d.formData.noiCuTru === 'string' && d.formData.noiCuTru) || p.residence,
        };
        const components = [
          ...d.attachments.map((a) => ({
            index: a.componentIndex,
            digitised: true,
            reusedFrom: items.get(a.itemId)!.source === 'upload' && items.get(a.itemId)!.createdAt >= d.createdAt ? null : `warehouse:${a.itemId}`,
          })),
          ...v.content.components.flatMap((k, index) =>
            k.replaceableByData && dataHeld(data).has(k.replaceableByData) && !d.attachments.some((a) => a.componentIndex === index)
              ? [{ index, digitised: true, reusedFrom: `data:${k.replaceableByData}` }]
              : [],
          ),
          ...v.content.components.flatMap((k, index) =>
            c.eform && isDeclarationForm(k.name) && !d.attachments.some((a) => a.componentIndex === index)
              ? [{ index, digitised: true, reusedFrom: 'eform' }]
              : [],
          ),
        ];
        const summary = typeof d.formData.noiDungDeNghi === 'string' ? d.formData.noiDungDeNghi.slice(0, 1000) : null;
        const created = await deps.dossiers.create(
          ctx,
          {
            procedureCode: v.code,
            caseKey: c.key,
            channel: 'online',
            receivingAgencyId: d.receivingAgencyId,
            applicant,
            summary,
            formData: d.formData,
            components,
            applicantGroups: d.applicantGroups,
          },
          null,
          { view: false, tx },
        );
        const dossierId = (created.body as unknown as { id: string }).id;
        const dossier = (await getDossier(tx, dossierId))!;
        const receiving = await getAgency(tx, d.receivingAgencyId);
        const attached = [];
        for (const a of d.attachments) {
          const item = items.get(a.itemId)!;
          const f = await attachStoredFile(tx, {
            dossierId,
            componentIndex: a.componentIndex,
            fileName: item.fileName ?? item.title,
            mimeType: item.mimeType ?? 'application/pdf',
            sizeBytes: item.sizeBytes ?? 0,
            sha256: item.sha256,
            storageKey: item.storageKey!,
            reusedFrom: `warehouse:${item.id}`,
            uploadedBy: actor.id,
          });
          attached.push({
            componentIndex: a.componentIndex,
            fileId: f.id,
            itemId: item.id,
            title: item.title,
            newUpload: item.source === 'upload' && item.createdAt >= d.createdAt,
          });
          // The receiving agency reuses the document: the person sees it in their access log.
          await logAccess(tx, ctx, actor.id, 'reuse', item.id, dossier.code, d.receivingAgencyId);
          await enqueue(tx, {
            topic: 'dossier.file.added',
            aggregateKey: `dossier:${dossierId}:files`,
            payload: { dossierId, fileId: f.id, kind: 'component' },
          });
        }
        const fieldsPrefilled = Object.keys(d.prefilled).length;
        const fieldsKept = keptPrefilled(d.prefilled, d.formData);
        await repo.updateDraft(tx, d.id, d.version, {
          status: 'submitted',
          dossierId,
          dossierCode: dossier.code,
          submittedAt: now,
          fieldsTotal: fields.length,
          fieldsPrefilled,
          fieldsKept,
        });
        await recordAudit(tx, ctx, {
          action: 'citizen.submit',
          entity: 'dossier',
          entityId: dossierId,
          summary: { code: dossier.code, draftId: d.id, attachments: attached.length, fieldsTotal: fields.length, fieldsPrefilled, fieldsKept },
        });
        return {
          status: 201,
          body: {
            draftId: d.id,
            dossier: {
              id: dossierId,
              code: dossier.code,
              status: { code: dossier.status, name: 'Mới đăng ký' },
              submittedAt: vnIso(dossier.submittedAt ?? now),
            },
            procedure: { code: v.code, name: v.content.name, caseKey: c.key, competentAgency: v.summary.agencyText },
            receivingAgency: receiving ? { id: receiving.id, name: receiving.name } : null,
            applicant: { name: applicant.name },
            components: [
              ...attached.map((a) => ({
                index: a.componentIndex,
                name: v.content.components[a.componentIndex]?.name ?? '',
                how: a.newUpload ? ('upload' as const) : ('warehouse' as const),
                document: a.title,
              })),
              ...components
                .filter((x) => x.reusedFrom?.startsWith('data:') || x.reusedFrom === 'eform')
                .map((x) => ({
                  index: x.index,
                  name: v.content.components[x.index].name,
                  how: x.reusedFrom === 'eform' ? ('eform' as const) : ('national_data' as const),
                  document: null,
                })),
            ],
            onceOnly: { fields: fields.length, prefilled: fieldsPrefilled, kept: fieldsKept },
            lookupUrl: lookupUrl(deps.publicBaseUrl, dossier.code, dossier.lookupSecret),
            lookupKey: formatLookupKey(dossier.lookupSecret),
            message: `Hồ sơ ${dossier.code} đã được gửi trực tuyến đến ${receiving?.name ?? 'nơi tiếp nhận'} và đang chờ tiếp nhận. Hồ sơ nộp ngoài giờ hành chính được tiếp nhận vào giờ làm việc kế tiếp; bộ phận một cửa chuyển hồ sơ đến cơ quan có thẩm quyền giải quyết (${v.summary.agencyText}).`,
          },
        };
      });
      return r;
    },

    // ---- once-only measure ---------------------------------------------------------------------
    async onceOnly() {
      const codes = await repo.catalogCodes(db);
      const observed = await repo.observedPrefill(db);
      const rows = [];
      for (const code of codes) {
        const v = await getCurrentVersion(db, code, clock.now());
        if (!v) continue;
        for (const k of v.content.cases) {
          const fields = (k.eform?.fields ?? []) as FormFieldDef[];
          const s = onceOnlyStats(fields);
          rows.push({
            code: v.code,
            name: v.content.name,
            onlineLevel: v.content.onlineLevel,
            caseKey: k.key,
            caseName: k.name,
            hasForm: !!k.eform,
            ...s,
            meetsTarget: s.reductionPercent >= ONCE_ONLY_TARGET_PERCENT,
          });
        }
      }
      const withForm = rows.filter((r) => r.hasForm);
      return {
        targetPercent: ONCE_ONLY_TARGET_PERCENT,
        summary: {
          cases: withForm.length,
          meetingTarget: withForm.filter((r) => r.meetsTarget).length,
          averageReductionPercent: withForm.length ? Math.round((withForm.reduce((s, r) => s + r.reductionPercent, 0) / withForm.length) * 10) / 10 : 0,
        },
        items: rows.map((r) => {
          const o = observed.get(r.code);
          return {
            ...r,
            observed: o
              ? {
                  submissions: o.submissions,
                  prefilledPercent: o.fields ? Math.round((o.prefilled / o.fields) * 1000) / 10 : 0,
                  keptPercent: o.fields ? Math.round((o.kept / o.fields) * 1000) / 10 : 0,
                }
              : null,
          };
        }),
        total: rows.length,
      };
    },

    // ---- proactive service ---------------------------------------------------------------------
    /** Results expiring within the lead time: notify the holder and offer a pre-filled renewal draft. */
    async runExpiryReminders(now = clock.now()): Promise<{ reminded: number }> {
      const today = todayVn(now);
      const stage = `before_${REMINDER_LEAD_DAYS}d`;
      const due = await repo.expiringWithoutReminder(db, today, addDays(today, REMINDER_LEAD_DAYS), stage);
      let reminded = 0;
      for (const item of due) {
        const ctx = systemContext('job:citizens.expiry-reminders');
        await database.transaction(async (tx) => {
          const renewal = renewalProcedureOf(item.procedureCode);
          let draftId: string | null = null;
          if (renewal) {
            try {
              draftId = (await service.createDraftTx(tx, ctx, item.ownerId, { procedureCode: renewal, renewalOf: item.id })).id;
            } catch (err) {
              if (!(err instanceof AppError)) throw err; // the renewal procedure is not online: remind without a draft
            }
          }
          if (!(await repo.insertReminder(tx, item.id, stage, draftId))) return;
          await recordAudit(tx, ctx, {
            action: 'citizen.expiry_reminder',
            entity: 'warehouse_item',
            entityId: item.id,
            summary: { ownerId: item.ownerId, validUntil: item.validUntil, draftId },
          });
          await enqueue(tx, {
            topic: 'citizens.notify',
            aggregateKey: `user:${item.ownerId}`,
            payload: {
              userId: item.ownerId,
              kind: 'expiry',
              itemId: item.id,
              title: item.title,
              validUntil: item.validUntil,
              draftId,
              renewalProcedure: renewal,
            },
          });
          reminded++;
        });
      }
      return { reminded };
    },
  };
  return service;
}

export type SubmissionService = ReturnType<typeof createSubmissionService>;

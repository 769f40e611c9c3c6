import { withIdempotency } from '../../platform/idempotency.js';
import { randomBytes } from 'node:crypto';
import type { Executor } from '../../platform/db/database.js';
import type { RequestContext } from '../../platform/context.js';
import { badRequest, unprocessable } from '../../platform/errors.js';
import { nfc } from '../../platform/text.js';
import { vnIso, vnYear } from '../../platform/vn-time.js';
import type * as repo from './feedback.repo.js';
import { feedbackCode, normalizeEmail, normalizePhone, sniffFileType, titleFrom, validateAttributes, type Channel, type Kind } from './feedback.rules.js';
import type { Category, Created, OfficerIntake, PublicSubmit } from './feedback.schemas.js';
import { MAX_FILE_BYTES, sha256, type Calendars, type FeedbackCore } from './feedback.core.js';

export interface Open311Submission {
  serviceCode: string | null;
  description: string;
  firstName: string | null;
  lastName: string | null;
  email: string | null;
  phone: string | null;
  addressString: string | null;
  lat: number | null;
  long: number | null;
  mediaUrl: string | null;
  attributes: Record<string, string | string[]>;
  /** A photo sent in a multipart POST (field `media`): kept as the sender's attachment, for staff only. */
  media?: { fileName: string; contentType: string; data: Buffer } | null;
}

/** Intake: from the public portal, from an officer (counter, letter, e-mail, hotline) and from Open311 clients. */
export function createIntakeService(core: FeedbackCore) {
  const { store, database, clock, settings, calendars, due, notify, log, provincialOffice } = core;

  function contactOf(input: { phone?: string | null; email?: string | null }, required: boolean): { phone: string | null; email: string | null } {
    const phone = input.phone ? normalizePhone(input.phone) : null;
    const email = input.email ? normalizeEmail(input.email) : null;
    if (input.phone && !phone) throw badRequest('invalid_phone', 'Số điện thoại không hợp lệ (ví dụ 0912345678 hoặc +84912345678).');
    if (input.email && !email) throw badRequest('invalid_email', 'Địa chỉ thư điện tử không hợp lệ.');
    if (required && !phone && !email) throw badRequest('contact_required', 'Cần cung cấp số điện thoại hoặc thư điện tử để cơ quan trả lời.');
    return { phone, email };
  }

  async function categoryFor(
    tx: Executor,
    categoryId: string | null | undefined,
    attributes: Record<string, string | string[]> | undefined,
  ): Promise<{ category: Category | null; attributes: Record<string, unknown> }> {
    if (!categoryId) {
      if (attributes && Object.keys(attributes).length)
        throw badRequest('attributes_without_category', 'Chỉ khai báo thuộc tính khi đã chọn lĩnh vực phản ánh.');
      return { category: null, attributes: {} };
    }
    const category = await store.getCategory(tx, categoryId);
    if (!category || !category.active) throw unprocessable('category_not_found', 'Lĩnh vực phản ánh không tồn tại hoặc đã ngừng sử dụng.');
    const v = validateAttributes(category.attributes, attributes ?? {});
    if (v.errors.length) throw badRequest('invalid_attributes', `Thông tin bổ sung không hợp lệ: ${v.errors.join('; ')}.`);
    return { category, attributes: v.values };
  }

  interface NewFeedback {
    channel: Channel;
    kind: Kind;
    category: Category | null;
    attributes: Record<string, unknown>;
    title: string | null | undefined;
    content: string;
    name: string | null;
    phone: string | null;
    email: string | null;
    address: string | null;
    userId: string | null;
    locationAddress: string | null;
    lat: number | null;
    long: number | null;
    mediaUrl: string | null;
    receivingAgencyId: string;
    receivedAt: Date;
    open311Token: string | null;
  }

  async function create(tx: Executor, ctx: RequestContext, cals: Calendars, n: NewFeedback): Promise<repo.FeedbackRecord> {
    const s = await settings(tx);
    const year = vnYear(n.receivedAt);
    const code = feedbackCode(year, await store.nextNumber(tx, year));
    const content = nfc(n.content.trim());
    const classifyDueAt = due(cals, n.receivedAt, s.classifyDays, n.receivingAgencyId);
    const dupSince = new Date(n.receivedAt.getTime() - 90 * 86_400_000);
    const suspected = await store.findDuplicateCandidate(tx, { content, phone: n.phone, email: n.email, categoryId: n.category?.id ?? null, since: dupSince });
    const id = await store.insertFeedback(tx, {
      code,
      channel: n.channel,
      kind: n.kind,
      topic: n.category?.topic ?? null,
      categoryId: n.category?.id ?? null,
      title: nfc((n.title?.trim() || titleFrom(content)).slice(0, 200)),
      content,
      attributes: n.attributes,
      submitterName: n.name ? nfc(n.name.trim()) : null,
      submitterPhone: n.phone,
      submitterEmail: n.email,
      submitterAddress: n.address ? nfc(n.address.trim()) : null,
      submitterUserId: n.userId,
      locationAddress: n.locationAddress ? nfc(n.locationAddress.trim()) : null,
      lat: n.lat,
      long: n.long,
      mediaUrl: n.mediaUrl,
      receivingAgencyId: n.receivingAgencyId,
      receivedAt: n.receivedAt,
      classifyDueAt,
      suspectedDuplicateOf: suspected,
      open311Token: n.open311Token,
    });
    await log(tx, ctx, { id, status: null }, 'receive', 'received', null, {
      channel: n.channel,
      code,
      categoryId: n.category?.id ?? null,
      suspectedDuplicateOf: suspected,
    });
    await notify(tx, { id }, 'received');
    return (await store.getFeedback(tx, id))!;
  }

  const created = (f: repo.FeedbackRecord): Created => ({
    id: f.id,
    code: f.code,
    status: f.status,
    receivedAt: vnIso(f.receivedAt),
    classifyDueAt: vnIso(f.classifyDueAt),
    suspectedDuplicateOf: f.suspectedDuplicateOf?.code ?? null,
  });

  return {
    /** From the public portal: name and a phone or e-mail are required. Received by the provincial office. */
    async submitPublic(ctx: RequestContext, input: PublicSubmit, idemKey?: string): Promise<{ status: number; body: Created }> {
      const contact = contactOf(input, true);
      if ((input.lat != null) !== (input.long != null)) throw badRequest('location_incomplete', 'Vị trí cần có cả vĩ độ và kinh độ.');
      const userId = ctx.actor?.kind === 'citizen' ? ctx.actor.id : null;
      const office = await provincialOffice();
      const cals = await calendars([office]);
      return withIdempotency(database, { operation: 'feedback.submit', principal: ctx.actor?.id, key: idemKey, request: input }, async (tx) => {
        const { category, attributes } = await categoryFor(tx, input.categoryId, input.attributes);
        const f = await create(tx, ctx, cals, {
          channel: 'web',
          kind: (input.kind as Kind) ?? 'feedback',
          category,
          attributes,
          title: input.title,
          content: input.content,
          name: input.name,
          ...contact,
          address: input.address ?? null,
          userId,
          locationAddress: input.locationAddress ?? null,
          lat: input.lat ?? null,
          long: input.long ?? null,
          mediaUrl: null,
          receivingAgencyId: office,
          receivedAt: clock(),
          open311Token: null,
        });
        return { status: 201, body: created(f) };
      });
    },

    /** Entered by an officer from the counter, a letter, an e-mail or the hotline: received by the officer's agency. */
    async intake(ctx: RequestContext, input: OfficerIntake, idemKey?: string): Promise<{ status: number; body: Created }> {
      const actor = ctx.actor!;
      if (!actor.agencyId) throw unprocessable('agency_required', 'Tài khoản của bạn chưa thuộc cơ quan nào nên không thể tiếp nhận phản ánh.');
      const contact = contactOf(input, false);
      const now = clock();
      const receivedAt = input.receivedAt ? new Date(input.receivedAt) : now;
      if (receivedAt.getTime() > now.getTime() + 60_000) throw badRequest('received_in_future', 'Thời điểm tiếp nhận không thể ở tương lai.');
      if (receivedAt.getTime() < now.getTime() - 60 * 86_400_000)
        throw badRequest('received_too_old', 'Thời điểm tiếp nhận không được sớm hơn 60 ngày trước (nhập muộn cần văn bản giải trình).');
      if ((input.lat != null) !== (input.long != null)) throw badRequest('location_incomplete', 'Vị trí cần có cả vĩ độ và kinh độ.');
      const cals = await calendars([actor.agencyId]);
      return withIdempotency(database, { operation: 'feedback.intake', principal: actor.id, key: idemKey, request: input }, async (tx) => {
        const { category, attributes } = await categoryFor(tx, input.categoryId, input.attributes);
        const f = await create(tx, ctx, cals, {
          channel: input.channel as Channel,
          kind: (input.kind as Kind) ?? 'feedback',
          category,
          attributes,
          title: input.title,
          content: input.content,
          name: input.name?.trim() || null,
          ...contact,
          address: input.address ?? null,
          userId: null,
          locationAddress: input.locationAddress ?? null,
          lat: input.lat ?? null,
          long: input.long ?? null,
          mediaUrl: null,
          receivingAgencyId: actor.agencyId!,
          receivedAt,
          open311Token: null,
        });
        return { status: 201, body: created(f) };
      });
    },

    /** From an Open311 client (already authenticated by API key and validated by the Open311 layer). */
    async submitOpen311(ctx: RequestContext, s: Open311Submission): Promise<{ record: repo.FeedbackRecord; token: string }> {
      const contact = contactOf(s, true);
      let media = s.media ?? null;
      if (media) {
        if (media.data.length === 0) throw badRequest('file_empty', 'Tệp "media" rỗng.');
        const sniffed = sniffFileType(media.data);
        if (sniffed !== 'image/jpeg' && sniffed !== 'image/png')
          throw badRequest('file_type_not_allowed', '"media" chỉ nhận ảnh JPEG hoặc PNG (kiểm tra theo nội dung tệp).');
        if (media.data.length > MAX_FILE_BYTES) throw badRequest('file_too_large', `Tệp vượt quá ${MAX_FILE_BYTES / 1024 / 1024} MB.`);
        media = { ...media, contentType: sniffed };
      }
      const office = await provincialOffice();
      const cals = await calendars([office]);
      return database.transaction(async (tx) => {
        let category: Category | null = null;
        if (s.serviceCode) {
          category = await store.getCategoryByCode(tx, s.serviceCode);
          if (!category || !category.active) throw badRequest('unknown_service_code', `service_code "${s.serviceCode}" không tồn tại.`);
        }
        const v = category
          ? validateAttributes(category.attributes, s.attributes)
          : { values: {}, errors: Object.keys(s.attributes).length ? ['cần service_code để khai báo attribute'] : [] };
        if (v.errors.length) throw badRequest('invalid_attributes', v.errors.join('; '));
        const name =
          [s.lastName, s.firstName]
            .filter((x) => x && x.trim())
            .join(' ')
            .trim() || null;
        const token = randomBytes(16).toString('hex');
        const record = await create(tx, ctx, cals, {
          channel: 'open311',
          kind: 'feedback',
          category,
          attributes: v.values,
          title: null,
          content: s.description,
          name,
          ...contact,
          address: null,
          userId: null,
          locationAddress: s.addressString,
          lat: s.lat,
          long: s.long,
          mediaUrl: s.mediaUrl,
          receivingAgencyId: office,
          receivedAt: clock(),
          open311Token: token,
        });
        if (media) {
          const fileName =
            nfc(media.fileName)
              .replace(/[\\/\u0000-\u001f]/g, '_')
              .slice(0, 200) || 'anh';
          const attId = await store.insertAttachment(tx, {
            feedbackId: record.id,
            purpose: 'submission',
            fileName,
            contentType: media.contentType,
            data: media.data,
            sha256: sha256(media.data),
            uploadedBy: null,
          });
          await log(tx, ctx, record, 'attach', record.status, null, { attachmentId: attId, purpose: 'submission', fileName, size: media.data.length });
        }
        return { record, token };
      });
    },
  };
}

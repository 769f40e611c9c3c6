import type { Executor } from '../../platform/db/database.js';
import type { RequestContext } from '../../platform/context.js';
import { badRequest, conflict, forbidden, notFound, unprocessable } from '../../platform/errors.js';
import { nfc } from '../../platform/text.js';
import { vnIso } from '../../platform/vn-time.js';
import { paymentDue, type DossierRow } from '../dossiers/dossiers.public.js';
import * as repo from './citizens.repo.js';
import { RATING_CRITERIA, RATING_EDIT_DAYS, isSatisfied, ratingProblem } from './citizens.rules.js';
import { requireCitizen, type CitizenDeps } from './citizens.shared.js';
import { citizensStore } from './citizens.store.js';

/** Ratings of the handling of a dossier: from the account, by signed link or at the counter; the summary; the citizen's to-do list. */
export function createRatingService(deps: CitizenDeps) {
  const { database, clock } = deps;
  const db = database.db;
  const store = deps.store ?? citizensStore;

  const service = {
    // ---- ratings -------------------------------------------------------------------------------
    async rate(ctx: RequestContext, input: { dossierId: string; answers: Record<string, number>; comment?: string | null }) {
      const actor = requireCitizen(ctx.actor);
      const problem = ratingProblem(input.answers);
      if (problem) throw badRequest('invalid_rating', problem);
      return database.transaction(async (tx) => {
        const d = await store.getDossier(tx, input.dossierId);
        if (!d) throw notFound('hồ sơ');
        if (d.applicantUserId !== actor.id) throw forbidden('Chỉ người nộp hồ sơ được đánh giá việc giải quyết hồ sơ này.');
        if (d.status !== 10) throw unprocessable('not_returned', 'Chỉ đánh giá được sau khi đã nhận kết quả giải quyết.');
        const now = clock.now();
        const editableUntil = new Date(now.getTime() + RATING_EDIT_DAYS * 86400_000);
        const ok = await store.insertRating(tx, {
          dossierId: d.id,
          dossierCode: d.code,
          ownerId: actor.id,
          procedureCode: d.procedureCode,
          receivingAgencyId: d.receivingAgencyId,
          leadAgencyId: d.leadAgencyId,
          agencyIds: d.agencyIds,
          answers: input.answers,
          overall: input.answers.overall,
          comment: input.comment ? nfc(input.comment.trim()) : null,
          editableUntil,
          at: now,
        });
        if (!ok) throw conflict('already_rated', 'Hồ sơ này đã được đánh giá; bạn có thể sửa đánh giá trong thời hạn cho phép.');
        await store.recordAudit(tx, ctx, {
          action: 'citizen.rating.create',
          entity: 'dossier',
          entityId: d.id,
          summary: { code: d.code, overall: input.answers.overall },
        });
        await store.enqueue(tx, {
          topic: 'citizens.rating',
          aggregateKey: `dossier:${d.id}:rating`,
          payload: { dossierId: d.id, code: d.code, overall: input.answers.overall, agencyIds: d.agencyIds },
        });
        return service.ratingView((await store.getRating(tx, d.id))!);
      });
    },

    async updateRating(ctx: RequestContext, dossierId: string, input: { version: number; answers: Record<string, number>; comment?: string | null }) {
      const actor = requireCitizen(ctx.actor);
      const problem = ratingProblem(input.answers);
      if (problem) throw badRequest('invalid_rating', problem);
      return database.transaction(async (tx) => {
        const r = await store.getRating(tx, dossierId);
        if (!r) throw notFound('đánh giá của hồ sơ');
        if (r.ownerId !== actor.id) throw forbidden('Đây không phải đánh giá của bạn.');
        const now = clock.now();
        if (now > r.editableUntil) throw unprocessable('rating_locked', `Đã hết thời hạn sửa đánh giá (${RATING_EDIT_DAYS} ngày kể từ khi đánh giá).`);
        if (input.version !== r.version) throw conflict('stale_version', 'Đánh giá đã được sửa ở nơi khác. Vui lòng tải lại.');
        if (
          !(await store.updateRating(tx, dossierId, r.version, {
            answers: input.answers,
            overall: input.answers.overall,
            comment: input.comment ? nfc(input.comment.trim()) : null,
            at: now,
          }))
        )
          throw conflict('stale_version', 'Đánh giá vừa được sửa. Vui lòng tải lại.');
        await store.recordAudit(tx, ctx, {
          action: 'citizen.rating.update',
          entity: 'dossier',
          entityId: dossierId,
          summary: { code: r.dossierCode, from: r.overall, to: input.answers.overall },
        });
        await store.enqueue(tx, {
          topic: 'citizens.rating',
          aggregateKey: `dossier:${dossierId}:rating`,
          payload: { dossierId, code: r.dossierCode, overall: input.answers.overall, agencyIds: r.agencyIds },
        });
        return service.ratingView((await store.getRating(tx, dossierId))!);
      });
    },

    async getRating(ctx: RequestContext, dossierId: string) {
      const actor = requireCitizen(ctx.actor);
      const d = await store.getDossier(db, dossierId);
      if (!d) throw notFound('hồ sơ');
      if (d.applicantUserId !== actor.id) throw forbidden('Đây không phải hồ sơ của bạn.');
      const r = await store.getRating(db, dossierId);
      return {
        dossier: { id: d.id, code: d.code, procedureName: d.procedureName, status: d.status },
        rating: r ? service.ratingView(r) : null,
        criteria: RATING_CRITERIA,
        canRate: d.status === 10 && !r,
        canEdit: !!r && clock.now() <= r.editableUntil,
      };
    },

    // ---- ratings without an account (signed link/QR on the receipt, counter screen) ---------------

    /** What the public rating page shows for a token: the dossier (code, procedure), whether it can still be rated. */
    async tokenRatingForm(token: string) {
      const t = await store.verifyRatingToken(db, token);
      if (!t) throw notFound('phiếu đánh giá (đường dẫn không hợp lệ)');
      const d = await store.getDossier(db, t.dossierId);
      if (!d) throw notFound('hồ sơ');
      const rated = !!(await store.getRating(db, d.id));
      const received = d.receivedAt !== null && d.status !== 3;
      return {
        dossier: { code: d.code, procedureName: d.procedureName, agencyName: (await store.getAgency(db, d.leadAgencyId ?? d.receivingAgencyId))?.name ?? null },
        channel: t.channel,
        rated,
        canRate: received && !rated,
        reason: rated
          ? 'Hồ sơ này đã được đánh giá. Mỗi hồ sơ chỉ được đánh giá một lần.'
          : received
            ? null
            : 'Hồ sơ chưa được tiếp nhận nên chưa đánh giá được.',
        criteria: RATING_CRITERIA.map((c) => ({ key: c.key, name: c.name })),
      };
    },

    /**
     * A rating through a signed token, without an account (once per dossier). The answer is not
     * returned and the audit row does not carry it: on the counter screen the officer who handed
     * over the tablet cannot read what was chosen.
     */
    async rateByToken(ctx: RequestContext, token: string, input: { answers: Record<string, number>; comment?: string | null }) {
      const t = await store.verifyRatingToken(db, token);
      if (!t) throw notFound('phiếu đánh giá (đường dẫn không hợp lệ)');
      const problem = ratingProblem(input.answers);
      if (problem) throw badRequest('invalid_rating', problem);
      return database.transaction(async (tx) => {
        const d = await store.getDossier(tx, t.dossierId);
        if (!d) throw notFound('hồ sơ');
        if (d.receivedAt === null || d.status === 3) throw unprocessable('not_received', 'Hồ sơ chưa được tiếp nhận nên chưa đánh giá được.');
        const now = clock.now();
        const ok = await store.insertRating(tx, {
          dossierId: d.id,
          dossierCode: d.code,
          ownerId: null,
          channel: t.channel,
          procedureCode: d.procedureCode,
          receivingAgencyId: d.receivingAgencyId,
          leadAgencyId: d.leadAgencyId,
          agencyIds: d.agencyIds,
          answers: input.answers,
          overall: input.answers.overall,
          comment: input.comment ? nfc(input.comment.trim()) : null,
          editableUntil: now,
          at: now,
        });
        if (!ok) throw conflict('already_rated', 'Hồ sơ này đã được đánh giá. Mỗi hồ sơ chỉ được đánh giá một lần.');
        await store.recordAudit(
          tx,
          { ...ctx, actor: null },
          { action: 'citizen.rating.create', entity: 'dossier', entityId: d.id, summary: { code: d.code, channel: t.channel } },
        );
        await store.enqueue(tx, {
          topic: 'citizens.rating',
          aggregateKey: `dossier:${d.id}:rating`,
          payload: { dossierId: d.id, code: d.code, channel: t.channel, agencyIds: d.agencyIds },
        });
        return { rated: true as const, dossierCode: d.code };
      });
    },

    /** The counter screen's token for a dossier the officer's agency handles (the screen then rates without the officer's session). */
    async counterRatingToken(ctx: RequestContext, dossierId: string) {
      const d = await store.getDossier(db, dossierId);
      if (!d) throw notFound('hồ sơ');
      const scope = await store.agencyScope(db, ctx.actor);
      if (scope !== 'all' && !scope.includes(d.receivingAgencyId) && !d.agencyIds.some((a) => scope.includes(a)))
        throw forbidden('Hồ sơ không thuộc cơ quan của bạn.');
      if (d.receivedAt === null || d.status === 3) throw unprocessable('not_received', 'Hồ sơ chưa được tiếp nhận nên chưa đánh giá được.');
      if (await store.getRating(db, d.id)) throw conflict('already_rated', 'Hồ sơ này đã được đánh giá. Mỗi hồ sơ chỉ được đánh giá một lần.');
      return { dossierCode: d.code, token: await store.ratingToken(db, d.id, 'counter') };
    },

    ratingView(r: repo.RatingRow) {
      return {
        dossierId: r.dossierId,
        dossierCode: r.dossierCode,
        answers: r.answers,
        overall: r.overall,
        comment: r.comment,
        editableUntil: vnIso(r.editableUntil),
        version: r.version,
        createdAt: vnIso(r.createdAt),
        updatedAt: vnIso(r.updatedAt),
      };
    },

    async ratingSummary(ctx: RequestContext, q: { from?: string; to?: string }) {
      const scope = await store.agencyScope(db, ctx.actor);
      return ratingStats(db, { ...q, agencyIds: scope === 'all' ? null : scope });
    },

    /** The citizen's to-do list: dossiers to pay, results to download, dossiers to rate. */
    async todo(ctx: RequestContext) {
      const actor = requireCitizen(ctx.actor);
      const dossiers = await store.listApplicantDossiers(db, actor.id, clock.now());
      const rated = await store.ratedDossierIds(db, actor.id);
      const brief = (d: DossierRow) => ({ id: d.id, code: d.code, procedureName: d.procedureName, status: d.status, updatedAt: vnIso(d.updatedAt) });
      return {
        toPay: dossiers
          .filter((d) => d.status === 6)
          .map((d) => {
            const items = d.state.payments[d.state.payments.length - 1]?.items ?? [];
            return { ...brief(d), items: [...items], total: paymentDue(items) };
          }),
        results: dossiers.filter((d) => (d.status === 9 || d.status === 10) && d.state.result).map((d) => ({ ...brief(d), result: d.state.result })),
        toRate: dossiers.filter((d) => d.status === 10 && !rated.has(d.id)).map(brief),
      };
    },
  };
  return service;
}

export type RatingService = ReturnType<typeof createRatingService>;

/** Satisfaction statistics (for the quality indicators): per criterion and overall, share "satisfied" (levels 4–5). */
export async function ratingStats(db: Executor, q: { from?: string; to?: string; agencyIds: string[] | null }) {
  const rows = await repo.listRatings(db, q);
  const byCriterion = RATING_CRITERIA.map((c) => {
    const vals = rows.map((r) => r.answers[c.key]).filter((v): v is number => typeof v === 'number');
    return {
      key: c.key,
      name: c.name,
      count: vals.length,
      average: vals.length ? Math.round((vals.reduce((s, v) => s + v, 0) / vals.length) * 100) / 100 : null,
      satisfiedPercent: vals.length ? Math.round((vals.filter(isSatisfied).length / vals.length) * 1000) / 10 : null,
    };
  });
  const levels: Record<string, number> = { '1': 0, '2': 0, '3': 0, '4': 0, '5': 0 };
  for (const r of rows) levels[String(r.overall)]++;
  return {
    count: rows.length,
    satisfiedPercent: rows.length ? Math.round((rows.filter((r) => isSatisfied(r.overall)).length / rows.length) * 1000) / 10 : null,
    overallLevels: levels,
    byCriterion,
  };
}

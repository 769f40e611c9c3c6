/**
 * Service-level test with typed fakes (no database): a citizen rates the handling of their dossier,
 * then changes the rating. The rule needs orchestration: the dossier is read in the transaction
 * (only its applicant may rate, only once the result was handed over), the rating is inserted once
 * (a second one is refused) and may be changed for RATING_EDIT_DAYS from when it was given, checked
 * against its version; the rating, its audit row and the notice to the agencies that handled the
 * dossier are written in one transaction. A refusal writes nothing.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Actor, RequestContext } from '../../platform/context.js';
import { AppError } from '../../platform/errors.js';
import type { DossierRow } from '../dossiers/dossiers.public.js';
import { fakeDatabase, fakeOf } from '../../test/fakes.js';
import { createRatingService } from './citizens.ratings.service.js';
import type { CitizenDeps } from './citizens.shared.js';
import type { CitizensStore } from './citizens.store.js';
import type { RatingRow } from './citizens.repo.js';

const at = (s: string) => new Date(s);
const citizen = (id: string): RequestContext => ({
  actor: { id, username: id, fullName: 'Nguyễn Văn A', kind: 'citizen', roles: [], agencyId: null, agency: null, sessionId: 's' } satisfies Actor,
  requestId: 'test',
  ip: null,
});
const OWNER = citizen('u-citizen');

/** What the rating reads of a dossier (the rest of the row does not matter to the rule). */
const dossier = (over: Partial<DossierRow> = {}): DossierRow =>
  ({
    id: 'd-1',
    code: 'H56.22-260504-0001',
    applicantUserId: 'u-citizen',
    status: 10, // result handed over
    procedureCode: '1.001234',
    receivingAgencyId: 'agency-centre',
    leadAgencyId: 'agency-justice',
    agencyIds: ['agency-centre', 'agency-justice'],
    ...over,
  }) as DossierRow;

const ANSWERS = { overall: 4, total_time: 5, attitude: 4 };

function setUp(d: DossierRow) {
  const events: string[] = [];
  const { database, tx } = fakeDatabase(events);
  let now = at('2026-05-04T09:00:00+07:00');
  let rating: RatingRow | null = null;
  const writes = { audits: [] as { action: string; summary: unknown }[], notices: [] as unknown[] };
  const store = fakeOf<CitizensStore>('store', {
    getDossier: async (_x, id) => (id === d.id ? d : null),
    getRating: async (_x, id) => (rating && id === rating.dossierId ? rating : null),
    async insertRating(x, r) {
      assert.equal(x, tx, 'written in the transaction');
      events.push('insertRating');
      if (rating) return false; // ON CONFLICT (dossier_id) DO NOTHING
      const { at: when, channel, ...rest } = r;
      rating = { ...rest, channel: channel ?? 'account', version: 1, createdAt: when, updatedAt: when };
      return true;
    },
    async updateRating(x, id, expectedVersion, p) {
      assert.equal(x, tx, 'written in the transaction');
      events.push('updateRating');
      if (!rating || rating.dossierId !== id || rating.version !== expectedVersion) return false;
      rating = { ...rating, answers: p.answers, overall: p.overall, comment: p.comment, updatedAt: p.at, version: rating.version + 1 };
      return true;
    },
    async recordAudit(x, _ctx, a) {
      assert.equal(x, tx, 'written in the transaction');
      writes.audits.push({ action: a.action, summary: a.summary });
    },
    async enqueue(x, m) {
      assert.equal(x, tx, 'written in the transaction');
      writes.notices.push({ topic: m.topic, payload: m.payload });
      return 0;
    },
  });
  // Only what the ratings service may touch: no files, identity provider or dossier service.
  const deps = fakeOf<CitizenDeps>('deps', { database, clock: { now: () => now }, store });
  return {
    service: createRatingService(deps),
    events,
    writes,
    rating: () => rating,
    setNow: (s: string) => {
      now = at(s);
    },
  };
}

const code = (e: unknown) => (e instanceof AppError ? e.code : String(e));

describe('rating the handling of a dossier (service on typed fakes, no database)', () => {
  test('the applicant rates once the result is handed over: editable for 7 days, audited, the handling agencies notified', async () => {
    const f = setUp(dossier());
    const v = await f.service.rate(OWNER, { dossierId: 'd-1', answers: ANSWERS, comment: '  Cán bộ hướng dẫn tận tình.  ' });

    assert.equal(v.overall, 4);
    assert.equal(v.comment, 'Cán bộ hướng dẫn tận tình.');
    assert.equal(v.editableUntil, '2026-05-11T09:00:00+07:00');
    assert.equal(f.rating()?.ownerId, 'u-citizen');
    assert.deepEqual(f.rating()?.agencyIds, ['agency-centre', 'agency-justice']);
    assert.deepEqual(f.events, ['transaction', 'insertRating']);
    assert.deepEqual(f.writes.audits, [{ action: 'citizen.rating.create', summary: { code: 'H56.22-260504-0001', overall: 4 } }]);
    assert.deepEqual(f.writes.notices, [
      {
        topic: 'citizens.rating',
        payload: { dossierId: 'd-1', code: 'H56.22-260504-0001', overall: 4, agencyIds: ['agency-centre', 'agency-justice'] },
      },
    ]);

    await assert.rejects(f.service.rate(OWNER, { dossierId: 'd-1', answers: ANSWERS }), (e) => code(e) === 'already_rated');
    assert.equal(f.writes.audits.length, 1, 'a second rating writes nothing');
  });

  test('refused before the result is handed over, and to anyone but the applicant; nothing written', async () => {
    const early = setUp(dossier({ status: 9 }));
    await assert.rejects(early.service.rate(OWNER, { dossierId: 'd-1', answers: ANSWERS }), (e) => code(e) === 'not_returned');
    const other = setUp(dossier());
    await assert.rejects(other.service.rate(citizen('u-other'), { dossierId: 'd-1', answers: ANSWERS }), (e) => code(e) === 'forbidden');
    for (const f of [early, other]) {
      assert.deepEqual(f.events, ['transaction']);
      assert.deepEqual(f.writes, { audits: [], notices: [] });
    }
  });

  test('changed within the 7 days (from its version), locked after them', async () => {
    const f = setUp(dossier());
    await f.service.rate(OWNER, { dossierId: 'd-1', answers: ANSWERS });

    f.setNow('2026-05-10T20:00:00+07:00');
    const changed = await f.service.updateRating(OWNER, 'd-1', { version: 1, answers: { overall: 2 }, comment: 'Phải đi lại hai lần.' });
    assert.equal(changed.overall, 2);
    assert.equal(changed.version, 2);
    assert.equal(changed.editableUntil, '2026-05-11T09:00:00+07:00', 'a change does not extend the time to change it');
    assert.deepEqual(f.writes.audits.at(-1), { action: 'citizen.rating.update', summary: { code: 'H56.22-260504-0001', from: 4, to: 2 } });

    await assert.rejects(f.service.updateRating(OWNER, 'd-1', { version: 1, answers: { overall: 3 } }), (e) => code(e) === 'stale_version');

    f.setNow('2026-05-11T09:00:01+07:00');
    const before = { events: f.events.length, audits: f.writes.audits.length, notices: f.writes.notices.length };
    await assert.rejects(f.service.updateRating(OWNER, 'd-1', { version: 2, answers: { overall: 5 } }), (e) => code(e) === 'rating_locked');
    assert.equal(f.rating()?.overall, 2);
    assert.deepEqual(f.events.slice(before.events), ['transaction'], 'read in the transaction, nothing written');
    assert.equal(f.writes.audits.length, before.audits);
    assert.equal(f.writes.notices.length, before.notices);
  });
});

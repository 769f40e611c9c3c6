import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  consentVerdict,
  correctionProblem,
  NOTICE_V1,
  noticeProblem,
  PROCESSING_ACTIVITIES,
  retentionCutoff,
  retentionPeriodProblem,
  type CorrectionSubject,
} from './citizens.privacy.rules.js';

test('consent (Luật 91/2025/QH15 Điều 9): on record for the version in force, or given now for that version', () => {
  const cases: [number, number[], number | null, string][] = [
    [1, [1], null, 'ok'], // already consented
    [1, [1], 1, 'ok'], // ticked again: nothing new to record
    [1, [], 1, 'record'], // given now
    [2, [1], null, 'consent_required'], // a new version asks again
    [2, [1], 1, 'consent_outdated'], // ticked an old version
    [1, [], null, 'consent_required'],
    [2, [2, 1], null, 'ok'],
  ];
  for (const [current, active, accepted, want] of cases) {
    const v = consentVerdict(current, active, accepted);
    const got = v.ok ? (v.record ? 'record' : 'ok') : v.code;
    assert.equal(got, want, `${current} ${JSON.stringify(active)} ${accepted}`);
  }
});

test('a published notice must fill every part', () => {
  assert.equal(noticeProblem(NOTICE_V1), null);
  assert.match(noticeProblem({ ...NOTICE_V1, rights: [] })!, /rights/);
  assert.match(noticeProblem({ ...NOTICE_V1, contact: '  ' })!, /contact/);
  assert.match(noticeProblem({ ...NOTICE_V1, purposes: ['a', ' '] })!, /purposes/);
});

test('correction requests: what can be asked, consistent with the personal ID', () => {
  // 038196001234: female (century digit 1), born 1996.
  const self: CorrectionSubject = {
    subjectKind: 'citizen',
    personalId: '038196001234',
    dateOfBirth: '1996-02-03',
    gender: 'nu',
    fullName: 'Trần Thị Hoa',
    businessName: null,
    verified: false,
  };
  const cases: [Partial<CorrectionSubject>, Parameters<typeof correctionProblem>[1], string, string | null][] = [
    [{}, 'fullName', 'Trần Thị Hòa', null],
    [{}, 'fullName', '  ', 'proposed_value_required'],
    [{}, 'fullName', 'Trần Thị Hoa', 'same_value'],
    [{}, 'fullName', 'H', 'invalid_value'],
    [{}, 'dateOfBirth', '1996-03-02', null],
    [{}, 'dateOfBirth', '1996-02-30', 'invalid_value'],
    [{}, 'dateOfBirth', '03/02/1996', 'invalid_value'],
    [{}, 'dateOfBirth', '1986-02-03', 'inconsistent_with_personal_id'], // the ID says 1996
    [{}, 'gender', 'nam', 'inconsistent_with_personal_id'], // the ID says female
    [{}, 'gender', 'x', 'invalid_value'],
    [{}, 'businessName', 'Công ty A', 'field_not_applicable'],
    [{ verified: true }, 'fullName', 'Trần Thị Hòa', 'correct_at_source'], // VNeID data: correct at the population database
    [{ verified: true, subjectKind: 'business', businessName: 'Công ty A' }, 'businessName', 'Công ty B', null],
  ];
  for (const [over, field, value, want] of cases)
    assert.equal(correctionProblem({ ...self, ...over }, field, value)?.code ?? null, want, `${field}=${value} ${JSON.stringify(over)}`);
});

test('retention: the cutoff and the bounds of a period', () => {
  assert.equal(retentionCutoff(new Date('2026-12-07T00:00:00Z'), 180).toISOString(), '2026-06-10T00:00:00.000Z');
  assert.equal(retentionPeriodProblem(180, 30, true), null);
  assert.match(retentionPeriodProblem(29, 30, true)!, /30 ngày/);
  assert.match(retentionPeriodProblem(3650, null, false)!, /pháp luật chuyên ngành/);
  assert.match(retentionPeriodProblem(0, null, true)!, /1 đến 36.500/);
});

test('the ROPA names every field for every activity, with unique keys', () => {
  assert.equal(new Set(PROCESSING_ACTIVITIES.map((a) => a.key)).size, PROCESSING_ACTIVITIES.length);
  for (const a of PROCESSING_ACTIVITIES) for (const [k, v] of Object.entries(a)) assert.ok(String(v).trim().length > 1, `${a.key}.${k}`);
});

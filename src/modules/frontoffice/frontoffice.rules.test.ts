import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { announcement, canMarkNoShow, compareQueue, estimatedWaitMinutes, nextFor, peakHours, peopleAhead, PRIORITY_GROUPS, ratingProblem, type QueueEntry } from './frontoffice.rules.js';

const e = (number: number, queuedAt: number, priorityGroup: QueueEntry['priorityGroup'] = null, targetCounterId: string | null = null): QueueEntry => ({ number, queuedAt, priorityGroup, targetCounterId });

describe('queue order', () => {
  test('table: priority groups first, then arrival, then number', () => {
    const cases: [QueueEntry, QueueEntry, number][] = [
      [e(1001, 1), e(1002, 2), -1],
      [e(1002, 2), e(1001, 1), 1],
      [e(1003, 3, 'elderly'), e(1001, 1), -1],
      [e(1001, 1), e(1004, 9, 'pregnant'), 1],
      [e(1003, 3, 'merit'), e(1002, 2, 'disability'), 1],
      [e(1001, 5), e(1002, 5), -1],
    ];
    for (const [a, b, sign] of cases) assert.equal(Math.sign(compareQueue(a, b)), sign, `${a.number} vs ${b.number}`);
  });

  test('next ticket: priority, and a transferred ticket only at its counter', () => {
    const w = [e(1001, 1), e(1002, 2, null, 'k2'), e(1003, 3, 'elderly', 'k2'), e(1004, 4)];
    assert.equal(nextFor(w, 'k1')!.number, 1001);
    assert.equal(nextFor(w, 'k2')!.number, 1003);
    assert.equal(nextFor([], 'k1'), null);
  });

  const entry = fc.record({
    number: fc.integer({ min: 1001, max: 1999 }),
    queuedAt: fc.integer({ min: 0, max: 10_000 }),
    priorityGroup: fc.option(fc.constantFrom(...PRIORITY_GROUPS), { nil: null }),
    targetCounterId: fc.constant(null),
  });

  test('property: sorted order never puts a regular ticket before a priority one, and is a total order', () => {
    fc.assert(
      fc.property(fc.array(entry, { maxLength: 40 }), (list) => {
        const sorted = [...list].sort(compareQueue);
        const firstRegular = sorted.findIndex((x) => !x.priorityGroup);
        if (firstRegular >= 0) assert.ok(sorted.slice(firstRegular).every((x) => !x.priorityGroup));
        for (let i = 1; i < sorted.length; i++) assert.ok(compareQueue(sorted[i - 1], sorted[i]) <= 0);
        if (list.length) assert.equal(compareQueue(nextFor(list, 'k')!, sorted[0]), 0);
      }),
    );
  });

  test('property: people ahead is the position in queue order', () => {
    fc.assert(
      fc.property(fc.uniqueArray(entry, { selector: (x) => x.number, minLength: 1, maxLength: 30 }), (list) => {
        const sorted = [...list].sort(compareQueue);
        sorted.forEach((x, i) => assert.equal(peopleAhead(list, x), i));
      }),
    );
  });
});

describe('waits, no-shows, announcement, ratings', () => {
  test('estimated wait', () => {
    assert.equal(estimatedWaitMinutes(0, 3, 10), 0);
    assert.equal(estimatedWaitMinutes(3, 3, 10), 10);
    assert.equal(estimatedWaitMinutes(4, 3, 10), 15);
    assert.equal(estimatedWaitMinutes(2, 0, 12), 25);
  });
  test('no-show only after N calls', () => {
    assert.equal(canMarkNoShow(2, 3), false);
    assert.equal(canMarkNoShow(3, 3), true);
  });
  test('the spoken sentence', () => {
    assert.equal(announcement(1023, 5), 'Mời công dân số 1023 đến quầy số 5');
    assert.equal(announcement(1023, 5, 'en'), 'Ticket number 1023, please go to counter 5');
  });
  test('ratings: 4 levels, known reasons, each once', () => {
    assert.equal(ratingProblem(4, []), null);
    assert.equal(ratingProblem(1, ['attitude', 'waiting']), null);
    assert.match(ratingProblem(5, [])!, /1 .* 4/);
    assert.match(ratingProblem(0, [])!, /Mức/);
    assert.match(ratingProblem(2, ['rude'])!, /rude/);
    assert.match(ratingProblem(2, ['waiting', 'waiting'])!, /một lần/);
  });
  test('peak hours in Vietnam time', () => {
    const at = (h: number) => new Date(`2026-12-08T${String(h).padStart(2, '0')}:10:00+07:00`);
    assert.deepEqual(peakHours([at(8), at(9), at(9), at(14)], 2), [{ hour: 9, tickets: 2 }, { hour: 8, tickets: 1 }]);
  });
});

/**
 * System figures against their sources, on demo dossiers generated through the real dossier
 * service: the report pre-filled for a department's cut-off window equals the quality module's
 * QĐ 766 timeliness and the dossier module's counts for the same window and agency subtree.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { startTestApp, type TestApp } from '../../test/harness.js';
import { dossierFigures } from '../dossiers/dossiers.public.js';
import { agencySubtree } from '../org/org.public.js';
import { periodContaining, vnToday } from './reports.periods.js';
import { windowInstants } from './reports.figures.js';

let t: TestApp;
before(async () => {
  t = await startTestApp({ demoDossiers: 80 });
  // Deliver the outbox so the quality read model has seen every dossier change.
  for (let i = 0; i < 500 && (await t.deps.outbox.runOnce()) > 0; i++);
});
after(async () => t.close());

test('pre-filled dossier figures equal the quality module and the dossier module for the same window', async () => {
  const office = await t.login('provincial_office');
  const specialist = await t.login('specialist');
  const regimes = (await t.request({ method: 'GET', url: '/api/v1/reports/regimes', token: office })).json().items;
  const tthc = regimes.find((r: { code: string }) => r.code === 'TTHC-DINHKY');
  // The quarterly window that contained the day a month ago: it began at least a month ago, so it
  // holds demo dossiers whatever today is (on the 15th of a quarter's last month the current
  // window starts today and is still empty).
  const monthAgo = vnToday(new Date(Date.now() - 30 * 86_400_000));
  const w = periodContaining('quarterly', monthAgo)!;
  const open = await t.request({
    method: 'POST',
    url: `/api/v1/reports/regimes/${tthc.id}/periods`,
    token: office,
    body: { frequency: 'quarterly', year: w.year, index: w.index },
  });
  assert.equal(open.statusCode, 201, open.body);
  const mine = (await t.request({ method: 'GET', url: `/api/v1/reports/submissions?periodId=${open.json().id}&mine=true`, token: specialist })).json().items[0];
  const pre = await t.request({ method: 'POST', url: `/api/v1/reports/submissions/${mine.id}/prefill`, token: specialist, body: { version: mine.version } });
  assert.equal(pre.statusCode, 200, pre.body);
  const cells = pre.json().cells as Record<string, number>;
  const agencyId = mine.agency.id as string;

  const q = await t.deps.quality.indicators({ from: w.cutoffFrom, to: w.cutoffTo, agency: agencyId });
  const d = await dossierFigures(t.database.db, { ...windowInstants(w.cutoffFrom, w.cutoffTo), agencyIds: await agencySubtree(t.database.db, agencyId) });
  assert.ok(d.received > 0, 'the demo gives Sở Tư pháp dossiers in the current quarter');

  // Resolved early / on time / late and in progress: the QĐ 766 numbers of the quality module.
  assert.equal(cells['B01.total.early'], q.timeliness.finishedEarly);
  assert.equal(cells['B01.total.on_time'], q.timeliness.finishedOnTime);
  assert.equal(cells['B01.total.late'], q.timeliness.finishedLate);
  assert.equal(cells['B01.total.pending_within'], q.timeliness.openWithinTime);
  assert.equal(cells['B01.total.pending_overdue'], q.timeliness.openOverdue);
  // The population of QĐ 766 2.1 (carried over + received) is the dossiers received and not ended before the window.
  assert.equal(q.timeliness.total, cells['B01.total.carried'] + cells['B01.total.received']);
  // Received by channel, apologies, payments, digitisation: the dossier module's snapshot counts.
  assert.equal(cells['B01.total.received'], d.received);
  assert.equal(cells['B01.total.online'], d.receivedOnline);
  assert.equal(cells['B01.total.counter'], d.receivedCounter);
  assert.equal(cells['B01.total.post'], d.receivedPost);
  assert.equal(cells['B01.total.apologies'], d.apologies);
  assert.equal(cells['B02.paid_online.value'], d.paidOnline);
  assert.equal(cells['B02.digitised.value'], d.digitised);
  // Every figure is marked as a system figure and the pre-filled report has no blocking problem.
  assert.deepEqual(pre.json().overridden, []);
  assert.equal(pre.json().systemFigures['dossiers.resolvedLate'].source, 'dossiers');
  assert.deepEqual(
    pre.json().issues.filter((i: { severity: string; code: string }) => i.severity === 'error' && i.code !== 'section_required'),
    [],
  );
});

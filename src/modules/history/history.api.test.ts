import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { sql } from 'kysely';
import { fromRoot } from '../../platform/paths.js';
import { startTestApp, type TestApp } from '../../test/harness.js';
import { buildXlsx, toNdjson } from './history.format.js';
import { recordProblems, type HistoryDossier } from './history.rules.js';
import { generateDemoHistory } from './history.demo.js';
import { demoHistoryPackage } from './history.seed.js';
import { multipart } from '../../test/multipart.js';

let t: TestApp;
let admin: string;
let ward: { centre: string; office: string };
before(async () => {
  t = await startTestApp();
  admin = await t.login('admin');
  const code = async (name: string) =>
    (await sql<{ code: string }>`SELECT code FROM agency WHERE id = ${await t.agencyId(name)}`.execute(t.database.db)).rows[0].code;
  ward = { centre: await code('Trung tâm Phục vụ hành chính công phường Hạc Thành'), office: await code('Ủy ban nhân dân phường Hạc Thành') };
});
after(async () => {
  await t.close();
});

interface Job {
  id: string;
  status: string;
  dryRun: boolean;
  phase: string;
  total: number;
  processed: number;
  imported: number;
  unchanged: number;
  rejected: number;
  errors: { line: number | null; where: string; ref: string | null; action: number | null; code: string; message: string }[];
}

async function upload(fileName: string, content: Buffer, q: { dryRun?: boolean; token?: string } = {}): Promise<{ status: number; job: Job }> {
  const r = await t.request({
    method: 'POST',
    url: `/api/v1/dossiers/import?wait=true${q.dryRun ? '&dryRun=true' : ''}`,
    token: q.token ?? admin,
    ...multipart({ name: fileName, data: content }),
  });
  return { status: r.statusCode, job: r.json() };
}
const count = async (table: string, where = sql`true`) =>
  (await sql<{ n: number }>`SELECT count(*)::int AS n FROM ${sql.table(table)} WHERE ${where}`.execute(t.database.db)).rows[0].n;
const snapshot = async () => ({
  dossiers: await count('dossier'),
  actions: await count('dossier_action'),
  outbox: await count('outbox'),
  audit: await count('audit_log'),
  imported: await count('history_imported_dossier'),
});

/** A household business registered at the ward (1.001612: 3 working days), received Monday 2 March 2026 at 08:00. */
function business(ref: string, over: Partial<HistoryDossier> = {}): HistoryDossier {
  return {
    ref,
    procedure: '1.001612',
    case: 'chuan',
    channel: 'counter',
    receivingAgency: ward.centre,
    applicant: { kind: 'citizen', name: 'Trần Thị Lan', idNumber: '038190001234', phone: '0912345678' },
    components: [{ index: 0, digitised: true }],
    actions: [
      { type: 'receive', at: '2026-03-02T08:00:00+07:00', by: 'Bùi Thu Hà' },
      { type: 'forward', at: '2026-03-02T09:00:00+07:00' },
      { type: 'result_ready', at: '2026-03-04T10:00:00+07:00', decisionNumber: '12/GCN-HKD', signer: 'Hoàng Quang Vinh', signedOn: '2026-03-04' },
      { type: 'return_result', at: '2026-03-04T15:00:00+07:00', channel: 'counter', receivedBy: 'Trần Thị Lan' },
    ],
    ...over,
  };
}

describe('historical dossier import (docs/history-import.md)', () => {
  test('only administrators may import or read imports', async () => {
    const file = Buffer.from(toNdjson([business('ACC-1')]));
    assert.equal(
      (await t.request({ method: 'POST', url: '/api/v1/dossiers/import?wait=true', ...multipart({ name: 'a.ndjson', data: file }) })).statusCode,
      401,
    );
    for (const u of ['one_stop_officer', 'citizen', 'unit_leader']) {
      const r = await upload('a.ndjson', file, { token: await t.login(u) });
      assert.equal(r.status, 403, u);
      assert.equal((await t.request({ method: 'GET', url: '/api/v1/dossiers/imports', token: await t.login(u) })).statusCode, 403, u);
    }
    assert.equal(await count('history_import'), 0);
  });

  test('the routes are in the OpenAPI document with their response schemas', async () => {
    const doc = (await t.request({ method: 'GET', url: '/openapi.json' })).json();
    assert.deepEqual(
      Object.keys(doc.paths['/api/v1/dossiers/import'].post.responses)
        .filter((k) => k.startsWith('2'))
        .sort(),
      ['200', '202'],
    );
    assert.ok(doc.paths['/api/v1/dossiers/imports/{id}'].get.responses['200']);
  });

  test('a file that is neither NDJSON nor XLSX is a 415 and records nothing', async () => {
    const r = await upload('x.txt', Buffer.from('hello'));
    assert.equal(r.status, 415);
    assert.equal(await count('history_import'), 0);
  });

  test('dry run: per-line reasons in Vietnamese, nothing written', async () => {
    const good = business('DRY-1');
    const illegal = business('DRY-2', { actions: [good.actions[0], { type: 'return_result', at: '2026-03-02T10:00:00+07:00', channel: 'counter' }] });
    const future = business('DRY-3', { actions: [{ type: 'receive', at: '2099-01-01T08:00:00+07:00' }] });
    const unknownAgency = business('DRY-4', { receivingAgency: 'KHONG-CO' });
    const file = Buffer.from(toNdjson([good, illegal, future]) + 'not json\n' + toNdjson([unknownAgency]));
    const before = await snapshot();
    const { status, job } = await upload('lich-su.ndjson', file, { dryRun: true });
    assert.equal(status, 200);
    assert.equal(job.status, 'succeeded');
    assert.equal(job.dryRun, true);
    assert.deepEqual([job.total, job.imported, job.rejected, job.unchanged], [5, 1, 4, 0]);
    const byLine = new Map(job.errors.map((e) => [e.line, e]));
    assert.equal(byLine.get(2)!.ref, 'DRY-2');
    assert.equal(byLine.get(2)!.action, 2);
    assert.equal(byLine.get(2)!.code, 'illegal_transition');
    assert.match(byLine.get(2)!.message, /^thao tác số 2 \(Trả kết quả, 2026-03-02T10:00:00\+07:00\): Không thể thực hiện/);
    assert.match(byLine.get(3)!.message, /ở tương lai/);
    assert.match(byLine.get(4)!.message, /không phải JSON hợp lệ/);
    assert.equal(byLine.get(5)!.code, 'agency_not_found');
    assert.match(job.phase, /Chạy thử xong: 1 hồ sơ sẽ được nhập/);
    assert.deepEqual(await snapshot(), before, 'a dry run writes no dossier, action, outbox, audit or register row');
  });

  test('real run: each valid dossier with its actions at their real times; a dossier with a bad action is not written at all; re-import changes nothing', async () => {
    const ok = business('HIST-1');
    // Late: result a week after the 3-working-day appointment, with a supplement round in between.
    const late = business('HIST-2', {
      code: 'HT-2026-000777',
      actions: [
        { type: 'receive', at: '2026-03-02T08:00:00+07:00' },
        { type: 'forward', at: '2026-03-02T09:00:00+07:00' },
        {
          type: 'request_supplement',
          at: '2026-03-03T09:00:00+07:00',
          reason: 'Thiếu bản sao hợp đồng thuê địa điểm.',
          items: ['Hợp đồng thuê địa điểm kinh doanh'],
          by: 'Đặng Minh Châu',
        },
        { type: 'supplement_received', at: '2026-03-05T09:00:00+07:00' },
        { type: 'result_ready', at: '2026-03-16T10:00:00+07:00', decisionNumber: '13/GCN-HKD', signer: 'Hoàng Quang Vinh', signedOn: '2026-03-16' },
        { type: 'return_result', at: '2026-03-16T15:00:00+07:00', channel: 'counter', receivedBy: 'Trần Thị Lan' },
      ],
    });
    const online = business('HIST-3', {
      channel: 'online',
      actions: [
        { type: 'submit_online', at: '2026-03-06T21:10:00+07:00' },
        { type: 'receive', at: '2026-03-09T08:30:00+07:00' },
        { type: 'forward', at: '2026-03-09T09:00:00+07:00' },
        { type: 'withdraw', at: '2026-03-10T09:00:00+07:00', reason: 'Công dân có đơn xin rút hồ sơ.' },
      ],
    });
    // Partial: the third action is illegal (a second supplement request by the same agency).
    const partial = business('HIST-4', {
      actions: [
        { type: 'receive', at: '2026-03-02T08:00:00+07:00' },
        { type: 'forward', at: '2026-03-02T09:00:00+07:00' },
        { type: 'request_supplement', at: '2026-03-02T10:00:00+07:00', reason: 'Thiếu giấy tờ.', items: ['Bản sao CCCD'] },
        { type: 'supplement_received', at: '2026-03-03T10:00:00+07:00' },
        { type: 'request_supplement', at: '2026-03-03T11:00:00+07:00', reason: 'Thiếu thêm giấy tờ.', items: ['Ảnh chụp địa điểm'] },
      ],
    });
    const file = Buffer.from(toNdjson([ok, late, online, partial]));
    const before = await snapshot();
    const { job } = await upload('lich-su.ndjson', file);
    assert.equal(job.status, 'succeeded', JSON.stringify(job.errors));
    assert.deepEqual([job.imported, job.rejected], [3, 1], JSON.stringify(job.errors));
    assert.equal(job.errors[0].ref, 'HIST-4');
    assert.equal(job.errors[0].action, 5);
    assert.equal(job.errors[0].code, 'supplement_already_requested');
    // Received in March 2026: the message cites the decree in force then (legal-basis.ts).
    assert.match(job.errors[0].message, /\(Nghị định 118\/2025\/NĐ-CP \(sửa đổi, bổ sung bởi Nghị định 367\/2025\/NĐ-CP\)\)\.$/);
    assert.equal(await count('dossier', sql`code = 'HIST-4'`), 0, 'nothing of the rejected dossier is written');

    // The late dossier, as the dossier API shows it: its own code, status 10, the real times, late.
    const id = (await sql<{ id: string }>`SELECT id FROM dossier WHERE code = 'HT-2026-000777'`.execute(t.database.db)).rows[0].id;
    const v = (await t.request({ method: 'GET', url: `/api/v1/dossiers/${id}`, token: admin })).json();
    assert.equal(v.status.code, 10);
    assert.equal(v.receivedAt, '2026-03-02T08:00:00+07:00');
    assert.equal(v.processingEndedAt, '2026-03-16T10:00:00+07:00');
    // Appointment: 3 working days from the supplement's return (the legal clock restarts): Tue 10/03 09:00.
    assert.equal(v.appointment.current, '2026-03-10T09:00:00+07:00');
    assert.equal(v.late, true);
    assert.deepEqual(
      v.timeline.map((a: { type: string }) => a.type),
      ['receive', 'forward', 'request_supplement', 'supplement_received', 'next_step', 'result_ready', 'return_result'],
    );
    assert.equal(v.timeline[2].at, '2026-03-03T09:00:00+07:00');
    assert.equal(v.timeline[2].payload.importedActor, 'Đặng Minh Châu');
    // No message to the applicant, no national-portal sync: only the QĐ 766 read model hears of it.
    const topics = (
      await sql<{ topic: string; n: number }>`SELECT topic, count(*)::int AS n FROM outbox WHERE aggregate_key LIKE ${'%' + id + '%'} GROUP BY topic`.execute(
        t.database.db,
      )
    ).rows;
    assert.deepEqual(topics, [{ topic: 'quality.dossier_changed', n: 7 }]);
    const onlineRow = (
      await sql<{ status: number; channel: string; submitted_at: Date }>`SELECT status, channel, submitted_at FROM dossier WHERE code = 'HIST-3'`.execute(
        t.database.db,
      )
    ).rows[0];
    assert.deepEqual([onlineRow.status, onlineRow.channel, onlineRow.submitted_at.toISOString()], [7, 'online', '2026-03-06T14:10:00.000Z']);

    // The QĐ 766 read model: the late one is late, the other on time (delivered like any change).
    await t.deps.outbox.drain();
    const facts = (
      await sql<{
        code: string;
        outcome: string;
      }>`SELECT d.code, f.outcome FROM quality_dossier_fact f JOIN dossier d ON d.id = f.dossier_id WHERE d.code IN ('HIST-1', 'HT-2026-000777') ORDER BY d.code`.execute(
        t.database.db,
      )
    ).rows;
    assert.deepEqual(
      facts.map((f) => [f.code, f.outcome]),
      [
        ['HIST-1', 'early'],
        ['HT-2026-000777', 'late'],
      ],
    );

    // The same file again: nothing changes, and the report says why.
    const mid = await snapshot();
    assert.deepEqual(mid.imported - before.imported, 3);
    const again = (await upload('lich-su.ndjson', file)).job;
    assert.deepEqual([again.imported, again.unchanged, again.rejected], [0, 3, 1]);
    const after1 = await snapshot();
    assert.deepEqual({ ...after1, audit: 0 }, { ...mid, audit: 0 });
    assert.equal(after1.audit, mid.audit + 1, 'only the run itself is audited');
    // A different record under an imported ref is refused, never overwritten.
    const changed = (await upload('x.ndjson', Buffer.from(toNdjson([business('HIST-1', { summary: 'khác' })])))).job;
    assert.equal(changed.errors[0].code, 'already_imported');
  });

  test('the example file of docs/history-import.md passes a dry run', async () => {
    const file = readFileSync(fromRoot('docs/examples/history-import.example.ndjson'));
    const { job } = await upload('history-import.example.ndjson', file, { dryRun: true });
    assert.deepEqual([job.total, job.imported, job.rejected], [4, 4, 0], JSON.stringify(job.errors));
  });

  test('the demo generator (history.demo.ts) writes dossiers the rules accept, the same ones on every run', async () => {
    const o = {
      provinceCentre: '000.01.01.H56',
      wardCentre: ward.centre,
      from: new Date('2025-12-01T00:00:00Z'),
      to: new Date('2026-11-30T00:00:00Z'),
      count: 60,
    };
    const a = generateDemoHistory(o);
    assert.deepEqual(generateDemoHistory(o), a);
    for (const d of a) assert.deepEqual(recordProblems(d, o.to), [], d.ref);
    // The demo's migration package (history.seed.ts): the NDJSON with the scans and result files it references.
    const { job } = await upload('demo.zip', await demoHistoryPackage(t.database, a, null, o.to), { dryRun: true });
    assert.ok(a.length >= 55);
    assert.deepEqual([job.imported, job.rejected], [a.length, 0], JSON.stringify(job.errors.slice(0, 3)));
    // Files and ratings are there (issue 18 §4): scans, result files, ratings, re-use.
    assert.ok(
      a.some((d) => d.components?.some((c) => c.scan)) &&
        a.some((d) => d.actions.some((x) => x.file)) &&
        a.some((d) => d.rating) &&
        a.some((d) => d.components?.some((c) => c.reusedFrom)),
    );
  });

  test('XLSX: the same records from two sheets; errors name the sheet and row', async () => {
    const a = business('XL-1');
    const b = business('XL-2', {
      actions: [a.actions[0], { type: 'result_ready', at: '2026-03-02T09:00:00+07:00', decisionNumber: '1', signer: 'x', signedOn: '2026-03-02' }],
    });
    const buf = await buildXlsx([a, b]);
    const { job } = await upload('lich-su.xlsx', buf);
    assert.deepEqual([job.imported, job.rejected], [1, 1], JSON.stringify(job.errors));
    assert.equal(job.errors[0].where, 'trang ThaoTac dòng 7');
    assert.equal(job.errors[0].line, 3);
    assert.equal(await count('dossier', sql`code = 'XL-1' AND status = 10`), 1);
    const list = (await t.request({ method: 'GET', url: '/api/v1/dossiers/imports', token: admin })).json();
    assert.ok(list.items.some((j: Job) => j.id === job.id));
  });
});

import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { sql } from 'kysely';
import { startTestApp, type TestApp } from '../../test/harness.js';
import { parRankingPdf } from './reform.exports.js';

let t: TestApp;
const tok: Record<string, string> = {};
const call = (method: string, url: string, who?: string, body?: unknown) => t.request({ method, url, token: who ? tok[who] : undefined, body });
const count = async (q: ReturnType<typeof sql<{ n: number }>>): Promise<number> => Number((await q.execute(t.database.db)).rows[0].n);
const results = () => count(sql<{ n: number }>`SELECT count(*)::int AS n FROM reform_index_result`);
const componentScores = () => count(sql<{ n: number }>`SELECT count(*)::int AS n FROM reform_index_component_score`);
const links = () => count(sql<{ n: number }>`SELECT count(*)::int AS n FROM reform_index_task`);
const tasks = () => count(sql<{ n: number }>`SELECT count(*)::int AS n FROM task`);
const audits = (action: string) => count(sql<{ n: number }>`SELECT count(*)::int AS n FROM audit_log WHERE action = ${action}`);
const outbox = (topic: string) => count(sql<{ n: number }>`SELECT count(*)::int AS n FROM outbox WHERE topic = ${topic}`);

const agencyId = (name: string): Promise<string> => t.agencyId(name);

type IndexView = {
  code: string;
  years: {
    year: number;
    score: number | null;
    rank: number | null;
    outOf: number;
    verified: boolean;
    source: { title: string; url: string | null };
    trend: { scoreChange: number | null; rankChange: number | null; rankComparable: boolean; percentile: number | null };
    gap: { places: number; met: boolean; yearsLeft: number; placesPerYear: number | null; missed: boolean } | null;
  }[];
  gap: { year: number; places: number; met: boolean } | null;
  target: { rank: number; year: number } | null;
  componentYear: number | null;
  comparedWith: number | null;
  components: {
    code: string;
    score: number | null;
    change: number | null;
    weak: string[];
    tasks: { id: string; content: string; status: string; percent: number; leads: string[] }[];
    hiddenTasks: number;
  }[];
};

before(async () => {
  t = await startTestApp();
  Object.assign(tok, await t.logins(['admin', 'specialist', 'unit_leader', 'home_affairs', 'citizen', 'one_stop_officer', 'provincial_office']));
});
after(async () => {
  await t?.close();
});

describe('reference and demo data: Thanh Hóa', () => {
  test('2021 ranks from Kế hoạch 211 (PAPI 3, PAR INDEX 14, SIPAS 24, PCI 43 of 63) and the top-10-by-2025 targets', async () => {
    const r = await call('GET', '/api/v1/reform/indices', 'home_affairs');
    assert.equal(r.statusCode, 200, r.body);
    const v = r.json();
    assert.deepEqual(v.province, { code: '38', name: 'Thanh Hóa' });
    const by = new Map<string, IndexView>(v.indices.map((i: IndexView) => [i.code, i]));
    assert.deepEqual([...by.keys()], ['PAR_INDEX', 'SIPAS', 'PAPI', 'PCI']);
    const y2021 = (c: string) => by.get(c)!.years.find((y) => y.year === 2021)!;
    assert.deepEqual(
      ['PAPI', 'PAR_INDEX', 'SIPAS', 'PCI'].map((c) => [y2021(c).rank, y2021(c).outOf, y2021(c).verified]),
      [
        [3, 63, true],
        [14, 63, true],
        [24, 63, true],
        [43, 63, true],
      ],
    );
    assert.match(y2021('SIPAS').source.title, /211\/KH-UBND/);
    assert.deepEqual(
      ['PAR_INDEX', 'SIPAS', 'PCI'].map((c) => by.get(c)!.target),
      [
        { rank: 10, year: 2025, source: 'Kế hoạch 211/KH-UBND ngày 26/08/2022, mục I.2', note: 'Trong số 10 tỉnh dẫn đầu cả nước đến năm 2025.' },
        { rank: 10, year: 2025, source: 'Kế hoạch 211/KH-UBND ngày 26/08/2022, mục I.2', note: 'Trong số 10 tỉnh dẫn đầu cả nước đến năm 2025.' },
        { rank: 10, year: 2025, source: 'Kế hoạch 211/KH-UBND ngày 26/08/2022, mục I.2', note: 'Trong số 10 tỉnh dẫn đầu cả nước đến năm 2025.' },
      ],
    );
    // SIPAS 2022 rank 5 is inferred from an ordered list: stored as not verified.
    assert.equal(by.get('SIPAS')!.years.find((y) => y.year === 2022)!.verified, false);
  });

  test('PCI 2021–2024 (pcivietnam.vn): trend, gap to top 10 and the weak 2024 components with their demo tasks', async () => {
    const pci: IndexView = (await call('GET', '/api/v1/reform/indices/PCI', 'home_affairs')).json();
    assert.deepEqual(
      pci.years.map((y) => [y.year, y.score, y.rank, y.trend.rankChange]),
      [
        [2021, 63.21, 43, null],
        [2022, 63.67, 47, -4],
        [2023, 66.79, 30, 17],
        [2024, 68.74, 21, 9],
      ],
    );
    assert.deepEqual(pci.gap, { year: 2024, targetRank: 10, targetYear: 2025, places: 11, met: false, yearsLeft: 1, placesPerYear: 11, missed: false });
    assert.deepEqual([pci.componentYear, pci.comparedWith], [2024, 2023]);
    const weak = pci.components.filter((c) => c.weak.length).map((c) => [c.code, c.weak]);
    assert.deepEqual(weak, [
      ['time_costs', ['declined']],
      ['informal_charges', ['lowest', 'declined']],
      ['policy_bias', ['lowest']],
      ['proactivity', ['lowest']],
    ]);
    const informal = pci.components.find((c) => c.code === 'informal_charges')!;
    assert.equal(informal.tasks.length, 1);
    assert.deepEqual([informal.tasks[0].status, informal.tasks[0].percent], ['in_progress', 40]);
    assert.match(informal.tasks[0].content, /\(demo\)$/);
    assert.equal(pci.components.find((c) => c.code === 'time_costs')!.tasks[0].content.startsWith('Thực hiện các giải pháp nâng cao chất lượng phục vụ'), true);
  });
});

describe('access', () => {
  test('anonymous 401, citizen and one-stop officer 403; agency staff read but do not write', async () => {
    assert.equal((await call('GET', '/api/v1/reform/indices')).statusCode, 401);
    assert.equal((await call('GET', '/api/v1/reform/indices', 'citizen')).statusCode, 403);
    assert.equal((await call('GET', '/api/v1/reform/indices/PCI', 'one_stop_officer')).statusCode, 403);
    assert.equal((await call('GET', '/api/v1/reform/indices/PCI', 'specialist')).statusCode, 200);
    const body = { score: 70, rank: 15, outOf: 63, verified: false, source: { title: 'x' } };
    assert.equal((await call('PUT', '/api/v1/reform/indices/PCI/results/2030', undefined, body)).statusCode, 401);
    for (const who of ['specialist', 'unit_leader', 'provincial_office', 'citizen'])
      assert.equal((await call('PUT', '/api/v1/reform/indices/PCI/results/2030', who, body)).statusCode, 403, who);
    assert.equal((await call('PUT', '/api/v1/reform/indices/PCI/target', 'specialist', { rank: 5, year: 2030 })).statusCode, 403);
    assert.equal(
      (
        await call('POST', '/api/v1/reform/indices/PCI/components/time_costs/tasks/new', 'provincial_office', {
          content: 'x',
          leadAgencyId: '00000000-0000-4000-8000-000000000000',
          dueOn: '2031-01-01',
        })
      ).statusCode,
      403,
    );
    assert.equal((await call('GET', '/api/v1/reform/indices/XYZ', 'home_affairs')).statusCode, 400, 'unknown index is a validation error');
  });
});

// A test province (code 99) so the demo data of Thanh Hóa is not touched.
const P = '99';
const pci = (score: number, comps: Record<string, number | [number, number]>) =>
  Object.entries(comps).map(([code, v]) => (Array.isArray(v) ? { code, score: v[0], nationalMedian: v[1] } : { code, score: v }));

describe('record, trend, gap, weak components (test province 99)', () => {
  test('bad input → 400 problem+json with a code, and nothing changes', async () => {
    const before = [await results(), await componentScores(), await audits('reform.index.result.record'), await outbox('reform.index.result.recorded')];
    const base = {
      province: P,
      provinceName: 'Tỉnh Thử Nghiệm',
      score: 60,
      rank: 20,
      outOf: 63,
      verified: false,
      source: { title: 'Bảng kết quả thử nghiệm' },
    };
    const bad: [string, unknown][] = [
      ['PCI/results/2022', { ...base, rank: 64 }],
      ['PCI/results/2022', { ...base, components: [{ code: 'nope', score: 5 }] }],
      ['PCI/results/2022', { ...base, components: [{ code: 'entry_costs', score: 11 }] }],
      ['PAPI/results/2022', { ...base, score: 81 }],
      ['PCI/results/2022', { ...base, score: null, rank: null }],
      ['PCI/results/2022', { ...base, source: { title: '   ' } }],
      ['PCI/results/2022', { ...base, source: { title: 'x', url: 'javascript:alert(1)' } }],
      ['PCI/results/2022', { ...base, extra: 1 }],
      ['PCI/results/1999', base],
      ['PCI/results/2022', { ...base, provinceName: undefined }],
    ];
    for (const [path, body] of bad) {
      const r = await call('PUT', `/api/v1/reform/indices/${path}`, 'home_affairs', body);
      assert.equal(r.statusCode, 400, `${path} ${JSON.stringify(body)} → ${r.body}`);
      assert.ok(r.json().code, r.body);
      assert.match(r.headers['content-type'] as string, /problem\+json/);
    }
    assert.deepEqual(
      [await results(), await componentScores(), await audits('reform.index.result.record'), await outbox('reform.index.result.recorded')],
      before,
    );
  });

  test('Sở Nội vụ records three years; N changes 63 → 34 in 2025; audit and outbox rows per change', async () => {
    const a0 = await audits('reform.index.result.record');
    const put = (year: number, body: Record<string, unknown>) =>
      call('PUT', `/api/v1/reform/indices/PCI/results/${year}`, 'home_affairs', {
        province: P,
        provinceName: 'Tỉnh Thử Nghiệm',
        verified: false,
        source: { title: 'Số liệu thử nghiệm' },
        ...body,
      });
    assert.equal(
      (await put(2022, { score: 60.5, rank: 40, outOf: 63, components: pci(60.5, { entry_costs: 7, land_access: 6, time_costs: 8, informal_charges: 6.5 }) }))
        .statusCode,
      200,
    );
    assert.equal(
      (
        await put(2023, {
          score: 62,
          rank: 30,
          outOf: 63,
          components: pci(62, { entry_costs: 7.2, land_access: 6.5, time_costs: 6.9, informal_charges: [6, 6.4], transparency: 5 }),
        })
      ).statusCode,
      200,
    );
    const r = await put(2025, { score: 66, rank: 8, outOf: 34 });
    assert.equal(r.statusCode, 200, r.body);
    const v: IndexView = r.json();
    assert.deepEqual(
      v.years.map((y) => [y.year, y.trend.scoreChange, y.trend.rankChange, y.trend.rankComparable]),
      [
        [2022, null, null, false],
        [2023, 1.5, 10, true],
        [2025, 4, 22, false],
      ],
    );
    assert.equal(v.years[2].trend.percentile, 78.79); // (34 − 8) / 33
    assert.equal(v.target, null);
    assert.equal(v.gap, null, 'no target yet');
    // Weak: the latest year WITH component scores (2023) against the one before (2022).
    assert.deepEqual([v.componentYear, v.comparedWith], [2023, 2022]);
    const weak = Object.fromEntries(v.components.filter((c) => c.weak.length).map((c) => [c.code, c.weak]));
    // 5 components with a maximum: the 3 lowest shares are transparency 5, informal 6, land 6.5; informal is below its median 6.4
    // and fell 0.5 (= 5% of 10, the threshold); time costs fell 1.1.
    assert.deepEqual(weak, {
      land_access: ['lowest'],
      time_costs: ['declined'],
      informal_charges: ['below_median', 'lowest', 'declined'],
      transparency: ['lowest'],
    });
    assert.equal(await audits('reform.index.result.record'), a0 + 3);
    assert.equal(await outbox('reform.index.result.recorded'), 0, 'audit-only topic (src/platform/outbox.topics.ts): no outbox row');
  });

  test('recording a year again replaces it (version 2), and the target gives the gap', async () => {
    const r = await call('PUT', '/api/v1/reform/indices/PCI/results/2025', 'admin', {
      province: P,
      score: 67,
      rank: 12,
      outOf: 34,
      verified: true,
      source: { title: 'Bảng kết quả chính thức (thử nghiệm)', url: 'https://example.invalid/pci-2025' },
    });
    assert.equal(r.statusCode, 200, r.body);
    const y = (r.json() as IndexView).years.find((x) => x.year === 2025)!;
    assert.deepEqual(
      [y.score, y.rank, y.verified, y.source.url, (y as unknown as { version: number }).version],
      [67, 12, true, 'https://example.invalid/pci-2025', 2],
    );
    assert.equal((r.json() as IndexView).years.length, 3);
    const tg = await call('PUT', '/api/v1/reform/indices/PCI/target', 'home_affairs', { province: P, rank: 10, year: 2026, source: 'Kế hoạch thử nghiệm' });
    assert.equal(tg.statusCode, 200, tg.body);
    assert.deepEqual(tg.json().gap, { year: 2025, targetRank: 10, targetYear: 2026, places: 2, met: false, yearsLeft: 1, placesPerYear: 2, missed: false });
    assert.equal(await audits('reform.index.target.set'), 1);
    assert.equal(await outbox('reform.index.target.set'), 0, 'audit-only topic: no outbox row');
  });
});

describe('weak component → tasks', () => {
  let justice = '';
  let health = '';
  let taskId = '';
  const base = `/api/v1/reform/indices/PCI/components/time_costs/tasks`;
  before(async () => {
    justice = await agencyId('Sở Tư pháp tỉnh Thanh Hóa');
    health = await agencyId('Sở Y tế tỉnh Thanh Hóa');
  });

  test('creating a task: bad lead agency, date or content → 400 and nothing created', async () => {
    const before = [await tasks(), await links()];
    const due = `${new Date().getUTCFullYear() + 1}-06-30`;
    for (const body of [
      { province: P, content: 'Rút ngắn thời gian', leadAgencyId: '00000000-0000-4000-8000-000000000000', dueOn: due },
      { province: P, content: 'Rút ngắn thời gian', leadAgencyId: justice, dueOn: '2020-01-01' },
      { province: P, content: 'Rút ngắn thời gian', leadAgencyId: justice, dueOn: `${new Date().getUTCFullYear() + 1}-02-30` },
      { province: P, content: '   ', leadAgencyId: justice, dueOn: due },
    ]) {
      const r = await call('POST', `${base}/new`, 'home_affairs', body);
      assert.equal(r.statusCode, 400, r.body);
    }
    assert.equal(
      (
        await call('POST', '/api/v1/reform/indices/PCI/components/nope/tasks/new', 'home_affairs', {
          province: P,
          content: 'x',
          leadAgencyId: justice,
          dueOn: due,
        })
      ).statusCode,
      404,
      'no such component',
    );
    assert.deepEqual([await tasks(), await links()], before);
  });

  test('a task created for a component appears with its status; the lead agency reports progress and the status follows', async () => {
    const due = `${new Date().getUTCFullYear() + 1}-06-30`;
    const r = await call('POST', `${base}/new`, 'home_affairs', {
      province: P,
      content: 'Rút ngắn thời gian giải quyết thủ tục đăng ký doanh nghiệp',
      output: 'Quyết định công bố thời gian rút ngắn',
      leadAgencyId: justice,
      dueOn: due,
      year: 2023,
    });
    assert.equal(r.statusCode, 201, r.body);
    taskId = r.json().taskId;
    assert.deepEqual(
      r.json().items.map((i: { id: string; status: string; percent: number; leads: string[] }) => [i.id, i.status, i.percent, i.leads]),
      [[taskId, 'not_started', 0, ['Sở Tư pháp']]],
    );
    // It is a real task on Sở Tư pháp's board; the specialist reports 50 %.
    const board = await call('GET', '/api/v1/tasks?view=lead&limit=500', 'specialist');
    const onBoard = board.json().items.find((x: { id: string }) => x.id === taskId);
    assert.ok(onBoard, "on the lead agency's task board");
    assert.equal(onBoard.section, 'Chi phí thời gian để thực hiện các quy định của Nhà nước');
    const rep = await call('POST', `/api/v1/tasks/${taskId}/progress`, 'specialist', {
      status: 'in_progress',
      percent: 50,
      narrative: 'Đã rà soát quy trình, cắt 2 bước trung gian.',
    });
    assert.equal(rep.statusCode, 201, rep.body);
    const list = (await call('GET', `${base}?province=${P}`, 'home_affairs')).json();
    assert.deepEqual(
      list.items.map((i: { status: string; percent: number }) => [i.status, i.percent]),
      [['in_progress', 50]],
    );
    const v: IndexView = (await call('GET', `/api/v1/reform/indices/PCI?province=${P}`, 'home_affairs')).json();
    const tc = v.components.find((c) => c.code === 'time_costs')!;
    assert.deepEqual([tc.weak, tc.tasks.map((x) => x.status)], [['declined'], ['in_progress']]);
    assert.equal(await audits('reform.index.task.create'), 4, '3 by the demo seed + this one');
  });

  test('linking existing tasks: unknown task → 400 and nothing linked; linking twice is harmless; unlink; staff of another agency see only a count', async () => {
    const other = await call('POST', `/api/v1/reform/indices/PCI/components/informal_charges/tasks/new`, 'admin', {
      province: P,
      content: 'Công khai đường dây nóng phản ánh chi phí không chính thức',
      leadAgencyId: health,
      dueOn: `${new Date().getUTCFullYear() + 1}-09-30`,
    });
    assert.equal(other.statusCode, 201, other.body);
    const healthTask = other.json().taskId;
    const n0 = await links();
    const bad = await call('POST', base, 'home_affairs', { province: P, taskIds: [healthTask, '00000000-0000-4000-8000-000000000000'] });
    assert.equal(bad.statusCode, 400);
    assert.equal(bad.json().code, 'unknown_task');
    assert.equal(await links(), n0);
    const ok = await call('POST', base, 'home_affairs', { province: P, taskIds: [healthTask], year: 2023 });
    assert.equal(ok.statusCode, 200, ok.body);
    assert.equal(ok.json().total, 2);
    assert.equal((await call('POST', base, 'home_affairs', { province: P, taskIds: [healthTask] })).json().total, 2);
    assert.equal(await links(), n0 + 1);
    // The specialist (Sở Tư pháp) sees the task their agency leads, and only a count of Sở Y tế's.
    const seen = (await call('GET', `${base}?province=${P}`, 'specialist')).json();
    assert.deepEqual([seen.items.map((i: { id: string }) => i.id), seen.hidden], [[taskId], 1]);
    const un = await call('DELETE', `${base}/${healthTask}?province=${P}`, 'home_affairs');
    assert.equal(un.statusCode, 200, un.body);
    assert.equal(un.json().total, 1);
    assert.equal((await call('DELETE', `${base}/${healthTask}?province=${P}`, 'home_affairs')).statusCode, 404);
    assert.equal(await audits('reform.index.task.link'), 2, '1 by the demo seed + 1 here (the repeated link changed nothing)');
    assert.equal(await audits('reform.index.task.unlink'), 1);
  });
});

describe('exports', () => {
  let dir = '';
  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'reform-exports-'));
  });
  after(() => rmSync(dir, { recursive: true, force: true }));
  const year = Number(new Date(Date.now() + 7 * 3_600_000).toISOString().slice(0, 4));
  const xlsx = async (body: Buffer) => {
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(body as unknown as ArrayBuffer);
    return wb;
  };
  const values = (ws: ExcelJS.Worksheet) => {
    const rows: unknown[][] = [];
    ws.eachRow((r) => rows.push((r.values as unknown[]).slice(1)));
    return rows;
  };

  test('provincial indices XLSX: a row per index and year, components with weak reasons and tasks', async () => {
    const r = await call('GET', '/api/v1/reform/exports/indices.xlsx', 'home_affairs');
    assert.equal(r.statusCode, 200, r.body);
    assert.match(r.headers['content-type'] as string, /spreadsheetml/);
    const wb = await xlsx(r.rawPayload);
    assert.deepEqual(
      wb.worksheets.map((w) => w.name),
      ['Chỉ số của tỉnh', 'Chỉ số thành phần'],
    );
    const rows = values(wb.worksheets[0]);
    assert.match(String(rows[0][0]), /THANH HÓA/);
    const pci2024 = rows.find((x) => String(x[0]).includes('PCI') && x[1] === 2024)!;
    assert.deepEqual(pci2024.slice(1, 11), [2024, 68.74, 100, 21, 63, '+1.95', '+9', '10 (năm 2025)', 11, 'Đã kiểm chứng']);
    const sipas2021 = rows.find((x) => String(x[0]).includes('SIPAS') && x[1] === 2021)!;
    assert.equal(sipas2021[4], 24);
    const comps = values(wb.worksheets[1]);
    const informal = comps.find((x) => x[2] === 'Chi phí không chính thức')!;
    assert.deepEqual(informal.slice(1, 7), [2024, 'Chi phí không chính thức', 6.47, 10, -1.23, 'thuộc nhóm thấp nhất; giảm so với năm trước']);
    assert.match(String(informal[7]), /Kiểm tra công vụ/);
    assert.match(String(informal[8]), /Đang thực hiện 40%/);
    assert.equal((await call('GET', '/api/v1/reform/exports/indices.xlsx', 'citizen')).statusCode, 403);
  });

  test('PAR INDEX ranking XLSX and PDF (read back with exceljs and pdftotext)', async () => {
    const x = await call('GET', `/api/v1/reform/exports/par/${year}/ranking.xlsx`, 'home_affairs');
    assert.equal(x.statusCode, 200, x.body);
    const rows = values((await xlsx(x.rawPayload)).worksheets[0]);
    assert.equal(rows[0][0], `XẾP HẠNG CHỈ SỐ CẢI CÁCH HÀNH CHÍNH NĂM ${year}`);
    const ranked = rows.filter((r) => typeof r[0] === 'number');
    const live = (await call('GET', `/api/v1/reform/par/${year}/ranking`, 'home_affairs')).json();
    assert.deepEqual(
      ranked.map((r) => [r[0], r[1], r[4]]),
      live.items.map((i: { rank: number; name: string; total: number }) => [i.rank, i.name, i.total]),
    );
    assert.equal(ranked.length, 3);
    const p = await call('GET', `/api/v1/reform/exports/par/${year}/ranking.pdf`, 'home_affairs');
    assert.equal(p.statusCode, 200);
    assert.equal(p.headers['content-type'], 'application/pdf');
    const file = join(dir, 'par.pdf');
    writeFileSync(file, p.rawPayload);
    const text = execFileSync('pdftotext', ['-enc', 'UTF-8', '-layout', file, '-'], { encoding: 'utf8' }).normalize('NFC');
    assert.match(text, new RegExp(`XẾP HẠNG CHỈ SỐ CẢI CÁCH HÀNH CHÍNH NĂM ${year}`));
    assert.match(text, /ỦY BAN NHÂN DÂN TỈNH THANH HÓA/);
    for (const i of live.items) assert.ok(text.includes(i.name), i.name);
    assert.match(text, /Kết quả chưa công bố/);
    assert.match(execFileSync('pdfinfo', [file], { encoding: 'utf8' }), /Pages:\s+1\n/, 'one page: the page number stays on its page');
    assert.match(text, /1\/1/);
    // Unpublished: agency staff get no ranking (the same rule as the screen).
    assert.equal((await call('GET', `/api/v1/reform/exports/par/${year}/ranking.pdf`, 'specialist')).statusCode, 404);
    assert.equal((await call('GET', `/api/v1/reform/exports/par/${year}/ranking.xlsx`)).statusCode, 401);
  });

  test('a long PAR ranking PDF breaks over pages, repeats the table header and numbers every page', async () => {
    const items = Array.from({ length: 70 }, (_, i) => ({
      agencyId: String(i),
      name: `Ủy ban nhân dân xã thử nghiệm số ${i + 1}`,
      status: 'appraised' as const,
      selfTotal: 90 - i / 2,
      total: 89 - i / 2,
      maxTotal: 100,
      rank: i + 1,
    }));
    const buf = await parRankingPdf(
      { year: 2031, published: true, publishedAt: '2032-01-15T09:00:00+07:00', items, total: items.length },
      'Thanh Hóa',
      new Date(),
    );
    const file = join(dir, 'long.pdf');
    writeFileSync(file, buf);
    const pages = Number(/Pages:\s+(\d+)/.exec(execFileSync('pdfinfo', [file], { encoding: 'utf8' }))![1]);
    assert.ok(pages >= 2, `pages: ${pages}`);
    const text = execFileSync('pdftotext', ['-enc', 'UTF-8', file, '-'], { encoding: 'utf8' }).normalize('NFC').replace(/\s+/g, ' '); // cells wrap: collapse line breaks
    assert.equal(text.match(/Cơ quan, đơn vị/g)!.length, pages);
    assert.ok(text.includes(`${pages}/${pages}`));
    assert.ok(text.includes('Ủy ban nhân dân xã thử nghiệm số 70'));
    assert.match(text, /Kết quả đã công bố ngày 15\/01\/2032/);
  });

  test('SIPAS XLSX per agency and sector with sample sizes', async () => {
    const justice = await agencyId('Sở Tư pháp tỉnh Thanh Hóa');
    for (const answers of [
      { access: 5, procedure: 4, officials: 3, result: 4, feedback: 2 },
      { access: 4, procedure: 2, officials: 4, result: 5 },
    ]) {
      assert.equal((await call('POST', '/api/v1/reform/sipas/responses', undefined, { agencyId: justice, sector: 'administrative', answers })).statusCode, 201);
    }
    const r = await call('GET', `/api/v1/reform/exports/sipas/${year}/index.xlsx`, 'home_affairs');
    assert.equal(r.statusCode, 200, r.body);
    const rows = values((await xlsx(r.rawPayload)).worksheets[0]);
    const j = rows.find((x) => x[0] === 'Sở Tư pháp tỉnh Thanh Hóa')!;
    // access 2/2 = 100, procedure 1/2 = 50, officials 1/2 = 50, result 2/2 = 100, feedback 0/1 = 0 → mean 60
    assert.deepEqual(j.slice(1, 9), ['Dịch vụ hành chính công', 60, 2, 100, 50, 50, 100, 0]);
    assert.equal((await call('GET', `/api/v1/reform/exports/sipas/${year}/index.xlsx`, 'specialist')).statusCode, 403);
  });

  test('SIPAS XLSX names an element added in a later questionnaire version (from the questionnaires, not a constant)', async () => {
    const health = await agencyId('Sở Y tế tỉnh Thanh Hóa');
    const def = (await call('GET', '/api/v1/reform/sipas/questionnaire')).json();
    const v = await call('POST', '/api/v1/reform/sipas/questionnaires', 'home_affairs', {
      year,
      copyFrom: def.id,
      title: `Phiếu khảo sát năm ${year} (thêm yếu tố thời gian chờ)`,
      elements: [...def.elements, { key: 'waiting', name: 'Thời gian chờ khám, chữa bệnh' }],
      questions: [
        ...def.questions,
        { key: 'waiting_time', element: 'waiting', text: 'Anh/Chị hài lòng thế nào về thời gian chờ khám bệnh?', sectors: ['health'] },
      ],
    });
    assert.equal(v.statusCode, 201, v.body);
    assert.equal((await call('POST', `/api/v1/reform/sipas/questionnaires/${v.json().id}/publish`, 'home_affairs')).statusCode, 200);
    for (const answers of [{ waiting_time: 5, officials: 4 }, { waiting_time: 2, officials: 5 }, { waiting_time: 4 }]) {
      const r = await call('POST', '/api/v1/reform/sipas/responses', undefined, {
        agencyId: health,
        sector: 'health',
        channel: 'after_return',
        questionnaireId: v.json().id,
        answers,
      });
      assert.equal(r.statusCode, 201, r.body);
    }
    const r = await call('GET', `/api/v1/reform/exports/sipas/${year}/index.xlsx`, 'home_affairs');
    assert.equal(r.statusCode, 200, r.body);
    const rows = values((await xlsx(r.rawPayload)).worksheets[0]);
    const head = rows.find((x) => x[0] === 'Cơ quan')!;
    assert.deepEqual(head.slice(4), [
      'Tiếp cận dịch vụ (%)',
      'Thủ tục hành chính (%)',
      'Công chức trực tiếp giải quyết công việc (%)',
      'Kết quả cung ứng dịch vụ (%)',
      'Tiếp nhận, xử lý góp ý, phản ánh, kiến nghị (%)',
      'Thời gian chờ khám, chữa bệnh (%)',
    ]);
    const waiting = head.indexOf('Thời gian chờ khám, chữa bệnh (%)');
    const h = rows.find((x) => x[0] === 'Sở Y tế tỉnh Thanh Hóa')!;
    // waiting 5, 2, 4 → 2/3 = 66.67; officials 4, 5 → 100; index = mean of the two = 83.33; 3 responses.
    assert.deepEqual(
      [h[1], h[2], h[3], h[waiting], h[head.indexOf('Công chức trực tiếp giải quyết công việc (%)')]],
      ['Dịch vụ y tế công', 83.33, 3, 66.67, 100],
    );
    const j = rows.find((x) => x[0] === 'Sở Tư pháp tỉnh Thanh Hóa')!;
    assert.equal(j[waiting] ?? null, null, 'not asked in administrative services: empty, not 0');
  });
});

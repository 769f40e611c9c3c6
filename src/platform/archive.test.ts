import { test } from 'node:test';
import assert from 'node:assert/strict';
import { AppError } from './errors.js';
import { excel } from './doclibs.js';
import { ARCHIVE_LIMITS, checkArchive, readZip } from './archive.js';
import { buildZip, deflatedZeros, docxBomb, xlsxBomb } from '../test/zip-bomb.js';

const MiB = 1024 * 1024;
const refused = (e: unknown) => e instanceof AppError && e.status === 400 && e.code === 'archive_too_large';

test('an archive within the limits is read whole; sizes are counted on the inflated bytes', async () => {
  const zip = buildZip([
    { name: 'a.txt', stored: 'xin chào' },
    { name: 'b.bin', deflated: deflatedZeros(3 * MiB), declaredSize: 3 * MiB },
  ]);
  const r = await readZip(zip, { keep: (n) => n === 'a.txt', limits: { maxRatio: 10_000 } });
  assert.deepEqual(r.names, ['a.txt', 'b.bin']);
  assert.equal(r.files.get('a.txt')!.toString(), 'xin chào');
  assert.equal(r.files.has('b.bin'), false);
  assert.equal(r.inflatedBytes, 3 * MiB + Buffer.byteLength('xin chào'));
});

test("the fallback through JSZip's own inflater counts and stops the same way", async () => {
  const zip = buildZip([
    { name: 'a.txt', stored: 'xin chào' },
    { name: 'b.bin', deflated: deflatedZeros(3 * MiB), declaredSize: 3 * MiB },
  ]);
  const r = await readZip(zip, { keep: (n) => n === 'b.bin', limits: { maxRatio: 10_000 }, jszipInflater: true });
  assert.equal(r.inflatedBytes, 3 * MiB + Buffer.byteLength('xin chào'));
  assert.equal(r.files.get('b.bin')!.length, 3 * MiB);
  await assert.rejects(readZip(docxBomb(1024 * MiB), { jszipInflater: true }), refused);
});

test('a real XLSX (exceljs) passes the check', async () => {
  const wb = new (excel().Workbook)();
  const ws = wb.addWorksheet('Phụ lục');
  for (let i = 0; i < 2000; i++) ws.addRow([i, `Nhiệm vụ số ${i}`, 'Sở Tư pháp', 'Văn phòng UBND tỉnh']);
  const buf = Buffer.from(await wb.xlsx.writeBuffer());
  await checkArchive(buf);
  const r = await readZip(buf);
  assert.ok(r.names.includes('xl/worksheets/sheet1.xml'));
});

test('zip bombs are refused with archive_too_large: one big entry (lying about its size), or many entries over one kernel', async () => {
  // 1 GiB declared as 1 KB: stopped at the ratio limit (100 × ~1 MB), long before 1 GiB.
  await assert.rejects(readZip(docxBomb(1024 * MiB)), refused);
  await assert.rejects(checkArchive(xlsxBomb(1024 * MiB)), refused);
  // The total limit applies even where the ratio would allow it.
  await assert.rejects(readZip(docxBomb(8 * MiB), { limits: { maxRatio: 1e6, maxTotalBytes: 5 * MiB } }), refused);
});

test('overlapping entries (one kernel listed 200 times in the central directory) are not inflated 200 times', async () => {
  // JSZip (and so exceljs) names an entry by its local header: the 200 listings collapse into one
  // entry, inflated once. Whatever the library does, the counted total stays within the limits.
  const overlap = buildZip([{ name: 'word/document.xml', deflated: deflatedZeros(2 * MiB), declaredSize: 2 * MiB }], { overlap: 200 });
  assert.ok(overlap.length < 64 * 1024);
  const r = await readZip(overlap);
  assert.deepEqual(r.names, ['word/document.xml']);
  assert.equal(r.inflatedBytes, 2 * MiB);
});

test('too many entries are refused before they are read', async () => {
  const many = buildZip(Array.from({ length: ARCHIVE_LIMITS.maxEntries + 1 }, (_, i) => ({ name: `f${i}.txt`, stored: 'x' })));
  await assert.rejects(readZip(many), (e) => refused(e) && (e as AppError).extra.entries === ARCHIVE_LIMITS.maxEntries + 1);
  await readZip(many, { limits: { maxEntries: ARCHIVE_LIMITS.maxEntries + 1 } });
});

test('not a zip: a plain error for readZip, left to the caller by checkArchive', async () => {
  await assert.rejects(readZip(Buffer.from('STT\tNội dung\n')), (e) => e instanceof Error && !(e instanceof AppError));
  await checkArchive(Buffer.from('PK not really a zip'));
});

test('inflating yields to the event loop (other requests are served meanwhile)', async () => {
  let ticks = 0;
  let running = true;
  const tick = () => {
    ticks++;
    if (running) setImmediate(tick);
  };
  setImmediate(tick);
  await assert.rejects(readZip(docxBomb(256 * MiB), { limits: { maxRatio: 1e6, maxTotalBytes: 200 * MiB } }), refused);
  running = false;
  // 200 MiB inflated from blocks of 16 KB of compressed data (~16 MiB each): at least a dozen turns.
  assert.ok(ticks >= 10, `the event loop turned only ${ticks} times`);
});

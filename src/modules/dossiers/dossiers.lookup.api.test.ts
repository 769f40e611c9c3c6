import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'kysely';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import QRCode from 'qrcode';
import { startTestApp, type TestApp } from '../../test/harness.js';

/**
 * Issue 16 §2: dossier codes are sequential, so the public lookup shows only the status for the
 * code alone; the code plus the lookup key printed on the receipt (and in its QR link) shows the
 * rest. The lookup is one SQL statement (issue 25).
 */
let t: TestApp;
let officer = '';
before(async () => {
  t = await startTestApp();
  officer = await t.login('one_stop_officer');
});
after(async () => {
  await t.close();
});

const applicant = {
  kind: 'citizen',
  name: 'Nguyễn Thị Hồng Đào',
  idNumber: '038190012345',
  phone: '0912345678',
  email: 'dao@example.vn',
  address: 'Phường Hạc Thành, Thanh Hóa',
};
async function intake(): Promise<{ id: string; code: string; key: string }> {
  const r = await t.request({
    method: 'POST',
    url: '/api/v1/dossiers',
    token: officer,
    body: { procedureCode: '2.000488', caseKey: 'chuan', channel: 'counter', applicant, components: [{ index: 0 }] },
  });
  assert.equal(r.statusCode, 201, r.body);
  const { id, code } = r.json();
  const key = (await sql<{ k: string }>`SELECT lookup_secret AS k FROM dossier WHERE id = ${id}`.execute(t.database.db)).rows[0].k;
  return { id, code, key };
}
const lookup = (code: string, key?: string) =>
  t.request({ method: 'GET', url: `/api/v1/public/dossiers/${encodeURIComponent(code)}${key !== undefined ? `?key=${encodeURIComponent(key)}` : ''}` });
const DETAIL_FIELDS = [
  'procedureName',
  'receivingAgency',
  'applicantName',
  'submittedAt',
  'receivedAt',
  'appointment',
  'originalAppointment',
  'returnedAt',
  'steps',
];

test('every dossier gets its own 8-character key at intake', async () => {
  const a = await intake();
  const b = await intake();
  assert.match(a.key, /^[0-9A-HJKMNP-TV-Z]{8}$/);
  assert.notEqual(a.key, b.key);
});

test('the code alone shows only the status', async () => {
  const d = await intake();
  const r = await lookup(d.code);
  assert.equal(r.statusCode, 200, r.body);
  assert.deepEqual(r.json(), { code: d.code, status: { code: 2, name: r.json().status.name }, detailed: false, keyRejected: false });
  for (const f of DETAIL_FIELDS) assert.ok(!(f in r.json()), f);
  assert.ok(!r.body.includes('Đào') && !r.body.includes('Hộ tịch') && !r.body.includes('2.000488'));
});

test('the code with the key shows the details; typed loosely (lower case, dash, spaces) it still matches', async () => {
  const d = await intake();
  for (const typed of [d.key, `${d.key.slice(0, 4)}-${d.key.slice(4)}`.toLowerCase(), ` ${d.key.slice(0, 4)} ${d.key.slice(4)} `]) {
    const r = await lookup(d.code, typed);
    assert.equal(r.statusCode, 200, r.body);
    const body = r.json();
    assert.equal(body.detailed, true, typed);
    assert.equal(body.applicantName, 'Nguyễn T. H. Đào');
    assert.ok(body.procedureName.length > 0 && body.receivingAgency.length > 0);
    assert.ok(body.steps.length >= 1 && body.steps[0].name.length > 0);
    assert.match(body.receivedAt, /\+07:00$/);
    for (const secret of [applicant.idNumber, applicant.phone, applicant.email, 'Hạc Thành', d.key]) assert.ok(!r.body.includes(secret), secret);
  }
});

test("another dossier's key, or a wrong one, shows only the status (keyRejected); a malformed key is 400", async () => {
  const a = await intake();
  const b = await intake();
  const r = await lookup(a.code, b.key);
  assert.equal(r.statusCode, 200);
  assert.deepEqual(Object.keys(r.json()).sort(), ['code', 'detailed', 'keyRejected', 'status']);
  assert.equal(r.json().keyRejected, true);
  for (const bad of ['abc', '7K2M9QXDD', 'ƯƯƯƯƯƯƯƯ']) {
    const x = await lookup(a.code, bad);
    assert.equal(x.statusCode, 400, bad);
    assert.equal(x.json().code, 'invalid_lookup_key');
  }
  assert.equal((await lookup(a.code, '')).json().detailed, false);
  assert.equal((await lookup('000.00.00.H56-260101-9999', a.key)).statusCode, 404);
});

test('the lookup is one SQL statement', async () => {
  const d = await intake();
  const db = t.database.db as unknown as { getExecutor(): { executeQuery(...a: unknown[]): unknown } };
  const original = db.getExecutor.bind(db);
  let statements = 0;
  db.getExecutor = () => {
    const ex = original();
    return new Proxy(ex, {
      get: (target, prop) => {
        const v = Reflect.get(target, prop) as unknown;
        if (prop === 'executeQuery') return (...a: unknown[]) => (statements++, target.executeQuery(...a));
        return typeof v === 'function' ? v.bind(target) : v;
      },
    });
  };
  try {
    for (const key of [undefined, d.key]) {
      statements = 0;
      assert.equal((await lookup(d.code, key)).statusCode, 200);
      assert.equal(statements, 1, `key ${key ?? 'none'}`);
    }
  } finally {
    delete (db as { getExecutor?: unknown }).getExecutor;
  }
});

test('the receipt prints the key and its QR code is the lookup link with the key', async () => {
  const d = await intake();
  const pdf = await t.request({ method: 'GET', url: `/api/v1/dossiers/${d.id}/documents/receipt`, token: officer });
  assert.equal(pdf.statusCode, 200);
  const dir = mkdtempSync(path.join(tmpdir(), 'receipt-'));
  try {
    writeFileSync(path.join(dir, 'r.pdf'), pdf.rawPayload);
    const text = execFileSync('pdftotext', ['-enc', 'UTF-8', path.join(dir, 'r.pdf'), '-'], { encoding: 'utf8' }).replace(/\s+/g, ' ');
    const printed = `${d.key.slice(0, 4)}-${d.key.slice(4)}`;
    assert.ok(text.includes(`mã tra cứu ${printed}`), text);
    // The QR image holds exactly the modules of the QR code of the lookup link with the key.
    execFileSync('pdfimages', [path.join(dir, 'r.pdf'), path.join(dir, 'img')]);
    const images = readdirSync(dir)
      .filter((f) => f.startsWith('img'))
      .map((f) => readNetpbm(readFileSync(path.join(dir, f))))
      .filter((x) => x !== null);
    const url = `${t.config.publicBaseUrl}/tra-cuu?ma=${encodeURIComponent(d.code)}&k=${printed}`;
    assert.ok(
      images.some((img) => sameQr(img, url)),
      'the QR image encodes ' + url,
    );
    assert.ok(!images.some((img) => sameQr(img, `${t.config.publicBaseUrl}/tra-cuu?ma=${encodeURIComponent(d.code)}`)));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

/** A P5 (grey) or P6 (RGB) image from pdfimages: width, height, and darkness per pixel. */
function readNetpbm(b: Buffer): { width: number; height: number; dark: (x: number, y: number) => boolean } | null {
  const m = /^(P5|P6)\s+(\d+)\s+(\d+)\s+(\d+)\s/.exec(b.subarray(0, 40).toString('latin1'));
  if (!m) return null;
  const [header, kind, w, h] = m;
  const channels = kind === 'P6' ? 3 : 1;
  const data = b.subarray(header.length);
  return { width: Number(w), height: Number(h), dark: (x, y) => data[(y * Number(w) + x) * channels] < 128 };
}

/** Whether the image shows the QR code of `text` as the receipt draws it (level M, margin 1 module). */
function sameQr(img: { width: number; height: number; dark: (x: number, y: number) => boolean }, text: string): boolean {
  const qr = QRCode.create(text, { errorCorrectionLevel: 'M' });
  const n = qr.modules.size;
  const scale = img.width / (n + 2);
  for (let r = 0; r < n; r++) {
    for (let c = 0; c < n; c++) {
      const x = Math.floor((c + 1.5) * scale);
      const y = Math.floor((r + 1.5) * scale);
      if (img.dark(x, y) !== Boolean(qr.modules.data[r * n + c])) return false;
    }
  }
  return true;
}

test('existing dossiers get a key each from the migration (its UPDATE evaluates the function per row)', async () => {
  await t.database.transaction(async (tx) => {
    await sql`CREATE TEMP TABLE lookup_migration_check (n int) ON COMMIT DROP`.execute(tx);
    await sql`INSERT INTO lookup_migration_check SELECT generate_series(1, 200)`.execute(tx);
    await sql`ALTER TABLE lookup_migration_check ADD COLUMN k text`.execute(tx);
    await sql`UPDATE lookup_migration_check SET k = dossier_lookup_secret()`.execute(tx);
    const { rows } = await sql<{
      n: number;
      distinct: number;
      ok: number;
    }>`SELECT count(*)::int AS n, count(DISTINCT k)::int AS distinct, count(*) FILTER (WHERE k ~ '^[0-9A-HJKMNP-TV-Z]{8}$')::int AS ok FROM lookup_migration_check`.execute(
      tx,
    );
    assert.deepEqual(rows[0], { n: 200, distinct: 200, ok: 200 });
  });
});

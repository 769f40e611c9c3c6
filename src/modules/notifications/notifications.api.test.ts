import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createDecipheriv, createECDH, hkdfSync, randomBytes } from 'node:crypto';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:https';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import { SMTPServer } from 'smtp-server';
import { startTestApp, type TestApp } from '../../test/harness.js';
import { notify } from './notifications.public.js';

let t: TestApp;
const tokens: Record<string, string> = {};
const ids: Record<string, string> = {};
const tmp = mkdtempSync(path.join(tmpdir(), 'motcua-notify-'));

before(async () => {
  t = await startTestApp();
  for (const r of ['specialist', 'unit_leader', 'citizen', 'one_stop_officer']) {
    tokens[r] = await t.login(r);
    ids[r] = (await sql<{ id: string }>`SELECT id FROM app_user WHERE username = ${r}`.execute(t.database.db)).rows[0].id;
  }
});
after(async () => {
  await t.close();
  rmSync(tmp, { recursive: true, force: true, maxRetries: 5 });
});

const send = (token: string, method: string, url: string, body?: unknown) => t.request({ method, url, token, body });
const notifyNow = (input: Parameters<typeof notify>[1]) => t.database.transaction((tx) => notify(tx, input));
const deliveries = async (notificationId: string) =>
  (
    await sql<{
      channel: string;
      status: string;
      detail: string | null;
    }>`SELECT channel, status, detail FROM notification_delivery WHERE notification_id = ${notificationId} ORDER BY channel`.execute(t.database.db)
  ).rows;
const latestId = async (userId: string, kind: string) =>
  (
    await sql<{ id: string }>`SELECT id FROM notification WHERE recipient_id = ${userId} AND kind = ${kind} ORDER BY created_at DESC LIMIT 1`.execute(
      t.database.db,
    )
  ).rows[0]?.id;
async function savePrefs(token: string, channels: string[], quietHours: { start: string; end: string } | null = null) {
  const cur = (await send(token, 'GET', '/api/v1/notifications/preferences')).json() as { version: number };
  const r = await send(token, 'PUT', '/api/v1/notifications/preferences', { channels, quietHours, version: cur.version });
  assert.equal(r.statusCode, 200, r.body);
  return r.json() as { channels: string[]; version: number };
}

describe('in-app notification centre', () => {
  test('notify writes one notification per dedupe key; list, unread count, read, read-all; only the recipient sees it', async () => {
    const before = (await send(tokens.specialist, 'GET', '/api/v1/notifications')).json() as { unread: number };
    for (let i = 0; i < 2; i++) {
      await notifyNow({
        recipient: { userId: ids.specialist },
        kind: 'test.hello',
        title: 'Xin chào',
        body: 'Thông báo thử',
        link: '/ho-so',
        dedupeKey: 'hello-once',
      });
    }
    await notifyNow({ recipient: { userId: ids.specialist }, kind: 'test.second', title: 'Thứ hai', body: 'Nội dung', subject: { type: 'dossier', id: 'x' } });
    const list = await send(tokens.specialist, 'GET', '/api/v1/notifications?limit=1');
    assert.equal(list.statusCode, 200, list.body);
    const l = list.json() as { items: { id: string; kind: string; readAt: string | null; subject: unknown }[]; hasMore: boolean; unread: number };
    assert.equal(l.unread, before.unread + 2, 'the dedupe key made the first one once');
    assert.equal(l.items.length, 1);
    assert.equal(l.hasMore, true);
    assert.equal(l.items[0].kind, 'test.second');
    assert.deepEqual(l.items[0].subject, { type: 'dossier', id: 'x' });
    const all = (await send(tokens.specialist, 'GET', '/api/v1/notifications?limit=100')).json() as { items: { id: string; kind: string }[] };
    assert.equal(all.items.filter((x) => x.kind === 'test.hello').length, 1);

    // another person cannot read it, nor see it
    const other = await send(tokens.unit_leader, 'POST', `/api/v1/notifications/${l.items[0].id}/read`);
    assert.equal(other.statusCode, 404);
    assert.equal(
      ((await send(tokens.unit_leader, 'GET', '/api/v1/notifications?limit=100')).json() as { items: { id: string }[] }).items.some(
        (x) => x.id === l.items[0].id,
      ),
      false,
    );
    assert.equal((await t.request({ method: 'GET', url: '/api/v1/notifications' })).statusCode, 401);

    const read = await send(tokens.specialist, 'POST', `/api/v1/notifications/${l.items[0].id}/read`);
    assert.equal(read.statusCode, 200, read.body);
    assert.ok((read.json() as { readAt: string }).readAt);
    assert.equal(((await send(tokens.specialist, 'GET', '/api/v1/notifications/unread-count')).json() as { unread: number }).unread, before.unread + 1);
    const unreadOnly = (await send(tokens.specialist, 'GET', '/api/v1/notifications?unread=true&limit=100')).json() as { items: { readAt: string | null }[] };
    assert.ok(unreadOnly.items.every((x) => x.readAt === null));
    const ra = await send(tokens.specialist, 'POST', '/api/v1/notifications/read-all');
    assert.equal(ra.statusCode, 200, ra.body);
    assert.equal(((await send(tokens.specialist, 'GET', '/api/v1/notifications/unread-count')).json() as { unread: number }).unread, 0);
  });

  test('a citizen has a notification centre too', async () => {
    await notifyNow({ recipient: { citizenId: ids.citizen }, kind: 'dossier.status', title: 'Hồ sơ', body: 'Đã tiếp nhận' });
    const r = (await send(tokens.citizen, 'GET', '/api/v1/notifications')).json() as { items: { kind: string }[]; unread: number };
    assert.ok(r.unread >= 1);
    assert.equal(r.items[0].kind, 'dossier.status');
  });

  test('bad input is a 4xx and changes nothing', async () => {
    assert.equal((await send(tokens.specialist, 'POST', '/api/v1/notifications/not-a-uuid/read')).statusCode, 400);
    assert.equal((await send(tokens.specialist, 'GET', '/api/v1/notifications?limit=0')).statusCode, 400);
    const cur = (await send(tokens.citizen, 'GET', '/api/v1/notifications/preferences')).json() as { version: number; available: string[] };
    assert.deepEqual(cur.available, ['email', 'sms', 'zalo']);
    const push = await send(tokens.citizen, 'PUT', '/api/v1/notifications/preferences', { channels: ['push'], quietHours: null, version: cur.version });
    assert.equal(push.statusCode, 400);
    assert.equal((push.json() as { code: string }).code, 'channel_not_available');
    const badClock = await send(tokens.citizen, 'PUT', '/api/v1/notifications/preferences', {
      channels: ['email'],
      quietHours: { start: '25:00', end: '06:00' },
      version: cur.version,
    });
    assert.equal(badClock.statusCode, 400);
    const same = await send(tokens.citizen, 'PUT', '/api/v1/notifications/preferences', {
      channels: ['email'],
      quietHours: { start: '06:00', end: '06:00' },
      version: cur.version,
    });
    assert.equal(same.statusCode, 400);
    assert.equal(((await send(tokens.citizen, 'GET', '/api/v1/notifications/preferences')).json() as { version: number }).version, cur.version);
    // citizens cannot register browsers for web push
    assert.equal(
      (await send(tokens.citizen, 'POST', '/api/v1/notifications/push-subscriptions', { endpoint: 'https://push.example/x', keys: { p256dh: 'a', auth: 'b' } }))
        .statusCode,
      403,
    );
    const httpEndpoint = await send(tokens.specialist, 'POST', '/api/v1/notifications/push-subscriptions', {
      endpoint: 'http://push.example/abcdef',
      keys: { p256dh: 'B'.repeat(87), auth: 'A'.repeat(22) },
    });
    assert.equal(httpEndpoint.statusCode, 400);
  });

  test('preferences: optimistic concurrency, audited', async () => {
    const cur = (await send(tokens.unit_leader, 'GET', '/api/v1/notifications/preferences')).json() as {
      version: number;
      channels: string[];
      push: { publicKey: string | null };
    };
    assert.deepEqual(cur.channels, ['email', 'push']);
    assert.ok(cur.push.publicKey, 'demo mode generates VAPID keys');
    const ok = await send(tokens.unit_leader, 'PUT', '/api/v1/notifications/preferences', {
      channels: ['sms', 'email'],
      quietHours: { start: '22:00', end: '06:30' },
      version: cur.version,
    });
    assert.equal(ok.statusCode, 200, ok.body);
    assert.deepEqual((ok.json() as { channels: string[] }).channels, ['email', 'sms']);
    const stale = await send(tokens.unit_leader, 'PUT', '/api/v1/notifications/preferences', { channels: ['email'], quietHours: null, version: cur.version });
    assert.equal(stale.statusCode, 409);
    const audit = await sql<{
      n: number;
    }>`SELECT count(*)::int AS n FROM audit_log WHERE action = 'notifications.preferences.saved' AND entity_id = ${ids.unit_leader}`.execute(t.database.db);
    assert.equal(audit.rows[0].n, 1);
  });
});

describe('channels', () => {
  test('e-mail over SMTP: the in-process SMTP server receives the message', async () => {
    const received: { from: string; to: string[]; data: string }[] = [];
    const server = new SMTPServer({
      authOptional: true,
      disabledCommands: ['STARTTLS', 'AUTH'],
      logger: false,
      onData(stream, session, cb) {
        const chunks: Buffer[] = [];
        stream.on('data', (c: Buffer) => chunks.push(c));
        stream.on('end', () => {
          received.push({
            from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
            to: session.envelope.rcptTo.map((r) => r.address),
            data: Buffer.concat(chunks).toString('utf8'),
          });
          cb();
        });
      },
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const port = (server.server.address() as AddressInfo).port;
      await t.deps.outbox.drain(); // earlier notifications go out before the address is set
      t.config.smtp = { host: '127.0.0.1', port, secure: false, user: null, password: null, from: 'MotCua <no-reply@motcua.test>' };
      await sql`UPDATE app_user SET email = 'binh.tv@sotuphap.test' WHERE id = ${ids.specialist}`.execute(t.database.db);
      await savePrefs(tokens.specialist, ['email']);
      await notifyNow({
        recipient: { userId: ids.specialist },
        kind: 'test.mail',
        title: 'Hồ sơ sắp đến hạn',
        body: 'Hồ sơ H36.01 còn 1 ngày làm việc.',
        link: '/ho-so/abc',
      });
      await t.deps.outbox.drain();
      assert.equal(received.length, 1, 'one message received');
      assert.deepEqual(received[0].to, ['binh.tv@sotuphap.test']);
      assert.equal(received[0].from, 'no-reply@motcua.test');
      assert.match(received[0].data, /Subject: =\?UTF-8\?[BQ]\?/i, 'the Vietnamese subject is encoded');
      assert.match(received[0].data, /\/ho-so\/abc/);
      const id = await latestId(ids.specialist, 'test.mail');
      assert.deepEqual(await deliveries(id), [{ channel: 'email', status: 'sent', detail: 'smtp' }]);
    } finally {
      t.config.smtp = null;
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  });

  test('SMTP down: the delivery is retried, and a later success is recorded once', async () => {
    t.config.smtp = { host: '127.0.0.1', port: 9, secure: false, user: null, password: null, from: 'x@motcua.test' };
    try {
      await notifyNow({ recipient: { userId: ids.specialist }, kind: 'test.mail-down', title: 'Thử', body: 'Máy chủ thư không chạy' });
      await t.deps.outbox.drain();
      const id = await latestId(ids.specialist, 'test.mail-down');
      const [d] = await deliveries(id);
      assert.equal(d.status, 'failed');
      const row = await sql<{
        attempts: number;
        delivered: boolean;
        dead: boolean;
        last_error: string;
      }>`SELECT attempts, delivered_at IS NOT NULL AS delivered, dead_at IS NOT NULL AS dead, last_error FROM outbox WHERE topic = 'notifications.deliver' AND payload->>'notificationId' = ${id}`.execute(
        t.database.db,
      );
      assert.equal(row.rows[0].delivered, false);
      assert.equal(row.rows[0].dead, false, 'a connection failure is retried');
    } finally {
      t.config.smtp = null;
    }
  });

  test('web push: the local push endpoint receives the encrypted request, and the browser keys decrypt it', async () => {
    // A push service double over HTTPS with a certificate of our own (web-push speaks https only).
    execFileSync(
      'openssl',
      [
        'req',
        '-x509',
        '-newkey',
        'ec',
        '-pkeyopt',
        'ec_paramgen_curve:prime256v1',
        '-nodes',
        '-days',
        '1',
        '-subj',
        '/CN=localhost',
        '-addext',
        'subjectAltName=DNS:localhost,IP:127.0.0.1',
        '-keyout',
        path.join(tmp, 'key.pem'),
        '-out',
        path.join(tmp, 'cert.pem'),
      ],
      { stdio: 'ignore' },
    );
    const got: { url: string; headers: Record<string, unknown>; body: Buffer }[] = [];
    const server: Server = createServer({ key: readFileSync(path.join(tmp, 'key.pem')), cert: readFileSync(path.join(tmp, 'cert.pem')) }, (req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        got.push({ url: req.url ?? '', headers: req.headers, body: Buffer.concat(chunks) });
        res.writeHead(201).end();
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const port = (server.address() as AddressInfo).port;
      t.config.webPush = { ...t.config.webPush, caFile: path.join(tmp, 'cert.pem') };
      // The browser's side: a P-256 key pair and a 16-byte auth secret.
      const ua = createECDH('prime256v1');
      ua.generateKeys();
      const authSecret = randomBytes(16);
      const sub = await send(tokens.unit_leader, 'POST', '/api/v1/notifications/push-subscriptions', {
        endpoint: `https://localhost:${port}/push/leader-1`,
        keys: { p256dh: ua.getPublicKey().toString('base64url'), auth: authSecret.toString('base64url') },
      });
      assert.equal(sub.statusCode, 201, sub.body);
      await savePrefs(tokens.unit_leader, ['push']);
      await notifyNow({
        recipient: { userId: ids.unit_leader },
        kind: 'dossier.step_overdue',
        title: 'Hồ sơ quá hạn bước',
        body: 'Hồ sơ H36.02 đã quá hạn bước thẩm định.',
        link: '/ho-so/def',
      });
      await t.deps.outbox.drain();
      const pid = await latestId(ids.unit_leader, 'dossier.step_overdue');
      assert.equal(got.length, 1, `one push request: ${JSON.stringify(await deliveries(pid))}`);
      const req = got[0];
      assert.equal(req.url, '/push/leader-1');
      assert.equal(req.headers['content-encoding'], 'aes128gcm');
      assert.match(String(req.headers.authorization), /^vapid t=[\w-]+\.[\w-]+\.[\w-]+, k=[\w-]+$/);
      // RFC 8291 decryption with the browser's keys.
      const body = req.body;
      const salt = body.subarray(0, 16);
      const idlen = body[20];
      const asPublic = body.subarray(21, 21 + idlen);
      const cipher = body.subarray(21 + idlen);
      const ecdhSecret = ua.computeSecret(asPublic);
      const ikm = Buffer.from(hkdfSync('sha256', ecdhSecret, authSecret, Buffer.concat([Buffer.from('WebPush: info\0'), ua.getPublicKey(), asPublic]), 32));
      const cek = Buffer.from(hkdfSync('sha256', ikm, salt, Buffer.from('Content-Encoding: aes128gcm\0'), 16));
      const nonce = Buffer.from(hkdfSync('sha256', ikm, salt, Buffer.from('Content-Encoding: nonce\0'), 12));
      const d = createDecipheriv('aes-128-gcm', cek, nonce);
      d.setAuthTag(cipher.subarray(cipher.length - 16));
      const plain = Buffer.concat([d.update(cipher.subarray(0, cipher.length - 16)), d.final()]);
      const text = plain.subarray(0, plain.lastIndexOf(2)).toString('utf8');
      const msg = JSON.parse(text) as { title: string; body: string; url: string };
      assert.equal(msg.title, 'Hồ sơ quá hạn bước');
      assert.match(msg.url, /\/ho-so\/def$/);
      const id = await latestId(ids.unit_leader, 'dossier.step_overdue');
      assert.deepEqual(
        (await deliveries(id)).map((x) => [x.channel, x.status]),
        [['push', 'sent']],
      );
    } finally {
      t.config.webPush = { ...t.config.webPush, caFile: null };
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  });

  test('SMS and Zalo go to the SANDBOX adapter (demo); the citizen profile gives the numbers', async () => {
    await savePrefs(tokens.citizen, ['sms', 'zalo']);
    await notifyNow({ recipient: { citizenId: ids.citizen }, kind: 'test.sms', title: 'Hồ sơ', body: 'Đã có kết quả' });
    await t.deps.outbox.drain();
    const id = await latestId(ids.citizen, 'test.sms');
    const ds = await deliveries(id);
    assert.deepEqual(
      ds.map((x) => [x.channel, x.status]),
      [
        ['sms', 'sent'],
        ['zalo', 'sent'],
      ],
    );
    assert.ok(ds.every((x) => x.detail === 'sandbox'));
    const rec = await sql<{ channel: string }>`SELECT channel FROM integration_delivery WHERE idempotency_key LIKE ${id + '%'} ORDER BY channel`.execute(
      t.database.db,
    );
    assert.deepEqual(
      rec.rows.map((r) => r.channel),
      ['sms', 'zalo'],
    );
  });

  test('quiet hours: the channels wait until they end; the in-app notification is there at once', async () => {
    // Quiet hours covering now (Vietnam time), ending in 2 hours.
    const vnMin = Math.floor(((Date.now() + 7 * 3_600_000) % 86_400_000) / 60_000);
    const hhmm = (m: number) => `${String(Math.floor(((m + 1440) % 1440) / 60)).padStart(2, '0')}:${String(((m + 1440) % 1440) % 60).padStart(2, '0')}`;
    await savePrefs(tokens.one_stop_officer, ['email'], { start: hhmm(vnMin - 60), end: hhmm(vnMin + 120) });
    await notifyNow({ recipient: { userId: ids.one_stop_officer }, kind: 'test.quiet', title: 'Yên lặng', body: 'Giữ lại' });
    await t.deps.outbox.drain();
    const id = await latestId(ids.one_stop_officer, 'test.quiet');
    assert.ok(id, 'in-app notification written');
    assert.deepEqual(await deliveries(id), [], 'nothing sent inside quiet hours');
    const held = await sql<{
      available_at: Date;
      delivered: boolean;
    }>`SELECT available_at, delivered_at IS NOT NULL AS delivered FROM outbox WHERE topic = 'notifications.deliver' AND payload->>'notificationId' = ${id} ORDER BY id`.execute(
      t.database.db,
    );
    assert.equal(held.rows.length, 2);
    assert.equal(held.rows[1].delivered, false);
    const wait = new Date(held.rows[1].available_at).getTime() - Date.now();
    assert.ok(wait > 100 * 60_000 && wait <= 120 * 60_000, `held until the end of quiet hours (${wait} ms)`);
  });
});

describe('feeds', () => {
  test("a citizen's dossier status change appears in their notification centre (notify.applicant)", async () => {
    const centre = (await t.request({ method: 'GET', url: `/api/v1/agencies?kind=provincial_service_centre&current=true` })).json().items[0] as { id: string };
    const applicant = {
      kind: 'citizen',
      name: 'Lê Văn An',
      idNumber: '038090001234',
      phone: '0912345678',
      email: 'an@example.vn',
      address: 'Phường Hạc Thành, Thanh Hóa',
    };
    const r = await t.request({
      method: 'POST',
      url: '/api/v1/dossiers',
      token: tokens.citizen,
      headers: { 'idempotency-key': 'notify-online-1' },
      body: { procedureCode: '2.000488', channel: 'online', receivingAgencyId: centre.id, applicant },
    });
    assert.equal(r.statusCode, 201, r.body);
    const d = r.json() as { id: string; code: string };
    await t.deps.outbox.drain();
    const list = (await send(tokens.citizen, 'GET', '/api/v1/notifications?limit=100')).json() as {
      items: { kind: string; title: string; body: string; link: string; subject: { id: string } | null }[];
    };
    const mine = list.items.filter((x) => x.subject?.id === d.id);
    assert.equal(mine.length, 1, 'one notification for the submission');
    assert.equal(mine[0].kind, 'dossier.status');
    assert.equal(mine[0].link, `/ho-so/${d.id}`);
    assert.match(mine[0].body, new RegExp(`Hồ sơ ${d.code} đã được gửi trực tuyến`));
  });

  test('feedback sent by a signed-in citizen: the notice of receipt appears in their centre', async () => {
    const r = await t.request({
      method: 'POST',
      url: '/api/v1/feedback',
      token: tokens.citizen,
      body: { content: 'Đèn chiếu sáng trên đường Lê Lợi bị hỏng nhiều ngày, đề nghị cơ quan chức năng sửa chữa sớm.', name: 'Lê Văn An', phone: '0912000123' },
    });
    assert.equal(r.statusCode, 201, r.body);
    const { id } = r.json() as { id: string };
    await t.deps.outbox.drain();
    const list = (await send(tokens.citizen, 'GET', '/api/v1/notifications?limit=100')).json() as {
      items: { kind: string; link: string; subject: { id: string } | null }[];
    };
    const mine = list.items.filter((n) => n.subject?.id === id);
    assert.deepEqual(
      mine.map((n) => n.kind),
      ['feedback.received'],
    );
    assert.match(mine[0].link, /^\/phan-anh\/theo-doi\?ma=/);
  });

  test("a citizen's own notices through a dossier's life and a feedback answer: received, supplement asked, late, apology, result; unread count, list, mark read", async () => {
    const realNow = t.deps.clock.now;
    const at = (iso: string) => {
      t.deps.clock.now = () => new Date(iso);
    };
    try {
      for (const r of ['provincial_office', 'admin']) tokens[r] ??= await t.login(r);
      const act = async (id: string, token: string, body: Record<string, unknown>) => {
        const cur = (await send(tokens.admin, 'GET', `/api/v1/dossiers/${id}`)).json() as { version: number };
        const r = await send(token, 'POST', `/api/v1/dossiers/${id}/actions`, { version: cur.version, ...body });
        assert.equal(r.statusCode, 200, `${String(body.type)}: ${r.body}`);
      };
      type N = { id: string; kind: string; title: string; body: string; link: string; readAt: string | null; subject: { id: string } | null };
      const mine = async (subjectId: string) =>
        ((await send(tokens.citizen, 'GET', '/api/v1/notifications?limit=100')).json() as { items: N[] }).items
          .filter((n) => n.subject?.id === subjectId)
          .reverse();
      const unread = async () => ((await send(tokens.citizen, 'GET', '/api/v1/notifications/unread-count')).json() as { unread: number }).unread;
      await send(tokens.citizen, 'POST', '/api/v1/notifications/read-all');
      assert.equal(await unread(), 0);

      at('2026-11-23T09:00:00+07:00'); // Monday
      const centre = (await t.request({ method: 'GET', url: '/api/v1/agencies?kind=provincial_service_centre&current=true' })).json().items[0] as {
        id: string;
      };
      const applicant = {
        kind: 'citizen',
        name: 'Lê Văn An',
        idNumber: '038090001234',
        phone: '0912345678',
        email: 'an@example.vn',
        address: 'Phường Hạc Thành, Thanh Hóa',
      };
      const c = await t.request({
        method: 'POST',
        url: '/api/v1/dossiers',
        token: tokens.citizen,
        headers: { 'idempotency-key': 'notify-life-1' },
        body: { procedureCode: '2.000488', channel: 'online', receivingAgencyId: centre.id, applicant },
      });
      assert.equal(c.statusCode, 201, c.body);
      const d = c.json() as { id: string; code: string };
      await act(d.id, tokens.one_stop_officer, { type: 'receive' });
      await act(d.id, tokens.one_stop_officer, { type: 'forward' });
      at('2026-11-24T10:00:00+07:00');
      await act(d.id, tokens.specialist, { type: 'request_supplement', reason: 'Thiếu bản sao căn cước', items: ['Bản sao căn cước công dân'] });
      at('2026-11-25T09:00:00+07:00');
      await act(d.id, tokens.one_stop_officer, { type: 'supplement_received' });
      await t.deps.outbox.drain();
      let n = await mine(d.id);
      assert.deepEqual(
        n.map((x) => x.kind),
        ['dossier.status', 'dossier.status', 'dossier.status', 'dossier.status'],
      );
      assert.match(n[1].body, new RegExp(`Hồ sơ ${d.code} đã được tiếp nhận\\. Ngày hẹn trả kết quả`));
      assert.match(n[2].body, /cần bổ sung, hoàn thiện/);

      // The agency sees it will be late and apologises in writing with a new appointment (at least a working day before).
      const appointment = (await send(tokens.admin, 'GET', `/api/v1/dossiers/${d.id}`)).json().appointment.current as string;
      at(new Date(Date.parse(appointment) - 5 * 86_400_000).toISOString());
      const newAppointment = new Date(Date.parse(appointment) + 7 * 86_400_000).toISOString();
      await act(d.id, tokens.unit_leader, { type: 'apologise', reason: 'Cần xác minh thêm với cơ quan công an', newAppointment });
      await t.deps.outbox.drain();
      n = await mine(d.id);
      assert.match(n[4].body, /xin lỗi vì hồ sơ .* chậm so với hẹn/);
      // Past the new appointment without a result: the deadline job tells the citizen too, once.
      at(new Date(Date.parse(newAppointment) + 3_600_000).toISOString());
      await t.deps.jobs.runNow('dossiers.deadline-warnings');
      await t.deps.jobs.runNow('dossiers.deadline-warnings');
      n = await mine(d.id);
      const late = n.filter((x) => x.kind === 'dossier.late');
      assert.equal(late.length, 1, 'told once');
      assert.match(late[0].title, new RegExp(`Hồ sơ ${d.code} chưa có kết quả đúng hẹn`));
      assert.equal(late[0].link, `/ho-so/${d.id}`);
      // Then the result is ready.
      await act(d.id, tokens.specialist, { type: 'next_step', note: 'Đủ điều kiện.' });
      await act(d.id, tokens.unit_leader, { type: 'result_ready', decisionNumber: '77/LLTP', signer: 'Phạm Quốc Hưng', signedOn: newAppointment.slice(0, 10) });
      await t.deps.outbox.drain();
      n = await mine(d.id);
      assert.deepEqual(
        n.slice(4).map((x) => x.kind),
        ['dossier.status', 'dossier.late', 'dossier.status'],
      );
      assert.match(n[6].body, /đã có kết quả giải quyết/);

      // A feedback of the citizen answered by the agency: the answer reaches the bell.
      const fb = await send(tokens.citizen, 'POST', '/api/v1/feedback', {
        content: 'Cán bộ tiếp nhận yêu cầu nộp thêm giấy tờ ngoài danh mục thủ tục lý lịch tư pháp.',
        name: 'Lê Văn An',
        phone: '0912000123',
      });
      assert.equal(fb.statusCode, 201, fb.body);
      const f = fb.json() as { id: string; code: string };
      const justice = (await sql<{ id: string }>`SELECT id FROM agency WHERE name = 'Sở Tư pháp tỉnh Thanh Hóa' AND valid_to IS NULL`.execute(t.database.db))
        .rows[0].id;
      let fd = (await send(tokens.provincial_office, 'GET', `/api/v1/feedback/${f.id}`)).json() as { version: number };
      let r = await send(tokens.provincial_office, 'POST', `/api/v1/feedback/${f.id}/classify`, {
        decision: 'forward',
        topic: 'officer_conduct',
        agencyId: justice,
        version: fd.version,
      });
      assert.equal(r.statusCode, 200, r.body);
      fd = r.json();
      r = await send(tokens.specialist, 'POST', `/api/v1/feedback/${f.id}/answer`, {
        answerStatus: 'accepted',
        text: 'Sở Tư pháp đã chấn chỉnh cán bộ; hồ sơ chỉ gồm giấy tờ trong danh mục.',
        documentNo: '90/STP-VP',
        version: fd.version,
      });
      assert.equal(r.statusCode, 200, r.body);
      await t.deps.outbox.drain();
      const fn = await mine(f.id);
      assert.deepEqual(
        fn.map((x) => x.kind),
        ['feedback.received', 'feedback.answered'],
      );
      assert.match(fn[1].body, /Sở Tư pháp đã chấn chỉnh cán bộ/);

      // Unread count, mark one read (only the recipient), then all.
      const before = await unread();
      assert.equal(before, n.length + fn.length);
      assert.equal((await send(tokens.specialist, 'POST', `/api/v1/notifications/${fn[1].id}/read`)).statusCode, 404, "someone else's");
      assert.equal((await send(tokens.citizen, 'POST', `/api/v1/notifications/${fn[1].id}/read`)).statusCode, 200);
      assert.equal(await unread(), before - 1);
      assert.ok((await mine(f.id))[1].readAt);
      await send(tokens.citizen, 'POST', '/api/v1/notifications/read-all');
      assert.equal(await unread(), 0);
    } finally {
      t.deps.clock.now = realNow;
    }
  });
});

import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'kysely';
import ExcelJS from 'exceljs';
import { startTestApp, type TestApp } from '../../test/harness.js';
import { multipart } from '../../test/multipart.js';

let t: TestApp;
const tokens: Record<string, string> = {};
const agencies: Record<string, string> = {};

before(async () => {
  t = await startTestApp();
  for (const r of ['admin', 'provincial_office', 'one_stop_officer', 'specialist', 'unit_leader', 'citizen', 'catalog_manager', 'home_affairs'])
    tokens[r] = await t.login(r);
  const { rows } = await sql<{ id: string; name: string }>`SELECT id, name FROM agency WHERE valid_to IS NULL`.execute(t.database.db);
  for (const r of rows) agencies[r.name] = r.id;
  // A specialist of another agency (Sở Y tế), to check agency scoping.
  const r = await t.request({
    method: 'POST',
    url: '/api/v1/users',
    token: tokens.admin,
    body: { username: 'cv.yte', fullName: 'Chuyên Viên Y Tế', password: 'matkhau123', agencyId: agencies['Sở Y tế tỉnh Thanh Hóa'], roles: ['specialist'] },
  });
  assert.equal(r.statusCode, 201, r.body);
  tokens.otherSpecialist = await t.login('cv.yte', 'matkhau123');
});
after(async () => {
  await t.close();
});

const JUSTICE = () => agencies['Sở Tư pháp tỉnh Thanh Hóa'];
const count = async (table: string) => (await sql<{ n: number }>`SELECT count(*)::int AS n FROM ${sql.table(table)}`.execute(t.database.db)).rows[0].n;
const deliver = async () => {
  while ((await t.deps.outbox.runOnce()) > 0);
};
const req = (method: string, url: string, token?: string, body?: unknown) => t.request({ method, url, token, body });

async function category(topic: string, agencyId = JUSTICE()): Promise<{ id: string; code: string }> {
  const r = await req('GET', `/api/v1/feedback/categories?agencyId=${agencyId}`);
  assert.equal(r.statusCode, 200, r.body);
  return r.json().items.find((c: { topic: string }) => c.topic === topic);
}

let seq = 0;
async function submit(extra: Record<string, unknown> = {}) {
  seq++;
  const body = {
    content: `Bộ phận một cửa yêu cầu nộp thêm bản sao sổ hộ khẩu (lần ${seq}) dù thủ tục không quy định giấy tờ này, đề nghị kiểm tra.`,
    name: 'Phạm Thị Hương',
    phone: `09120000${String(10 + seq).padStart(2, '0')}`,
    ...extra,
  };
  const r = await req('POST', '/api/v1/feedback', undefined, body);
  assert.equal(r.statusCode, 201, r.body);
  return r.json() as { id: string; code: string; classifyDueAt: string; suspectedDuplicateOf: string | null };
}

const detail = async (id: string, token = tokens.provincial_office) => {
  const r = await req('GET', `/api/v1/feedback/${id}`, token);
  assert.equal(r.statusCode, 200, r.body);
  return r.json();
};

describe('intake', () => {
  test('a citizen submits from the portal: a code, a classification deadline, and a "received" message to the phone', async () => {
    const cat = await category('procedure_handling');
    const c = await submit({
      categoryId: cat.id,
      attributes: { ma_ho_so: '000.00.03.H56-260302-0001' },
      email: 'huong@example.vn',
      address: 'Số 5 Lê Lợi, phường Hạc Thành',
    });
    assert.match(c.code, /^PAKN-\d{4}-\d{6}$/);
    assert.match(c.classifyDueAt, /\+07:00$/);
    const d = await detail(c.id);
    assert.equal(d.status, 'received');
    assert.equal(d.channel, 'web');
    assert.equal(d.topic, 'procedure_handling', 'the category suggests the topic');
    assert.equal(d.receivingAgency.name, 'Văn phòng Ủy ban nhân dân tỉnh Thanh Hóa');
    assert.equal(d.deadline.stage, 'classify');
    assert.deepEqual(
      d.actions.map((a: { action: string }) => a.action),
      ['receive'],
    );
    await deliver();
    const n = (await req('GET', `/api/v1/feedback/${c.id}/notifications`, tokens.provincial_office)).json().items;
    assert.ok(n.some((m: { channel: string; event: string }) => m.channel === 'sms' && m.event === 'received'));
    assert.ok(n.some((m: { channel: string; recipient: string }) => m.channel === 'email' && m.recipient === 'huong@example.vn'));
  });

  const bad: [string, Record<string, unknown>, string][] = [
    ['no phone and no e-mail', { content: 'Nội dung phản ánh đủ dài để hợp lệ.', name: 'Nguyễn Văn A' }, 'contact_required'],
    ['no name', { content: 'Nội dung phản ánh đủ dài để hợp lệ.', phone: '0912345678' }, 'validation_failed'],
    ['an invalid phone', { content: 'Nội dung phản ánh đủ dài để hợp lệ.', name: 'Nguyễn Văn A', phone: '12345' }, 'invalid_phone'],
    ['an unknown field', { content: 'Nội dung phản ánh đủ dài để hợp lệ.', name: 'Nguyễn Văn A', phone: '0912345678', priority: 'high' }, 'validation_failed'],
    ['a number for the content (no coercion)', { content: 1234567890123, name: 'Nguyễn Văn A', phone: '0912345678' }, 'validation_failed'],
    ['half a location', { content: 'Nội dung phản ánh đủ dài để hợp lệ.', name: 'Nguyễn Văn A', phone: '0912345678', lat: 19.8 }, 'location_incomplete'],
    [
      'an attribute outside the list',
      { content: 'Nội dung phản ánh đủ dài để hợp lệ.', name: 'Nguyễn Văn A', phone: '0912345678', attributes: { hanh_vi: 'khong_co' } },
      'attributes_without_category',
    ],
  ];
  for (const [name, body, code] of bad) {
    test(`bad input is a 400 that writes nothing: ${name}`, async () => {
      const before = [await count('feedback'), await count('audit_log'), await count('outbox')];
      const r = await req('POST', '/api/v1/feedback', undefined, body);
      assert.equal(r.statusCode, 400, r.body);
      assert.match(r.headers['content-type'] as string, /application\/problem\+json/);
      assert.equal(r.json().code, code);
      assert.deepEqual([await count('feedback'), await count('audit_log'), await count('outbox')], before);
    });
  }

  test('an attribute value outside its list is refused (400) for a category with a list', async () => {
    const cat = await category('officer_conduct');
    const r = await req('POST', '/api/v1/feedback', undefined, {
      categoryId: cat.id,
      content: 'Cán bộ yêu cầu nộp thêm giấy tờ.',
      name: 'Nguyễn Văn A',
      phone: '0912345678',
      attributes: { hanh_vi: 'khong_co' },
    });
    assert.equal(r.statusCode, 400);
    assert.equal(r.json().code, 'invalid_attributes');
  });

  test('the same Idempotency-Key twice creates one feedback', async () => {
    const body = { content: 'Đề nghị niêm yết công khai số điện thoại đường dây nóng tại bộ phận một cửa xã.', name: 'Đỗ Văn Lâm', phone: '0934000111' };
    const n = await count('feedback');
    const a = await t.request({ method: 'POST', url: '/api/v1/feedback', body, headers: { 'idempotency-key': 'fb-idem-00001' } });
    const b = await t.request({ method: 'POST', url: '/api/v1/feedback', body, headers: { 'idempotency-key': 'fb-idem-00001' } });
    assert.equal(a.statusCode, 201);
    assert.equal(b.statusCode, 201);
    assert.equal(a.json().code, b.json().code);
    assert.equal(await count('feedback'), n + 1);
    const c = await t.request({
      method: 'POST',
      url: '/api/v1/feedback',
      body: { ...body, name: 'Người Khác' },
      headers: { 'idempotency-key': 'fb-idem-00001' },
    });
    assert.equal(c.statusCode, 409);
  });

  test('an officer enters a letter received by post three days ago; it is received by the officer’s agency', async () => {
    const receivedAt = new Date(Date.now() - 3 * 86_400_000).toISOString();
    const r = await req('POST', '/api/v1/feedback/intake', tokens.one_stop_officer, {
      channel: 'post',
      receivedAt,
      content: 'Thư phản ánh việc trả kết quả chậm tại Trung tâm.',
      name: 'Hoàng Văn Bảy',
      address: 'Thôn 3, xã Hoằng Hóa',
    });
    assert.equal(r.statusCode, 201, r.body);
    const d = await detail(r.json().id);
    assert.equal(d.channel, 'post');
    assert.equal(d.receivingAgency.name, 'Trung tâm Phục vụ hành chính công tỉnh Thanh Hóa');
    assert.equal(new Date(d.receivedAt).toISOString(), new Date(receivedAt).toISOString().replace(/\.\d{3}Z$/, '.000Z'));
    const future = await req('POST', '/api/v1/feedback/intake', tokens.one_stop_officer, {
      channel: 'hotline',
      receivedAt: new Date(Date.now() + 86_400_000).toISOString(),
      content: 'Gọi đường dây nóng phản ánh.',
    });
    assert.equal(future.statusCode, 400);
    assert.equal(future.json().code, 'received_in_future');
  });

  test('a near-identical feedback from the same phone is flagged as a likely duplicate and can be merged', async () => {
    const body = {
      content: 'Ủy ban nhân dân phường thu lệ phí chứng thực cao hơn mức quy định tại Thông tư, đề nghị kiểm tra và hoàn trả.',
      name: 'Vũ Thị Mai',
      phone: '0977000333',
    };
    const a = (await req('POST', '/api/v1/feedback', undefined, body)).json();
    const b = (await req('POST', '/api/v1/feedback', undefined, { ...body, content: body.content + ' Xin cảm ơn.' })).json();
    assert.equal(b.suspectedDuplicateOf, a.code);
    const d = await detail(b.id);
    const r = await req('POST', `/api/v1/feedback/${b.id}/duplicate`, tokens.provincial_office, { originalId: a.id, version: d.version });
    assert.equal(r.statusCode, 200, r.body);
    assert.equal(r.json().status, 'closed');
    assert.equal(r.json().closeReason, 'duplicate');
    assert.equal(r.json().duplicateOf.code, a.code);
    const track = (await req('GET', `/api/v1/feedback/track?code=${b.code}&contact=0977000333`)).json();
    assert.match(track.statusText, new RegExp(a.code));
  });
});

describe('routing, answer, publication and follow-up', () => {
  test('the whole path: classify → forward → answer → notify → moderate → publish → follow up once', async () => {
    const c = await submit({ email: 'huong.pt@example.vn' });
    let d = await detail(c.id);

    // The provincial office classifies and forwards to Sở Tư pháp: the 10-working-day clock starts.
    let r = await req('POST', `/api/v1/feedback/${c.id}/classify`, tokens.provincial_office, {
      decision: 'forward',
      topic: 'officer_conduct',
      agencyId: JUSTICE(),
      version: d.version,
    });
    assert.equal(r.statusCode, 200, r.body);
    d = r.json();
    assert.equal(d.status, 'forwarded');
    assert.equal(d.agency.name, 'Sở Tư pháp tỉnh Thanh Hóa');
    assert.equal(d.deadline.stage, 'handle');
    assert.equal(d.deadline.dueAt, d.handleDueAt);

    // A stale version is refused and changes nothing.
    r = await req('POST', `/api/v1/feedback/${c.id}/answer`, tokens.specialist, {
      answerStatus: 'accepted',
      text: 'Nội dung trả lời đủ dài.',
      version: d.version - 1,
    });
    assert.equal(r.statusCode, 409);
    assert.equal(r.json().code, 'stale_version');

    // A specialist of another agency may not answer (403); the citizen role is refused outright (403).
    r = await req('POST', `/api/v1/feedback/${c.id}/answer`, tokens.otherSpecialist, {
      answerStatus: 'accepted',
      text: 'Nội dung trả lời đủ dài.',
      version: d.version,
    });
    assert.equal(r.statusCode, 403, r.body);
    r = await req('POST', `/api/v1/feedback/${c.id}/answer`, tokens.citizen, {
      answerStatus: 'accepted',
      text: 'Nội dung trả lời đủ dài.',
      version: d.version,
    });
    assert.equal(r.statusCode, 403);
    r = await req('GET', `/api/v1/feedback/${c.id}`, tokens.otherSpecialist);
    assert.equal(r.statusCode, 403);

    // Sở Tư pháp answers in writing.
    const answer = 'Sở Tư pháp tiếp thu phản ánh của bà Phạm Thị Hương (điện thoại 0912000011). Đã chấn chỉnh cán bộ, không yêu cầu giấy tờ ngoài danh mục.';
    r = await req('POST', `/api/v1/feedback/${c.id}/answer`, tokens.specialist, {
      answerStatus: 'accepted',
      text: answer,
      documentNo: '88/STP-VP',
      version: d.version,
    });
    assert.equal(r.statusCode, 200, r.body);
    d = r.json();
    assert.equal(d.status, 'answered');
    assert.equal(d.deadline.stage, 'publish');
    assert.ok(d.publicDraft.publicAnswer.includes('[đã ẩn]'), 'the moderation draft masks the sender’s name and phone');
    assert.ok(!d.publicDraft.publicAnswer.includes('Phạm Thị Hương'));
    assert.ok(!d.publicDraft.publicAnswer.includes('0912000011'));

    // A second answer is an illegal transition.
    r = await req('POST', `/api/v1/feedback/${c.id}/answer`, tokens.specialist, { answerStatus: 'accepted', text: 'Lần hai, không được.', version: d.version });
    assert.equal(r.statusCode, 409);
    assert.equal(r.json().code, 'illegal_transition');

    // The sender is notified through the outbox; they see the answer with their code and phone.
    await deliver();
    const notes = (await req('GET', `/api/v1/feedback/${c.id}/notifications`, tokens.specialist)).json().items;
    const answered = notes.filter((n: { event: string }) => n.event === 'answered');
    assert.deepEqual(answered.map((n: { channel: string }) => n.channel).sort(), ['email', 'sms']);
    assert.ok(answered.find((n: { channel: string }) => n.channel === 'email').body.includes('88/STP-VP'));
    const phone = d.submitter.phone as string;
    let track = await req('GET', `/api/v1/feedback/track?code=${c.code}&contact=${phone}`);
    assert.equal(track.statusCode, 200, track.body);
    assert.equal(track.json().answerText, answer);
    assert.equal(track.json().canFollowUp, true);
    assert.equal((await req('GET', `/api/v1/feedback/track?code=${c.code}&contact=0900000000`)).statusCode, 404, 'a wrong contact reveals nothing');

    // Not yet on the public page; moderation refuses a text that still holds personal data.
    assert.ok(!(await req('GET', '/api/v1/feedback/public?limit=500')).json().items.some((i: { code: string }) => i.code === c.code));
    r = await req('POST', `/api/v1/feedback/${c.id}/publish`, tokens.provincial_office, {
      publicSummary: 'Phản ánh cán bộ yêu cầu giấy tờ ngoài danh mục.',
      publicAnswer: answer,
      version: d.version,
    });
    assert.equal(r.statusCode, 422);
    assert.equal(r.json().code, 'personal_data_in_public_text');
    assert.deepEqual(r.json().found.sort(), ['name', 'phone']);

    r = await req('POST', `/api/v1/feedback/${c.id}/publish`, tokens.provincial_office, {
      publicSummary: 'Phản ánh cán bộ yêu cầu giấy tờ ngoài danh mục.',
      publicAnswer: d.publicDraft.publicAnswer,
      version: d.version,
    });
    assert.equal(r.statusCode, 200, r.body);
    d = r.json();
    assert.equal(d.status, 'published');

    const pub = await req('GET', '/api/v1/feedback/public?limit=500');
    const item = pub.json().items.find((i: { code: string }) => i.code === c.code);
    assert.ok(item);
    assert.equal(item.agency.name, 'Sở Tư pháp tỉnh Thanh Hóa');
    assert.equal(item.answerStatus, 'accepted');
    const text = JSON.stringify(item);
    for (const secret of ['Phạm Thị Hương', phone, 'huong.pt@example.vn', 'submitter']) assert.ok(!text.includes(secret), `public item leaks ${secret}`);
    assert.equal((await req('GET', `/api/v1/feedback/public/${c.code}`)).json().code, c.code);

    // The sender follows up once: handling starts again; a second follow-up is refused.
    r = await req('POST', '/api/v1/feedback/follow-up', undefined, {
      code: c.code,
      contact: phone,
      content: 'Tôi chưa đồng ý: cán bộ vẫn yêu cầu sổ hộ khẩu.',
    });
    assert.equal(r.statusCode, 200, r.body);
    assert.equal(r.json().status, 'forwarded');
    assert.equal(r.json().canFollowUp, false);
    r = await req('POST', '/api/v1/feedback/follow-up', undefined, { code: c.code, contact: phone, content: 'Lần thứ hai phản hồi lại.' });
    assert.equal(r.statusCode, 409);
    assert.equal(r.json().code, 'follow_up_used');
    track = await req('GET', `/api/v1/feedback/track?code=${c.code}&contact=huong.pt@example.vn`);
    assert.equal(track.json().status, 'forwarded');

    const history = (await detail(c.id)).actions as { action: string; actorUsername: string | null; actorName: string | null; agencyName: string | null }[];
    assert.deepEqual(
      history.map((a) => a.action),
      ['receive', 'forward', 'answer', 'publish', 'follow_up'],
    );
    // The history names the officer and the agency, never a bare username.
    const fwd = history.find((a) => a.action === 'forward')!;
    const forwardedBy = (await sql<{ full_name: string }>`SELECT full_name FROM app_user WHERE username = ${fwd.actorUsername}`.execute(t.database.db)).rows[0]
      .full_name;
    assert.equal(fwd.actorName, forwardedBy);
    assert.ok(fwd.actorName && !/^[a-z0-9._]+$/.test(fwd.actorName), `a person's name, not a username: ${fwd.actorName}`);
    assert.ok(fwd.agencyName, 'the agency acting is named');
    assert.equal(history.find((a) => a.action === 'follow_up')!.actorName, null, 'the sender is not a staff member');
    await assert.rejects(sql`UPDATE feedback_action SET note = 'x'`.execute(t.database.db), /append-only/);
  });

  test('classification can close: a complaint is redirected, with the reason told to the sender', async () => {
    const c = await submit();
    const d = await detail(c.id);
    let r = await req('POST', `/api/v1/feedback/${c.id}/classify`, tokens.provincial_office, { decision: 'complaint_redirected', version: d.version });
    assert.equal(r.statusCode, 400);
    assert.equal(r.json().code, 'note_required');
    r = await req('POST', `/api/v1/feedback/${c.id}/classify`, tokens.provincial_office, {
      decision: 'complaint_redirected',
      note: 'Nội dung là khiếu nại quyết định hành chính; đề nghị gửi đơn theo Luật Khiếu nại.',
      version: d.version,
    });
    assert.equal(r.statusCode, 200, r.body);
    assert.equal(r.json().status, 'closed');
    assert.equal(r.json().closeReason, 'complaint_redirected');
  });

  test('forwarding needs a topic and a current agency; an abolished agency is refused', async () => {
    const c = await submit();
    const d = await detail(c.id);
    let r = await req('POST', `/api/v1/feedback/${c.id}/classify`, tokens.provincial_office, { decision: 'forward', agencyId: JUSTICE(), version: d.version });
    assert.equal(r.statusCode, 400);
    assert.equal(r.json().code, 'topic_required');
    const { rows } = await sql<{ id: string }>`SELECT id FROM agency WHERE valid_to IS NOT NULL LIMIT 1`.execute(t.database.db);
    r = await req('POST', `/api/v1/feedback/${c.id}/classify`, tokens.provincial_office, {
      decision: 'forward',
      topic: 'regulation',
      agencyId: rows[0].id,
      version: d.version,
    });
    assert.equal(r.statusCode, 422);
    assert.equal(r.json().code, 'agency_not_found');
  });

  test('an extension is once, sets a later deadline and tells the sender', async () => {
    const c = await submit({ email: 'gia.han@example.vn' });
    let d = await detail(c.id);
    d = (
      await req('POST', `/api/v1/feedback/${c.id}/classify`, tokens.provincial_office, {
        decision: 'forward',
        topic: 'regulation',
        agencyId: JUSTICE(),
        version: d.version,
      })
    ).json();
    let r = await req('POST', `/api/v1/feedback/${c.id}/extend`, tokens.unit_leader, { reason: 'Cần xin ý kiến Bộ Tư pháp về quy định.', version: d.version });
    assert.equal(r.statusCode, 200, r.body);
    assert.ok(new Date(r.json().handleDueAt) > new Date(d.handleDueAt));
    r = await req('POST', `/api/v1/feedback/${c.id}/extend`, tokens.unit_leader, { reason: 'Gia hạn lần hai không được.', version: r.json().version });
    assert.equal(r.statusCode, 422);
    assert.equal(r.json().code, 'already_extended');
    await deliver();
    const n = (await req('GET', `/api/v1/feedback/${c.id}/notifications`, tokens.unit_leader)).json().items;
    assert.ok(n.some((m: { event: string; recipient: string }) => m.event === 'extended' && m.recipient === 'gia.han@example.vn'));
  });

  test('the agency attaches the signed answer (a real PDF); a fake PDF is refused', async () => {
    const c = await submit();
    const d = await detail(c.id);
    (
      await req('POST', `/api/v1/feedback/${c.id}/classify`, tokens.provincial_office, {
        decision: 'forward',
        topic: 'regulation',
        agencyId: JUSTICE(),
        version: d.version,
      })
    ).json();
    const answer = (data: Buffer, type: string) => multipart({ name: 'tra-loi.pdf', data, type });
    const ok = answer(Buffer.from('%PDF-1.4\n%âãÏÓ\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF'), 'application/pdf');
    let r = await t.request({ method: 'POST', url: `/api/v1/feedback/${c.id}/attachments?purpose=answer`, token: tokens.specialist, ...ok });
    assert.equal(r.statusCode, 201, r.body);
    const att = r.json();
    const fake = answer(Buffer.from('<html>not a pdf</html>'), 'application/pdf');
    r = await t.request({ method: 'POST', url: `/api/v1/feedback/${c.id}/attachments?purpose=answer`, token: tokens.specialist, ...fake });
    assert.equal(r.statusCode, 400);
    assert.equal(r.json().code, 'file_type_not_allowed');
    r = await req('GET', `/api/v1/feedback/${c.id}/attachments/${att.id}`, tokens.specialist);
    assert.equal(r.statusCode, 200);
    assert.ok(r.rawPayload.subarray(0, 5).equals(Buffer.from('%PDF-')));
    r = await t.request({ method: 'POST', url: `/api/v1/feedback/${c.id}/attachments?purpose=answer`, token: tokens.otherSpecialist, ...ok });
    assert.equal(r.statusCode, 403);
  });
});

describe('access', () => {
  test('the queue: anonymous 401, citizen 403, staff see only their agency’s items', async () => {
    assert.equal((await req('GET', '/api/v1/feedback')).statusCode, 401);
    assert.equal((await req('GET', '/api/v1/feedback', tokens.citizen)).statusCode, 403);
    assert.equal((await req('GET', '/api/v1/feedback', tokens.catalog_manager)).statusCode, 403);
    const all = (await req('GET', '/api/v1/feedback?limit=500', tokens.provincial_office)).json();
    const mine = (await req('GET', '/api/v1/feedback?limit=500', tokens.otherSpecialist)).json();
    const justice = (await req('GET', '/api/v1/feedback?limit=500', tokens.specialist)).json();
    assert.ok(all.total > justice.total);
    assert.equal(mine.total, 0, 'nothing was forwarded to Sở Y tế');
    assert.ok(justice.items.every((f: { agency: { name: string } | null }) => f.agency?.name === 'Sở Tư pháp tỉnh Thanh Hóa'));
  });

  test('classification: a one-stop officer cannot classify what the provincial office received (403)', async () => {
    const c = await submit();
    const d = await detail(c.id);
    const r = await req('POST', `/api/v1/feedback/${c.id}/classify`, tokens.one_stop_officer, {
      decision: 'forward',
      topic: 'regulation',
      agencyId: JUSTICE(),
      version: d.version,
    });
    assert.equal(r.statusCode, 403, r.body);
  });

  test('stats: leaders only; a unit leader cannot ask for another agency', async () => {
    const q = '/api/v1/feedback/stats?from=2020-01-01&to=2099-12-31';
    assert.equal((await req('GET', q)).statusCode, 401);
    assert.equal((await req('GET', q, tokens.specialist)).statusCode, 403);
    assert.equal((await req('GET', `${q}&agencyId=${agencies['Sở Y tế tỉnh Thanh Hóa']}`, tokens.unit_leader)).statusCode, 403);
    assert.equal((await req('GET', '/api/v1/feedback/stats?from=2026-02-01&to=2026-01-01', tokens.provincial_office)).statusCode, 400);
  });

  test('my feedback: a logged-in citizen sees what they sent', async () => {
    const r = await req('POST', '/api/v1/feedback', tokens.citizen, {
      content: 'Đề nghị bổ sung hướng dẫn nộp hồ sơ trực tuyến cho người cao tuổi.',
      name: 'Lê Văn An',
      email: 'an@example.vn',
    });
    assert.equal(r.statusCode, 201);
    const mine = (await req('GET', '/api/v1/feedback/mine', tokens.citizen)).json();
    assert.ok(mine.items.some((f: { code: string }) => f.code === r.json().code));
  });

  test('admin manages categories and Open311 keys; others 403', async () => {
    const body = { code: 'TEST-CAT', name: 'Phản ánh thử nghiệm', agencyId: JUSTICE(), topic: 'regulation' };
    assert.equal((await req('POST', '/api/v1/feedback/categories', tokens.provincial_office, body)).statusCode, 403);
    let r = await req('POST', '/api/v1/feedback/categories', tokens.admin, body);
    assert.equal(r.statusCode, 201, r.body);
    r = await req('POST', '/api/v1/feedback/categories', tokens.admin, body);
    assert.equal(r.statusCode, 409);
    r = await req('POST', '/api/v1/feedback/open311-keys', tokens.admin, { name: 'Ứng dụng Thanh Hóa Online' });
    assert.equal(r.statusCode, 201);
    assert.ok(r.json().key.length >= 24);
    const keys = (await req('GET', '/api/v1/feedback/open311-keys', tokens.admin)).json();
    assert.ok(!JSON.stringify(keys).includes(r.json().key), 'only a hash is stored');
  });
});

describe('statistics', () => {
  test('counts by agency and status, with the on-time rate', async () => {
    const r = await req('GET', '/api/v1/feedback/stats?from=2020-01-01&to=2099-12-31', tokens.provincial_office);
    assert.equal(r.statusCode, 200, r.body);
    const s = r.json();
    const sum = (o: Record<string, number>) => Object.values(o).reduce((a, b) => a + b, 0);
    assert.equal(sum(s.total.byStatus), s.total.total);
    assert.equal(s.total.total, await count('feedback'));
    assert.equal(
      s.byAgency.reduce((a: number, b: { total: number }) => a + b.total, 0),
      s.total.total,
    );
    const justice = s.byAgency.find((a: { agency: { name: string } }) => a.agency.name === 'Sở Tư pháp tỉnh Thanh Hóa');
    assert.ok(justice.onTime + justice.inTime > 0);
    assert.equal(justice.onTimeRate, 100, 'nothing is late in a fresh database');
    assert.ok(s.byChannel.web > 0);
  });
});

describe('XLSX export of the queue (issue 23)', () => {
  test('the list with its filters: typed cells, a frozen header, widths; the same access as the list', async () => {
    const list = (await req('GET', '/api/v1/feedback?status=received,forwarded&limit=500', tokens.provincial_office)).json();
    assert.ok(list.total > 0);
    const r = await req('GET', '/api/v1/feedback/export.xlsx?status=received,forwarded', tokens.provincial_office);
    assert.equal(r.statusCode, 200, r.body);
    assert.match(String(r.headers['content-type']), /spreadsheetml/);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(r.rawPayload as unknown as ArrayBuffer);
    const ws = wb.worksheets[0];
    const head = (ws.views[0] as { ySplit?: number } | undefined)?.ySplit ?? 0;
    assert.equal(ws.views[0]?.state, 'frozen');
    assert.equal(ws.getRow(head).getCell(2).value, 'Mã phản ánh');
    for (let c = 1; c <= 14; c++) assert.ok((ws.getColumn(c).width ?? 0) > 0, `column ${c} has a width`);
    const rows: ExcelJS.Row[] = [];
    ws.eachRow((row, n) => {
      if (n > head) rows.push(row);
    });
    assert.equal(rows.length, list.total, 'one row per listed item');
    assert.deepEqual(rows.map((row) => row.getCell(2).value).sort(), list.items.map((f: { code: string }) => f.code).sort());
    assert.ok(
      rows.every((row, i) => row.getCell(1).value === i + 1),
      'row numbers are numbers',
    );
    assert.ok(
      rows.every((row) => row.getCell(3).value instanceof Date),
      'reception times are dates',
    );
    assert.equal(ws.getColumn(3).numFmt, 'dd/mm/yyyy hh:mm');
    // Vietnam wall-clock time: the first item's reception as the list shows it (vnIso).
    const first = list.items.find((f: { code: string }) => f.code === rows[0].getCell(2).value);
    const shown = rows[0].getCell(3).value as Date;
    assert.equal(shown.toISOString().slice(0, 16), first.receivedAt.slice(0, 16));
    assert.equal((await req('GET', '/api/v1/feedback/export.xlsx')).statusCode, 401);
    assert.equal((await req('GET', '/api/v1/feedback/export.xlsx', tokens.citizen)).statusCode, 403);
    assert.equal((await req('GET', '/api/v1/feedback/export.xlsx?status=nonsense', tokens.provincial_office)).statusCode, 400);
  });
});

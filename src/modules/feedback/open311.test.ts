/**
 * Open311 GeoReport v2 conformance: every JSON endpoint validated against the official JSON
 * Schemas (fixtures/open311, from open311/schema-validation) and the swagger definitions;
 * every XML answer parsed back (well-formed) and compared with the JSON; errors in Open311's
 * format; a malformed POST creates nothing.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { Ajv, type ValidateFunction } from 'ajv';
import addFormatsModule from 'ajv-formats';
import { sql } from 'kysely';
import { startTestApp, type TestApp } from '../../test/harness.js';
import { DEMO_OPEN311_KEY } from './feedback.seed.js';
import { OPEN311_ITEMS, escapeXml, toXml } from './open311.xml.js';
import { asXmlText, parseXml, xmlValue } from './xml.testutil.js';

type AddFormats = (ajv: Ajv) => Ajv;
const addFormats = ((addFormatsModule as unknown as { default?: AddFormats }).default ?? addFormatsModule) as unknown as AddFormats;

const DIR = new URL('./fixtures/open311/', import.meta.url);
const schema = (f: string) => JSON.parse(readFileSync(new URL(f, DIR), 'utf8')) as Record<string, unknown>;

const ajv = new Ajv({ strict: false, allErrors: true });
addFormats(ajv);
ajv.addFormat('uid', true);
ajv.addSchema(schema('request.json'), 'request.json');
ajv.addSchema(schema('service.json'), 'service.json');
const V = {
  services: ajv.compile(schema('services.json')),
  definition: ajv.compile(schema('service-definition.json')),
  requests: ajv.compile(schema('requests.json')),
  postResponse: ajv.compile({
    type: 'array',
    minItems: 1,
    items: { ...(schema('swagger.json').definitions as Record<string, object>).RequestResponse, required: ['service_request_id'] },
  }),
  tokenResponse: ajv.compile({
    type: 'array',
    minItems: 1,
    items: { ...(schema('swagger.json').definitions as Record<string, object>).TokenResponse, required: ['service_request_id', 'token'] },
  }),
  errors: ajv.compile({
    type: 'array',
    minItems: 1,
    items: {
      type: 'object',
      required: ['code', 'description'],
      additionalProperties: false,
      properties: { code: { type: 'integer' }, description: { type: 'string', minLength: 1 } },
    },
  }),
};

function valid(v: ValidateFunction, data: unknown, what: string): void {
  assert.ok(v(data), `${what}: ${ajv.errorsText(v.errors)}\n${JSON.stringify(data).slice(0, 500)}`);
}

let t: TestApp;
before(async () => {
  t = await startTestApp();
});
after(async () => {
  await t.close();
});

/** The request posted with a location and a photo (set by the XML POST test). */
let located = '';
const count = async () => (await sql<{ n: number }>`SELECT count(*)::int AS n FROM feedback`.execute(t.database.db)).rows[0].n;
const get = (url: string) => t.request({ method: 'GET', url });
const postForm = (url: string, form: Record<string, string>) =>
  t.request({ method: 'POST', url, payload: new URLSearchParams(form).toString(), headers: { 'content-type': 'application/x-www-form-urlencoded' } });

/** Fetches the .json and the .xml of a path, checks both, and returns the JSON. */
async function both(path: string, root: string, validate: ValidateFunction, what: string): Promise<unknown> {
  const j = await get(`/open311/v2/${path.replace('{f}', 'json')}`);
  assert.equal(j.statusCode, 200, j.body);
  assert.match(j.headers['content-type'] as string, /application\/json/);
  const data = j.json();
  valid(validate, data, what);
  const x = await get(`/open311/v2/${path.replace('{f}', 'xml')}`);
  assert.equal(x.statusCode, 200, x.body);
  assert.match(x.headers['content-type'] as string, /text\/xml/);
  const tree = parseXml(x.body);
  assert.equal(tree.name, root);
  assert.deepEqual(xmlValue(tree, OPEN311_ITEMS), asXmlText(data), `${what}: the XML carries the JSON's content`);
  return data;
}

let created: { service_request_id: string; token: string };

describe('the XML serializer', () => {
  test('escapes & < > " \' and drops characters XML forbids; the output parses back', () => {
    assert.equal(escapeXml(`a&b<c>d"e'f\u0001`), 'a&amp;b&lt;c&gt;d&quot;e&apos;f');
    const doc = toXml('service_requests', [{ description: 'Ký tự <đặc biệt> & "trích dẫn" \'đơn\'', lat: 19.8, ok: true, none: null }], OPEN311_ITEMS);
    assert.deepEqual(xmlValue(parseXml(doc), OPEN311_ITEMS), [{ description: 'Ký tự <đặc biệt> & "trích dẫn" \'đơn\'', lat: '19.8', ok: 'true', none: null }]);
    assert.throws(() => parseXml('<a><b></a></b>'), /mismatched/);
    assert.throws(() => parseXml('<a>x & y</a>'), /bare &/);
    assert.throws(() => toXml('bad name', 'x'), /invalid XML element name/);
  });
});

describe('Open311 GeoReport v2 endpoints', () => {
  test('discovery lists the v2 endpoint in JSON and XML', async () => {
    const j = (await get('/open311/v2/discovery.json')).json();
    assert.equal(j.endpoints[0].specification, 'http://wiki.open311.org/GeoReport_v2');
    assert.deepEqual(j.endpoints[0].formats, ['application/json', 'text/xml']);
    const x = await get('/open311/v2/discovery.xml');
    assert.deepEqual(xmlValue(parseXml(x.body), OPEN311_ITEMS), asXmlText(j));
  });

  test('services: the general service and the demo agencies’ categories (schema services.json)', async () => {
    const services = (await both('services.{f}', 'services', V.services, 'services')) as {
      service_code: string;
      metadata: boolean;
      type: string;
      group: string;
    }[];
    assert.equal(services[0].service_code, 'PAKN');
    assert.ok(services.length > 3 * 10, 'three topics for each demo department and commune');
    const justice = services
      .filter((s) => s.group === 'Sở Tư pháp tỉnh Thanh Hóa')
      .map((s) => s.service_code)
      .sort();
    assert.deepEqual(justice, ['H56-03-CB', 'H56-03-QD', 'H56-03-TTHC']);
    assert.ok(services.every((s) => s.type === 'realtime'));
  });

  test('service definition with attributes (schema service-definition.json); unknown code → 404 in Open311 format', async () => {
    const def = (await both('services/H56-03-CB.{f}', 'service_definition', V.definition, 'definition')) as {
      attributes: { code: string; datatype: string; values: unknown[] }[];
    };
    assert.equal(def.attributes[0].code, 'hanh_vi');
    assert.equal(def.attributes[0].datatype, 'singlevaluelist');
    assert.ok(def.attributes[0].values.length >= 4);
    await both('services/PAKN.{f}', 'service_definition', V.definition, 'general definition');
    const r = await get('/open311/v2/services/KHONG-CO.json');
    assert.equal(r.statusCode, 404);
    valid(V.errors, r.json(), '404');
    assert.equal(r.json()[0].code, 404);
  });

  test('POST requests without a key, or with a wrong key, is 403 in Open311’s error format (JSON and XML) and creates nothing', async () => {
    const n = await count();
    const form = { service_code: 'H56-03-TTHC', description: 'Hồ sơ của tôi bị trễ hẹn mà không có thông báo.', email: 'dan@example.vn' };
    for (const [url, key] of [
      ['/open311/v2/requests.json', undefined],
      ['/open311/v2/requests.json', 'sai-khoa'],
      ['/open311/v2/requests.xml', 'sai-khoa'],
    ] as const) {
      const r = await postForm(url, key ? { ...form, api_key: key } : form);
      assert.equal(r.statusCode, 403, r.body);
      if (url.endsWith('.json')) {
        valid(V.errors, r.json(), '403');
        assert.equal(r.json()[0].code, 403);
      } else {
        const e = xmlValue(parseXml(r.body), OPEN311_ITEMS) as { code: string; description: string }[];
        assert.equal(e[0].code, '403');
        assert.ok(e[0].description.length > 5);
      }
    }
    assert.equal(await count(), n);
  });

  const malformed: [string, Record<string, string>][] = [
    ['no description', { email: 'dan@example.vn' }],
    ['no contact', { description: 'Nội dung phản ánh đầy đủ.' }],
    ['a bad e-mail', { description: 'Nội dung phản ánh đầy đủ.', email: 'khong-phai-email' }],
    ['lat without long', { description: 'Nội dung phản ánh đầy đủ.', email: 'dan@example.vn', lat: '19.8' }],
    ['lat out of range', { description: 'Nội dung phản ánh đầy đủ.', email: 'dan@example.vn', lat: '190', long: '105' }],
    ['an unknown service_code', { description: 'Nội dung phản ánh đầy đủ.', email: 'dan@example.vn', service_code: 'KHONG-CO' }],
    [
      'an attribute outside its list',
      { description: 'Nội dung phản ánh đầy đủ.', email: 'dan@example.vn', service_code: 'H56-03-CB', 'attribute[hanh_vi]': 'xyz' },
    ],
    ['a media_url that is not http(s)', { description: 'Nội dung phản ánh đầy đủ.', email: 'dan@example.vn', media_url: 'javascript:alert(1)' }],
  ];
  for (const [name, form] of malformed) {
    test(`a malformed POST (${name}) → 400 in Open311 format, nothing created`, async () => {
      const n = await count();
      const r = await postForm('/open311/v2/requests.json', { api_key: DEMO_OPEN311_KEY, ...form });
      assert.equal(r.statusCode, 400, r.body);
      valid(V.errors, r.json(), name);
      assert.equal(r.json()[0].code, 400);
      assert.equal(await count(), n);
    });
  }

  test('a malformed JSON body is 400 in Open311 format too', async () => {
    const r = await t.request({
      method: 'POST',
      url: '/open311/v2/requests.json?api_key=' + DEMO_OPEN311_KEY,
      payload: '{"description":',
      headers: { 'content-type': 'application/json' },
    });
    assert.equal(r.statusCode, 400);
    valid(V.errors, r.json(), 'bad json');
  });

  test('POST requests with only a description and a contact is accepted (form-urlencoded, the demo key)', async () => {
    const n = await count();
    const r = await postForm('/open311/v2/requests.json', {
      api_key: DEMO_OPEN311_KEY,
      description: 'Cán bộ yêu cầu photo công chứng giấy tờ đã có trên VNeID.',
      email: 'nguoidan@example.vn',
    });
    assert.equal(r.statusCode, 200, r.body);
    valid(V.postResponse, r.json(), 'post response');
    created = r.json()[0];
    assert.match(created.service_request_id, /^PAKN-\d{4}-\d{6}$/);
    assert.match(created.token, /^[0-9a-f]{32}$/);
    assert.equal(await count(), n + 1);
  });

  test('POST with a service, attributes, a location and a name, in XML', async () => {
    const r = await postForm('/open311/v2/requests.xml', {
      api_key: DEMO_OPEN311_KEY,
      service_code: 'H56-03-CB',
      description: 'Cán bộ tiếp nhận yêu cầu nộp thêm giấy tờ ngoài danh mục.',
      first_name: 'Bình',
      last_name: 'Nguyễn Thanh',
      phone: '0915 123 456',
      lat: '19.8067',
      long: '105.7852',
      address_string: '25 Đại lộ Lê Lợi, phường Hạc Thành',
      'attribute[hanh_vi]': 'yeu_cau_giay_to',
      media_url: 'https://anh.example.vn/quay-tiep-nhan.jpg',
    });
    assert.equal(r.statusCode, 200, r.body);
    const v = xmlValue(parseXml(r.body), OPEN311_ITEMS) as { service_request_id: string; token: string }[];
    assert.match(v[0].service_request_id, /^PAKN-/);
    const one = (await both(`requests/${v[0].service_request_id}.{f}`, 'service_requests', V.requests, 'one request')) as Record<string, unknown>[];
    assert.equal(one[0].service_code, 'H56-03-CB');
    // Not yet moderated: no description, no location, no address, no media (issue 23).
    assert.equal(one[0].description, null);
    assert.equal(one[0].lat, null);
    assert.equal(one[0].long, null);
    assert.equal(one[0].address, null);
    assert.equal(one[0].media_url, null);
    assert.equal(one[0].status, 'open');
    located = v[0].service_request_id;
    const list = (await get('/open311/v2/requests.json?status=open')).json() as Record<string, unknown>[];
    const inList = list.find((x) => x.service_request_id === located);
    assert.ok(inList, 'the new request is listed');
    assert.deepEqual([inList.description, inList.lat, inList.long, inList.address, inList.media_url], [null, null, null, null, null]);
    const listBody = (await get('/open311/v2/requests.json?status=open')).body;
    assert.ok(!listBody.includes('19.8') && !listBody.includes('quay-tiep-nhan'), 'no coordinate and no media of the unmoderated request in the list');
    const { rows } = await sql<{
      submitter_name: string;
      submitter_phone: string;
      attributes: Record<string, string>;
    }>`SELECT submitter_name, submitter_phone, attributes FROM feedback WHERE code = ${v[0].service_request_id}`.execute(t.database.db);
    assert.deepEqual(rows[0], { submitter_name: 'Nguyễn Thanh Bình', submitter_phone: '0915123456', attributes: { hanh_vi: 'yeu_cau_giay_to' } });
  });

  test('GET requests/{id} and tokens/{token} (schemas requests.json and TokenResponse); no personal data', async () => {
    const one = (await both(`requests/${created.service_request_id}.{f}`, 'service_requests', V.requests, 'one')) as Record<string, unknown>[];
    assert.equal(one.length, 1);
    assert.equal(one[0].service_request_id, created.service_request_id);
    assert.equal(one[0].service_code, 'PAKN');
    assert.equal(one[0].description, null, 'unpublished text is not public');
    const body = (await get(`/open311/v2/requests/${created.service_request_id}.json`)).body;
    assert.ok(!body.includes('nguoidan@example.vn'));
    const tok = (await both(`tokens/${created.token}.{f}`, 'service_requests', V.tokenResponse, 'token')) as { service_request_id: string }[];
    assert.equal(tok[0].service_request_id, created.service_request_id);
    assert.equal((await get('/open311/v2/tokens/00000000000000000000000000000000.json')).statusCode, 404);
    assert.equal((await get('/open311/v2/requests/PAKN-1999-000001.xml')).statusCode, 404);
  });

  test('GET requests with filters: status, service_code, service_request_id list, date range', async () => {
    const all = (await both('requests.{f}', 'service_requests', V.requests, 'list')) as { service_request_id: string; status: string; service_code: string }[];
    assert.ok(all.length >= 5, 'the demo items and the posted ones');
    assert.ok(
      all.some((r) => r.status === 'closed'),
      'the published demo item is closed',
    );
    const open = (await both('requests.{f}?status=open', 'service_requests', V.requests, 'open')) as { status: string }[];
    assert.ok(open.length > 0 && open.every((r) => r.status === 'open'));
    const closed = (await get('/open311/v2/requests.json?status=closed')).json() as { status: string; status_notes: string; description: string }[];
    assert.ok(closed.every((r) => r.status === 'closed'));
    assert.ok(
      closed.some((r) => r.status_notes?.startsWith('Sở Tư pháp tiếp thu') && r.description?.length > 10),
      'the published answer is the status note',
    );
    // PAKN, the general service, is every request without a category (issue 23: it returned none).
    const general = all
      .filter((r) => r.service_code === 'PAKN')
      .map((r) => r.service_request_id)
      .sort();
    assert.ok(general.length >= 2, 'demo and posted requests without a category');
    const pakn = (await both('requests.{f}?service_code=PAKN', 'service_requests', V.requests, 'PAKN')) as {
      service_request_id: string;
      service_code: string;
    }[];
    assert.deepEqual(pakn.map((r) => r.service_request_id).sort(), general);
    const cb = (await get('/open311/v2/requests.json?service_code=H56-03-CB')).json() as { service_code: string }[];
    assert.ok(cb.length >= 1 && cb.every((r) => r.service_code === 'H56-03-CB'));
    const ids = all.slice(0, 2).map((r) => r.service_request_id);
    const some = (await get(`/open311/v2/requests.json?service_request_id=${ids.join(',')}`)).json() as { service_request_id: string }[];
    assert.deepEqual(some.map((r) => r.service_request_id).sort(), [...ids].sort());
    const none = (await get('/open311/v2/requests.json?start_date=2001-01-01T00:00:00Z&end_date=2001-12-31T00:00:00Z')).json();
    assert.deepEqual(none, []);
    const emptyXml = await get('/open311/v2/requests.xml?start_date=2001-01-01T00:00:00Z&end_date=2001-12-31T00:00:00Z');
    assert.deepEqual(xmlValue(parseXml(emptyXml.body), OPEN311_ITEMS), []);
    for (const bad of ['status=pending', 'start_date=hom-qua', 'start_date=2026-02-01T00:00:00Z&end_date=2026-01-01T00:00:00Z']) {
      const r = await get(`/open311/v2/requests.json?${bad}`);
      assert.equal(r.statusCode, 400, bad);
      valid(V.errors, r.json(), bad);
    }
  });

  test('a foreign jurisdiction_id is 404; ours is accepted', async () => {
    const r = await get('/open311/v2/services.json?jurisdiction_id=sfgov.org');
    assert.equal(r.statusCode, 404);
    valid(V.errors, r.json(), 'jurisdiction');
    assert.equal((await get('/open311/v2/services.json?jurisdiction_id=motcua-38')).statusCode, 200);
  });

  test('a request updated by the agency shows in Open311: answered → closed with a neutral note, then the published answer', async () => {
    const login = (u: string) => t.login(u);
    const office = await login('provincial_office');
    const specialist = await login('specialist');
    const { rows } = await sql<{ id: string }>`SELECT id FROM feedback WHERE code = ${created.service_request_id}`.execute(t.database.db);
    const id = rows[0].id;
    const justice = (await t.request({ method: 'GET', url: '/api/v1/auth/me', token: specialist })).json().user.agency.id;
    let d = (
      await t.request({
        method: 'POST',
        url: `/api/v1/feedback/${id}/classify`,
        token: office,
        body: { decision: 'forward', topic: 'procedure_handling', agencyId: justice, version: 1 },
      })
    ).json();
    let one = (await get(`/open311/v2/requests/${created.service_request_id}.json`)).json()[0];
    assert.equal(one.agency_responsible, 'Sở Tư pháp tỉnh Thanh Hóa');
    assert.equal(one.expected_datetime, d.handleDueAt);
    d = (
      await t.request({
        method: 'POST',
        url: `/api/v1/feedback/${id}/answer`,
        token: specialist,
        body: { answerStatus: 'accepted', text: 'Sở đã chấn chỉnh: không yêu cầu bản sao giấy tờ đã có trên VNeID.', version: d.version },
      })
    ).json();
    one = (await get(`/open311/v2/requests/${created.service_request_id}.json`)).json()[0];
    assert.equal(one.status, 'closed');
    assert.match(one.status_notes, /kiểm duyệt/);
    await t.request({
      method: 'POST',
      url: `/api/v1/feedback/${id}/publish`,
      token: office,
      body: { publicSummary: 'Phản ánh yêu cầu bản sao giấy tờ đã có trên VNeID.', publicAnswer: d.answerText, version: d.version },
    });
    one = await both(`requests/${created.service_request_id}.{f}`, 'service_requests', V.requests, 'published');
    assert.equal((one as { status_notes: string }[])[0].status_notes, d.answerText);
  });

  test('once published (moderated), a request shows its exact location, address and media', async () => {
    const office = await t.login('provincial_office');
    const specialist = await t.login('specialist');
    const { rows } = await sql<{ id: string }>`SELECT id FROM feedback WHERE code = ${located}`.execute(t.database.db);
    const id = rows[0].id;
    const justice = (await t.request({ method: 'GET', url: '/api/v1/auth/me', token: specialist })).json().user.agency.id;
    let d = (
      await t.request({
        method: 'POST',
        url: `/api/v1/feedback/${id}/classify`,
        token: office,
        body: { decision: 'forward', topic: 'procedure_handling', agencyId: justice, version: 1 },
      })
    ).json();
    d = (
      await t.request({
        method: 'POST',
        url: `/api/v1/feedback/${id}/answer`,
        token: specialist,
        body: { answerStatus: 'accepted', text: 'Sở đã nhắc nhở cán bộ tiếp nhận.', version: d.version },
      })
    ).json();
    let one = (await get(`/open311/v2/requests/${located}.json`)).json()[0];
    assert.deepEqual(
      [one.description, one.lat, one.long, one.address, one.media_url],
      [null, null, null, null, null],
      'answered but not yet published: still withheld',
    );
    const p = await t.request({
      method: 'POST',
      url: `/api/v1/feedback/${id}/publish`,
      token: office,
      body: { publicSummary: 'Phản ánh cán bộ yêu cầu thêm giấy tờ.', publicAnswer: d.answerText, version: d.version },
    });
    assert.equal(p.statusCode, 200, p.body);
    one = ((await both(`requests/${located}.{f}`, 'service_requests', V.requests, 'published with location')) as Record<string, unknown>[])[0];
    assert.deepEqual(
      [one.lat, one.long, one.address, one.media_url],
      [19.8067, 105.7852, '25 Đại lộ Lê Lợi, phường Hạc Thành', 'https://anh.example.vn/quay-tiep-nhan.jpg'],
    );
  });
});

describe('standard clients over real HTTP (issue 23)', () => {
  let base = '';
  before(async () => {
    await t.app.listen({ port: 0, host: '127.0.0.1' });
    const addr = t.app.server.address();
    assert.ok(addr && typeof addr === 'object');
    base = `http://127.0.0.1:${addr.port}/open311/v2`;
  });

  /** A 1×1 PNG, the kind of photo a phone app attaches. */
  const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==', 'base64');
  const attachments = async (code: string) =>
    (
      await sql<{ purpose: string; content_type: string; size: number }>`SELECT a.purpose, a.content_type, octet_length(a.data)::int AS size
      FROM feedback_attachment a JOIN feedback f ON f.id = a.feedback_id WHERE f.code = ${code}`.execute(t.database.db)
    ).rows;

  test('a form-encoded client: unknown parameters (locale=vi) are ignored, the request is created', async () => {
    const n = await count();
    const r = await fetch(`${base}/requests.json`, {
      method: 'POST',
      body: new URLSearchParams({
        api_key: DEMO_OPEN311_KEY,
        locale: 'vi',
        device_type: 'android',
        description: 'Bộ phận một cửa không niêm yết lệ phí đầy đủ.',
        email: 'form@example.vn',
      }),
    });
    assert.equal(r.headers.get('content-type')?.startsWith('application/json'), true);
    assert.equal(r.status, 200, await r.clone().text());
    const body = (await r.json()) as unknown[];
    valid(V.postResponse, body, 'form post');
    assert.equal(await count(), n + 1);
  });

  test('a multipart client: api_key among the fields, a photo in "media" kept as the sender’s attachment', async () => {
    const n = await count();
    const form = new FormData();
    form.set('api_key', DEMO_OPEN311_KEY);
    form.set('locale', 'vi');
    form.set('service_code', 'H56-03-CB');
    form.set('attribute[hanh_vi]', 'yeu_cau_giay_to');
    form.set('description', 'Cán bộ yêu cầu nộp thêm bản sao không có trong danh mục.');
    form.set('phone', '0912 345 678');
    form.set('lat', '19.8067');
    form.set('long', '105.7852');
    form.set('media', new Blob([new Uint8Array(PNG)], { type: 'image/png' }), 'anh-quay.png');
    const r = await fetch(`${base}/requests.xml`, { method: 'POST', body: form });
    const text = await r.text();
    assert.equal(r.status, 200, text);
    const v = xmlValue(parseXml(text), OPEN311_ITEMS) as { service_request_id: string; token: string }[];
    assert.match(v[0].service_request_id, /^PAKN-/);
    assert.equal(await count(), n + 1);
    assert.deepEqual(await attachments(v[0].service_request_id), [{ purpose: 'submission', content_type: 'image/png', size: PNG.length }]);
    const one = (await (await fetch(`${base}/requests/${v[0].service_request_id}.json`)).json()) as Record<string, unknown>[];
    assert.deepEqual([one[0].service_code, one[0].lat, one[0].media_url], ['H56-03-CB', null, null], 'unmoderated: no location, no media');
  });

  test('multipart without api_key is 403; a photo that is not an image, or in another field, is 400; nothing created', async () => {
    const n = await count();
    const make = (fields: Record<string, string>, file?: [string, Buffer]) => {
      const f = new FormData();
      for (const [k, v] of Object.entries(fields)) f.set(k, v);
      if (file) f.set(file[0], new Blob([new Uint8Array(file[1])]), 'x.bin');
      return f;
    };
    const fields = { description: 'Nội dung phản ánh đầy đủ để hợp lệ.', email: 'mp@example.vn' };
    let r = await fetch(`${base}/requests.json`, { method: 'POST', body: make(fields, ['media', PNG]) });
    assert.equal(r.status, 403);
    valid(V.errors, await r.json(), 'no key');
    r = await fetch(`${base}/requests.json`, {
      method: 'POST',
      body: make({ ...fields, api_key: DEMO_OPEN311_KEY }, ['media', Buffer.from('<html>khong phai anh</html>')]),
    });
    assert.equal(r.status, 400);
    valid(V.errors, await r.json(), 'not an image');
    r = await fetch(`${base}/requests.json`, { method: 'POST', body: make({ ...fields, api_key: DEMO_OPEN311_KEY }, ['file', PNG]) });
    assert.equal(r.status, 400);
    valid(V.errors, await r.json(), 'other file field');
    assert.equal(await count(), n);
  });

  test('CORS: reads and keyed writes from another origin; the preflight allows GET and POST', async () => {
    const origin = { origin: 'https://widget.example.org' };
    const g = await fetch(`${base}/services.json`, { headers: origin });
    assert.equal(g.status, 200);
    assert.equal(g.headers.get('access-control-allow-origin'), '*');
    assert.equal(g.headers.get('cross-origin-resource-policy'), 'cross-origin');
    const pre = await fetch(`${base}/requests.json`, {
      method: 'OPTIONS',
      headers: { ...origin, 'access-control-request-method': 'POST', 'access-control-request-headers': 'content-type' },
    });
    assert.equal(pre.status, 204);
    assert.equal(pre.headers.get('access-control-allow-origin'), '*');
    assert.match(pre.headers.get('access-control-allow-methods') ?? '', /POST/);
    assert.match(pre.headers.get('access-control-allow-headers') ?? '', /content-type/i);
    const p = await fetch(`${base}/requests.json`, {
      method: 'POST',
      headers: { ...origin, 'content-type': 'application/x-www-form-urlencoded' },
      body: 'description=' + encodeURIComponent('Phản ánh gửi từ tiện ích trên trang khác.'),
    });
    assert.equal(p.status, 403, 'a write still needs its key');
    assert.equal(p.headers.get('access-control-allow-origin'), '*', 'the error is readable cross-origin');
    const staff = await fetch(base.replace('/open311/v2', '/api/v1/feedback'), { headers: origin });
    assert.equal(staff.headers.get('access-control-allow-origin'), null, 'the staff API stays same-origin');
  });
});

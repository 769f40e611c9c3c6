/**
 * The OpenAPI description (/openapi.json) as independent tools see it (issue 23): 0 errors with
 * Redocly's `recommended` ruleset (redocly.yaml) and with Spectral's `spectral:oas` ruleset
 * (.spectral.yaml); the warnings are printed. And what openapi.ts derives for every operation:
 * a unique operationId, its security, problem+json errors, a schema for each success response.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { lintFromString, loadConfig } from '@redocly/openapi-core';
import spectralCore from '@stoplight/spectral-core';
import { oas } from '@stoplight/spectral-rulesets';
import spectralParsers from '@stoplight/spectral-parsers';
import { startTestApp, type TestApp } from '../../test/harness.js';
import { fromRoot } from '../paths.js';
import { deriveOperationId } from './openapi.js';

type Json = Record<string, unknown>;
type Op = Json & { operationId?: string; security?: unknown[]; responses: Record<string, Json & { content?: Record<string, { schema?: Json }> }> };

let t: TestApp;
let source: string;
let doc: { paths: Record<string, Record<string, Op>>; servers?: { url: string }[]; components: { schemas: Json } };
const METHODS = ['get', 'put', 'post', 'delete', 'patch'];
const operations = () => Object.entries(doc.paths).flatMap(([path, item]) => METHODS.filter((m) => item[m]).map((m) => ({ path, method: m, op: item[m] })));

before(async () => {
  t = await startTestApp();
  const r = await t.request({ method: 'GET', url: '/openapi.json' });
  assert.equal(r.statusCode, 200);
  source = r.body;
  doc = JSON.parse(source);
});
after(async () => {
  await t.close();
});

const tally = (keys: string[]) =>
  Object.entries(keys.reduce<Record<string, number>>((acc, k) => ({ ...acc, [k]: (acc[k] ?? 0) + 1 }), {}))
    .map(([k, n]) => `${k}: ${n}`)
    .join(', ');

describe('independent linters', () => {
  test("Redocly's recommended ruleset (redocly.yaml): 0 errors", async () => {
    const config = await loadConfig({ configPath: fromRoot('redocly.yaml') });
    const problems = await lintFromString({ source, absoluteRef: fromRoot('openapi.json'), config });
    const errors = problems.filter((p) => p.severity === 'error');
    const warnings = problems.filter((p) => p.severity === 'warn');
    console.log(`Redocly: ${errors.length} errors, ${warnings.length} warnings (${tally(warnings.map((w) => w.ruleId))})`);
    assert.deepEqual(
      errors.map((e) => `${e.ruleId}: ${e.message} at ${e.location[0]?.pointer}`),
      [],
    );
  });

  test("Spectral's spectral:oas ruleset (.spectral.yaml): 0 errors", async () => {
    const cfg = JSON.parse(readFileSync(fromRoot('.spectral.yaml'), 'utf8')) as { extends: [string, string][]; rules: Json };
    assert.deepEqual(cfg.extends, [['spectral:oas', 'recommended']], 'the test knows this ruleset');
    const spectral = new spectralCore.Spectral();
    spectral.setRuleset({ extends: [[oas, 'recommended']], rules: cfg.rules } as never);
    const results = await spectral.run(new spectralCore.Document(source, spectralParsers.Json));
    const errors = results.filter((r) => r.severity === 0);
    const warnings = results.filter((r) => r.severity === 1);
    console.log(`Spectral: ${errors.length} errors, ${warnings.length} warnings (${tally(warnings.map((w) => String(w.code)))})`);
    assert.deepEqual(
      errors.map((e) => `${e.code}: ${e.message} at ${e.path.join('.')}`),
      [],
    );
  });
});

describe('derived for every operation', () => {
  test('a unique operationId, the derived one unless the route declares its own', () => {
    const seen = new Map<string, string>();
    for (const { path, method, op } of operations()) {
      assert.ok(op.operationId, `${method} ${path} has an operationId`);
      const where = `${method.toUpperCase()} ${path}`;
      assert.ok(!seen.has(op.operationId!), `operationId ${op.operationId} of ${where} is also ${seen.get(op.operationId!)}`);
      seen.set(op.operationId!, where);
    }
    assert.ok(seen.size > 200);
  });

  test('the operationId depends on the method and path only (stable when routes move)', () => {
    assert.equal(deriveOperationId('get', '/api/v1/dossiers/{id}/files/{fileId}'), 'getDossiersByIdFilesByFileId');
    assert.equal(deriveOperationId('post', '/open311/v2/requests.json'), 'postOpen311V2RequestsJson');
    assert.equal(deriveOperationId('get', '/api/health'), 'getHealth');
    assert.equal(doc.paths['/api/v1/auth/login'].post.operationId, 'postAuthLogin');
  });

  test('security: none on public operations, bearer or cookie on the others, matching the route table', () => {
    const access = new Map(t.app.routeTable.map((r) => [`${r.method.toLowerCase()} ${r.url.replace(/:([A-Za-z0-9_]+)/g, '{$1}')}`, r.access]));
    let checked = 0;
    for (const { path, method, op } of operations()) {
      const a = access.get(`${method} ${path}`);
      if (a === undefined) continue; // outside /api and /open311 (none documented today)
      checked++;
      if (a === 'public') assert.deepEqual(op.security, [], `${method} ${path} is public`);
      else assert.deepEqual(op.security, [{ bearer: [] }, { cookie: [] }], `${method} ${path} needs a login`);
    }
    assert.equal(checked, operations().length, 'every documented operation is in the route table');
    assert.deepEqual(doc.paths['/api/v1/dossiers'].get.security, [{ bearer: [] }, { cookie: [] }]);
    assert.deepEqual(doc.paths['/api/v1/auth/login'].post.security, []);
  });

  test('no operation lacks a success schema: every 2xx but 204 documents its content and schema', () => {
    const without = operations()
      .filter(({ op }) => Object.entries(op.responses).some(([s, r]) => /^2/.test(s) && s !== '204' && !Object.values(r.content ?? {}).some((m) => m.schema)))
      .map(({ path, method }) => `${method.toUpperCase()} ${path}`)
      .sort();
    assert.deepEqual(without, [], 'operations without a success schema');
    // File downloads are binary; Open311 answers JSON or XML.
    const pdf = doc.paths['/api/v1/dossiers/{id}/documents/{kind}'].get.responses['200'].content;
    assert.deepEqual(pdf?.['application/pdf']?.schema, { type: 'string', format: 'binary' });
    const o311 = doc.paths['/open311/v2/requests/{file}'].get.responses['200'].content;
    assert.deepEqual(Object.keys(o311 ?? {}).sort(), ['application/json', 'text/xml']);
  });

  test('problem+json errors with their codes, and a servers entry', () => {
    assert.ok(doc.servers?.length && doc.servers[0].url.startsWith('http'));
    assert.ok(doc.components.schemas.Problem);
    for (const { path, method, op } of operations()) {
      // Open311 answers errors in its own format (a list of code and description).
      const problem = (s: string) => op.responses[s]?.content?.[path.startsWith('/open311/') ? 'application/json' : 'application/problem+json']?.schema;
      assert.ok(problem('default'), `${method} ${path} documents other errors`);
      if (op.security?.length) {
        if (!path.startsWith('/open311/')) assert.match(String(op.responses['401']?.description), /unauthenticated/, `${method} ${path} 401`);
        assert.ok(problem('403'), `${method} ${path} 403`);
      }
      if (path.includes('{')) assert.ok(problem('404'), `${method} ${path} 404`);
    }
    const create = doc.paths['/api/v1/dossiers'].post;
    assert.match(String(create.responses['400'].description), /validation_failed/);
    assert.match(String(create.responses['403'].description), /csrf_required/);
  });
});

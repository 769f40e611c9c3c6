import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fromRoot } from './paths.js';
import { ERROR_CODES, errorCodeList, isErrorCode, statusesOf } from './error-codes.js';

/**
 * The catalogue (error-codes.ts) against the source: the compiler already refuses an unknown code
 * given to badRequest/conflict/unprocessable/AppError; this walk also checks the STATUS each code
 * is thrown with, and the codes that reach AppError through a variable (the dossier rules' refusal
 * table, the payment callback verdicts) or are declared in a route's `config.problems`.
 */
function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) return sources(p);
    return e.name.endsWith('.ts') && !e.name.endsWith('.test.ts') && !e.name.endsWith('.d.ts') ? [p] : [];
  });
}

const HELPER_STATUS: Record<string, number> = { badRequest: 400, conflict: 409, unprocessable: 422 };

/** Every (code, status) the source throws or declares, with where. */
function thrown(): { code: string; status: number; where: string }[] {
  const out: { code: string; status: number; where: string }[] = [];
  for (const file of sources(fromRoot('src'))) {
    const text = readFileSync(file, 'utf8');
    const where = path.relative(fromRoot(), file);
    const at = (i: number) => `${where}:${text.slice(0, i).split('\n').length}`;
    // badRequest('code', …), conflict(cond ? 'a' : 'b', …): every literal of the first argument.
    for (const m of text.matchAll(/\b(badRequest|conflict|unprocessable)\(((?:[^,()'`]|'[^']*'|\([^()]*\))*)/g)) {
      for (const c of m[2].matchAll(/'([a-z][a-z0-9_]*)'/g)) out.push({ code: c[1], status: HELPER_STATUS[m[1]], where: at(m.index) });
    }
    for (const m of text.matchAll(/new AppError\(\s*(\d{3}),\s*'([a-z0-9_]+)'/g)) out.push({ code: m[2], status: Number(m[1]), where: at(m.index) });
    // Refusals carried as data: `{ …, code: 'x', status: 409 }` and the dossier rules' `HTTP` table.
    for (const m of text.matchAll(/code: '([a-z_]+)', status: (\d{3})/g)) out.push({ code: m[1], status: Number(m[2]), where: at(m.index) });
    const table = /const HTTP: Readonly<Record<FailureCode[^=]*= \{([\s\S]*?)\n\};/.exec(text);
    if (table) for (const m of table[1].matchAll(/(\w+): (\d{3})/g)) out.push({ code: m[1], status: Number(m[2]), where: `${where} (HTTP table)` });
    // Routes' `config.problems: { 422: ['a', 'b'] }` (documented in OpenAPI).
    for (const p of text.matchAll(/problems:\s*\{([^}]*)\}/g)) {
      for (const s of p[1].matchAll(/(\d{3}):\s*\[([^\]]*)\]/g))
        for (const c of s[2].matchAll(/'([a-z0-9_]+)'/g)) out.push({ code: c[1], status: Number(s[1]), where: at(p.index) });
    }
  }
  return out;
}

describe('error-code catalogue', () => {
  test('every code thrown or declared in the source is in the catalogue, with the status it is thrown with', () => {
    const found = thrown();
    assert.ok(found.length > 500, `the walk found ${found.length} uses (expected hundreds)`);
    const missing = found.filter((f) => !isErrorCode(f.code)).map((f) => `${f.code} (${f.where})`);
    assert.deepEqual(missing, [], 'add these codes to src/platform/error-codes.ts with their meaning');
    const wrong = found
      .filter((f) => isErrorCode(f.code) && !statusesOf(f.code).includes(f.status))
      .map((f) => `${f.code}: ${f.status} at ${f.where}, catalogue says ${statusesOf(f.code as never).join('/')}`);
    assert.deepEqual(wrong, []);
  });

  test('entries are sorted, each with its status and both meanings', () => {
    const codes = Object.keys(ERROR_CODES);
    assert.deepEqual(codes, [...codes].sort());
    for (const e of errorCodeList()) {
      assert.match(e.code, /^[a-z][a-z0-9_]*$/);
      assert.ok(e.status.length > 0 && e.status.every((s) => s >= 400 && s <= 599), e.code);
      assert.ok(e.vi.trim() && e.en.trim(), `${e.code}: vi and en`);
    }
  });

  test('the platform helpers’ fixed codes are there', () => {
    for (const [code, status] of [
      ['unauthenticated', 401],
      ['forbidden', 403],
      ['not_found', 404],
      ['too_many_requests', 429],
      ['idempotency_key_reused', 409],
      ['validation_failed', 400],
      ['internal_error', 500],
    ] as const) {
      assert.ok(statusesOf(code).includes(status), code);
    }
  });
});

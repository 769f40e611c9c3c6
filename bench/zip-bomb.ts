/**
 * Zip bombs against a running server (issue 16 §4): how long the refusal takes and how /api/health
 * answers meanwhile.
 *
 *   PORT=3103 DATA_DIR=./data/manual npm start          # in another terminal
 *   npx tsx bench/zip-bomb.ts http://localhost:3103
 *
 * Sends, as the demo admin, to POST /api/v1/plans/import: a 103 KB DOCX that inflates to 100 MiB,
 * a 2.3 MB DOCX that inflates to 2.3 GiB, and a 2.3 MB XLSX of the same kind; /api/health is
 * polled every 50 ms during each upload (each poll waits for the previous one).
 */
import { docxBomb, xlsxBomb } from '../src/test/zip-bomb.js';

const base = process.argv[2] ?? 'http://localhost:3103';
const MiB = 1024 * 1024;

async function main(): Promise<void> {
  const login = await fetch(`${base}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username: 'admin', password: 'demo12345' }),
  });
  if (!login.ok) throw new Error(`login: ${login.status} ${await login.text()}`);
  const { token } = (await login.json()) as { token: string };
  const cases: [string, Buffer, string][] = [
    ['DOCX → 100 MiB', docxBomb(100 * MiB), 'ke-hoach.docx'],
    ['DOCX → 2.3 GiB', docxBomb(2355 * MiB), 'ke-hoach.docx'],
    ['XLSX → 2.3 GiB', xlsxBomb(2355 * MiB), 'ke-hoach.xlsx'],
  ];
  for (const [what, bomb, name] of cases) {
    const form = new FormData();
    form.append('file', new Blob([new Uint8Array(bomb)]), name);
    let done = false;
    const health: number[] = [];
    const poll = (async () => {
      while (!done) {
        const t0 = performance.now();
        const r = await fetch(`${base}/api/health`);
        await r.arrayBuffer();
        health.push(performance.now() - t0);
        await new Promise((res) => setTimeout(res, 50));
      }
    })();
    const t0 = performance.now();
    const r = await fetch(`${base}/api/v1/plans/import`, { method: 'POST', headers: { authorization: `Bearer ${token}` }, body: form });
    const body = (await r.json()) as { code?: string };
    const ms = performance.now() - t0;
    done = true;
    await poll;
    const max = Math.max(...health);
    console.log(
      `${what} (${(bomb.length / 1024).toFixed(0)} KB): ${r.status} ${body.code} in ${ms.toFixed(0)} ms; /api/health ${health.length} answers meanwhile, slowest ${max.toFixed(0)} ms`,
    );
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});

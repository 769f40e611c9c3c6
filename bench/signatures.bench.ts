/**
 * `npm run bench -- signatures` (issue 19), measured side by side in one run:
 * - PAdES signatures per second with the sandbox signer (local CA, RSA 2048) on a one-page PDF,
 *   against bare RSA-SHA256 signatures per second with the same key (the cryptographic floor);
 *   and verifications per second of the signed PDF;
 * - the time of an approval (result_ready by the unit leader, through the API on an in-process
 *   server on PGlite) with a result PDF that gets signed, against the same approval without a file
 *   (nothing to sign), in alternating rounds; medians.
 */
import { createPrivateKey, sign as rsaSign } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SandboxCa } from '../src/modules/signatures/signers.js';
import { signPdf } from '../src/modules/signatures/pades.js';
import { verifyPdf } from '../src/modules/signatures/verify.js';
import { addDss } from '../src/modules/signatures/dss.js';
import { startTestApp } from '../src/test/harness.js';
import { samplePdf as onePagePdf } from '../src/modules/signatures/sample-pdf.testutil.js';

const SECONDS = Number(process.env.BENCH_SECONDS ?? 3);
const APPROVALS = Number(process.env.BENCH_APPROVALS ?? 10);

async function perSecond(op: () => Promise<unknown> | unknown): Promise<number> {
  const end = Date.now() + SECONDS * 1000;
  const start = Date.now();
  let n = 0;
  while (Date.now() < end) {
    await op();
    n++;
  }
  return (n * 1000) / (Date.now() - start);
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

export async function run(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'motcua-bench-sign-'));
  try {
    const ca = new SandboxCa(dir);
    const id = await ca.personal({
      userId: '00000000-0000-4000-8000-00000000beef',
      username: 'bench',
      fullName: 'Người ký thử',
      title: null,
      agencyId: 'x',
      agencyName: 'Sở Tư pháp',
    });
    const pdf = await onePagePdf('Quyết định — benchmark');
    const key = createPrivateKey(
      (await import('node:fs'))
        .readFileSync(join(dir, 'officials', '00000000-0000-4000-8000-00000000beef.json'), 'utf8')
        .match(/"keyPem":"([^"]+)"/)![1]!
        .replace(/\\n/g, '\n'),
    );
    const data = Buffer.alloc(1024, 7);
    const rsa = await perSecond(() => rsaSign('sha256', data, key));
    const pades = await perSecond(() => signPdf(pdf, id, { signingTime: new Date(), name: 'Bench', reason: 'bench', location: 'Thanh Hoa' }));
    const padesT = await perSecond(() =>
      signPdf(pdf, id, { signingTime: new Date(), name: 'Bench', reason: 'bench', location: 'Thanh Hoa', timestamper: ca.timestamper }),
    );
    // The visible block of Nghị định 30/2020 with the verification QR (font subsets, appearance stream), then B-LT (DSS with the CA's CRL).
    const appearance = {
      kind: 'personal' as const,
      signerName: 'Người ký thử',
      authority: ['KT. GIÁM ĐỐC', 'PHÓ GIÁM ĐỐC'],
      agencyName: 'Sở Tư pháp',
      qrUrl: `https://dichvucong.example.vn/tra-cuu?kq=${'0'.repeat(64)}`,
    };
    const visible = await perSecond(() => signPdf(pdf, id, { signingTime: new Date(), name: 'Bench', reason: 'bench', location: 'Thanh Hoa', appearance }));
    const lt = await perSecond(async () =>
      addDss(await signPdf(pdf, id, { signingTime: new Date(), name: 'Bench', reason: 'bench', location: 'Thanh Hoa', appearance }), {
        certs: id.chain,
        crls: [ca.crl()],
      }),
    );
    const signed = await signPdf(pdf, id, { signingTime: new Date(), name: 'Bench', reason: 'bench', location: 'Thanh Hoa' });
    const store = { anchors: ca.anchors(), crls: [] };
    const verify = await perSecond(() => verifyPdf(signed, store));
    console.log(`sandbox signer, one-page PDF (${pdf.length} bytes), ${SECONDS} s each:`);
    console.log(`  bare RSA-2048 SHA-256 signatures/s   ${rsa.toFixed(0)}`);
    console.log(`  PAdES B-B signatures/s                ${pades.toFixed(1)}  (${(rsa / pades).toFixed(1)}× the cost of the bare signature)`);
    console.log(`  PAdES B-T signatures/s (sandbox TSA)  ${padesT.toFixed(1)}`);
    console.log(`  B-B + visible block and QR /s         ${visible.toFixed(1)}  (${(pades / visible).toFixed(2)}× the time of an invisible one)`);
    console.log(`  B-LT (visible, DSS with CRL) /s       ${lt.toFixed(1)}`);
    console.log(`  verifications/s                       ${verify.toFixed(1)}`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }

  // ---- approvals with and without signing ------------------------------------------------------------
  const t = await startTestApp();
  try {
    const tok = await t.logins(['one_stop_officer', 'specialist', 'unit_leader', 'admin']);
    const applicant = {
      kind: 'citizen',
      name: 'Nguyễn Văn Bench',
      idNumber: '038190099999',
      phone: '0912000999',
      email: 'bench@example.vn',
      address: 'Phường Hạc Thành, Thanh Hóa',
    };
    const act = async (id: string, token: string, body: Record<string, unknown>) => {
      const d = (await t.request({ method: 'GET', url: `/api/v1/dossiers/${id}`, token: tok.admin! })).json();
      const r = await t.request({ method: 'POST', url: `/api/v1/dossiers/${id}/actions`, token, body: { version: d.version, ...body } });
      if (r.statusCode !== 200) throw new Error(`${String(body.type)}: ${r.body}`);
    };
    const ready = async (withFile: boolean): Promise<{ id: string; fileId: string | null }> => {
      const r = await t.request({
        method: 'POST',
        url: '/api/v1/dossiers',
        token: tok.one_stop_officer!,
        body: { procedureCode: '2.000488', caseKey: 'chuan', channel: 'counter', applicant, components: [{ index: 0 }] },
      });
      if (r.statusCode !== 201) throw new Error(`intake: ${r.body}`);
      const id = r.json().id as string;
      await act(id, tok.one_stop_officer!, { type: 'forward' });
      await act(id, tok.specialist!, { type: 'next_step' });
      if (!withFile) return { id, fileId: null };
      const boundary = '----bench';
      const payload = Buffer.concat([
        Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="kq.pdf"\r\nContent-Type: application/pdf\r\n\r\n`),
        await onePagePdf('Kết quả'),
        Buffer.from(`\r\n--${boundary}--\r\n`),
      ]);
      const up = await t.request({
        method: 'POST',
        url: `/api/v1/dossiers/${id}/files?kind=result`,
        token: tok.specialist!,
        payload,
        headers: { 'content-type': `multipart/form-data; boundary=${boundary}` },
      });
      return { id, fileId: up.json().id as string };
    };
    const approve = async (x: { id: string; fileId: string | null }) => {
      const d = (await t.request({ method: 'GET', url: `/api/v1/dossiers/${x.id}`, token: tok.admin! })).json();
      const start = process.hrtime.bigint();
      const r = await t.request({
        method: 'POST',
        url: `/api/v1/dossiers/${x.id}/actions`,
        token: tok.unit_leader!,
        body: {
          version: d.version,
          type: 'result_ready',
          decisionNumber: '1/B',
          signer: 'Bench',
          signedOn: '2026-12-07',
          ...(x.fileId ? { fileId: x.fileId } : {}),
        },
      });
      const ms = Number(process.hrtime.bigint() - start) / 1e6;
      if (r.statusCode !== 200) throw new Error(r.body);
      return ms;
    };
    await approve(await ready(true)); // warm-up: the leader's sandbox certificate is issued on first use
    await approve(await ready(false));
    const signedMs: number[] = [];
    const plainMs: number[] = [];
    for (let i = 0; i < APPROVALS; i++) {
      signedMs.push(await approve(await ready(true)));
      plainMs.push(await approve(await ready(false)));
    }
    const a = median(signedMs);
    const b = median(plainMs);
    console.log(`approval (result_ready) through the API, in-process, PGlite, ${APPROVALS} alternating rounds, medians:`);
    console.log(`  with signing the result PDF   ${a.toFixed(1)} ms`);
    console.log(`  without a file to sign        ${b.toFixed(1)} ms`);
    console.log(`  time added by signing         ${(a - b).toFixed(1)} ms (${(a / b).toFixed(2)}×)`);
  } finally {
    await t.close();
  }
}

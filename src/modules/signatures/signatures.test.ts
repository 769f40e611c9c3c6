/**
 * Signing and verification end to end, checked by our verifier and independently by poppler's
 * `pdfsig` (Debian poppler-utils, which CI installs): PAdES B-B and B-T, a second signature as an
 * incremental update, a tampered byte, an expired and an untrusted certificate, the PKCS#12 seal
 * (the file made by `openssl pkcs12`), and the CSC v2 remote signer against an in-process double
 * that waits for the official's confirmation (injected timers).
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CscClient, CscError, CscSigning, Pkcs12Seal, SandboxCa, type OfficialProfile } from './signers.js';
import { signPdf } from './pades.js';
import { verifyPdf, loadTrustStore } from './verify.js';
import { certificateDer, parseCertificate, pem, readName, signDigestRsa, newKeyPair, issueCertificate } from './pki.js';
import { summarise } from './signatures.service.js';
import { addDss, readDss } from './dss.js';
import { samplePdf as plainPdf } from './sample-pdf.testutil.js';
import { pdfDocument, qrcode } from '../../platform/doclibs.js';
import { inflateSync } from 'node:zlib';

let dir: string;
let ca: SandboxCa;
const T0 = new Date('2026-03-12T02:30:00Z'); // 09:30 in Hà Nội
const official: OfficialProfile = {
  userId: '00000000-0000-4000-8000-000000000001',
  username: 'unit_leader',
  fullName: 'Nguyễn Văn An',
  title: 'Giám đốc',
  agencyId: 'a1',
  agencyName: 'Sở Tư pháp',
};

function pdfsig(buf: Buffer): string {
  const f = join(dir, `sig-${createHash('sha256').update(buf).digest('hex').slice(0, 12)}.pdf`);
  writeFileSync(f, buf);
  const r = spawnSync('pdfsig', [f], { encoding: 'utf8' });
  return r.stdout + r.stderr;
}

const trust = () => loadTrustStore(null, ca.anchors());

before(() => {
  try {
    execFileSync('pdfsig', ['-v'], { stdio: 'ignore' });
  } catch {
    throw new Error('pdfsig is required: apt-get install -y poppler-utils');
  }
  dir = mkdtempSync(join(tmpdir(), 'motcua-sign-'));
  ca = new SandboxCa(join(dir, 'ca'), () => T0);
});
after(() => rmSync(dir, { recursive: true, force: true }));

describe('PAdES signing and verification', () => {
  test('B-B: valid for us and for pdfsig; ETSI.CAdES.detached; the verdict names signer, agency and date', async () => {
    const id = await ca.personal(official);
    const signed = await signPdf(await plainPdf('Quyết định cấp phép'), id, {
      signingTime: T0,
      name: 'Nguyen Van An',
      reason: 'Phe duyet ket qua',
      location: 'Thanh Hoa',
    });
    const [r, ...rest] = verifyPdf(signed, trust(), T0);
    assert.equal(rest.length, 0);
    assert.equal(r!.status, 'valid');
    assert.equal(r!.subFilter, 'ETSI.CAdES.detached');
    assert.equal(r!.verdict, 'Ký số hợp lệ — Nguyễn Văn An, Sở Tư pháp, 12/03/2026');
    assert.equal(r!.timeSource, 'claimed');
    const out = pdfsig(signed);
    assert.match(out, /Signature Type: ETSI\.CAdES\.detached/);
    assert.match(out, /Signature Validation: Signature is Valid\./);
    assert.match(out, /Total document signed/);
  });

  test('the CMS has signing-certificate-v2 and no signingTime signed attribute', async () => {
    const id = await ca.personal(official);
    const signed = await signPdf(await plainPdf('x'), id, { signingTime: T0, name: 'A', reason: 'r', location: 'l' });
    const m = /\/ByteRange\s*\[\s*0\s+(\d+)\s+(\d+)/.exec(signed.toString('latin1'))!;
    const cms = Buffer.from(signed.subarray(Number(m[1]) + 1, Number(m[2]) - 1).toString('latin1'), 'hex');
    const has = (oidHex: string) => cms.includes(Buffer.from(oidHex, 'hex'));
    assert.ok(has('060b2a864886f70d010910022f'), 'id-aa-signingCertificateV2 (1.2.840.113549.1.9.16.2.47)');
    assert.ok(!has('06092a864886f70d010905'), 'no id-signingTime (1.2.840.113549.1.9.5)');
  });

  test('a second signature is an incremental update: both stay valid (ours and pdfsig)', async () => {
    const first = await signPdf(await plainPdf('Liên thông'), await ca.personal(official), { signingTime: T0, name: 'A', reason: 'cap xa', location: 'l' });
    const seal = await ca.seal({ id: 'a2', name: 'UBND tỉnh Thanh Hóa' });
    const second = await signPdf(first, seal, { signingTime: new Date(T0.getTime() + 3_600_000), name: 'UBND', reason: 'cap tinh', location: 'l' });
    assert.ok(second.subarray(0, first.length).equals(first), 'the first revision is kept byte for byte');
    const rs = verifyPdf(second, trust(), T0);
    assert.deepEqual(
      rs.map((r) => r.status),
      ['valid', 'valid'],
    );
    assert.deepEqual(
      rs.map((r) => r.coversWholeFile),
      [false, true],
    );
    assert.equal(rs[1]!.organization, 'UBND tỉnh Thanh Hóa');
    const out = pdfsig(second);
    assert.equal(out.match(/Signature is Valid\./g)?.length, 2, out);
  });

  test('B-T: a timestamp from the TSA gives the signing time', async () => {
    const at = new Date(T0.getTime() + 5 * 60_000);
    const tsaCa = new SandboxCa(join(dir, 'ca'), () => at); // same CA folder, clock 5 minutes later
    const signed = await signPdf(await plainPdf('x'), await ca.personal(official), {
      signingTime: T0,
      name: 'A',
      reason: 'r',
      location: 'l',
      timestamper: tsaCa.timestamper,
    });
    const [r] = verifyPdf(signed, trust(), T0);
    assert.equal(r!.status, 'valid');
    assert.equal(r!.timeSource, 'timestamp');
    assert.equal(r!.signedAt, at.toISOString());
    assert.match(pdfsig(signed), /Signature is Valid\./);
  });

  test('one changed byte: invalid for us and a digest mismatch for pdfsig', async () => {
    const signed = await signPdf(await plainPdf('Nội dung gốc'), await ca.personal(official), { signingTime: T0, name: 'A', reason: 'r', location: 'l' });
    const bad = Buffer.from(signed);
    const i = bad.indexOf('/MediaBox');
    bad[i + 12] = bad[i + 12] === 0x39 ? 0x38 : 0x39; // a digit of the page size
    const [r] = verifyPdf(bad, trust(), T0);
    assert.equal(r!.status, 'invalid');
    assert.equal(r!.verdict, 'Chữ ký không hợp lệ: tài liệu đã bị sửa sau khi ký');
    assert.match(pdfsig(bad), /Digest Mismatch/);
  });

  test('content appended after the signature (an unsigned later revision) is reported as modified', async () => {
    const signed = await signPdf(await plainPdf('x'), await ca.personal(official), { signingTime: T0, name: 'A', reason: 'r', location: 'l' });
    const more = Buffer.concat([signed, Buffer.from('\n99 0 obj\n<< /Evil true >>\nendobj\n')]);
    const [r] = verifyPdf(more, trust(), T0);
    assert.equal(r!.status, 'modified');
    assert.equal(r!.verdict, 'Chữ ký không hợp lệ: tài liệu đã bị sửa sau khi ký');
  });

  test('an expired certificate and an untrusted one are reported as such', async () => {
    const expired = ca.issueForTest({ cn: 'Trần Thị Bình', o: 'Sở Tư pháp' }, new Date('2024-01-01T00:00:00Z'), new Date('2025-01-01T00:00:00Z'));
    const s1 = await signPdf(await plainPdf('x'), expired, { signingTime: T0, name: 'B', reason: 'r', location: 'l' });
    const [r1] = verifyPdf(s1, trust(), T0);
    assert.equal(r1!.status, 'expired');
    assert.equal(r1!.verdict, 'Chứng thư số hết hạn');
    assert.equal(r1!.intact, true);

    const other = new SandboxCa(join(dir, 'other-ca'), () => T0);
    const s2 = await signPdf(await plainPdf('x'), await other.personal(official), { signingTime: T0, name: 'A', reason: 'r', location: 'l' });
    const [r2] = verifyPdf(s2, trust(), T0);
    assert.equal(r2!.status, 'untrusted');
    assert.equal(r2!.verdict, 'Chứng thư số không do tổ chức tin cậy cấp');
    // Trusting the other CA through a folder of anchors makes it valid.
    const anchors = join(dir, 'anchors');
    rmSync(anchors, { recursive: true, force: true });
    execFileSync('mkdir', ['-p', anchors]);
    writeFileSync(join(anchors, 'other.pem'), other.caPem());
    assert.equal(verifyPdf(s2, loadTrustStore(anchors), T0)[0]!.status, 'valid');
  });

  test('a PDF without signatures: an empty list and "không có chữ ký số"', async () => {
    const v = summarise(verifyPdf(await plainPdf('x'), trust(), T0));
    assert.deepEqual(v, { status: 'none', verdict: 'Tài liệu không có chữ ký số', signatures: [] });
  });
});

describe('visible signature block (Nghị định 30/2020)', () => {
  const text = (buf: Buffer, page?: number) => {
    const f = join(dir, `txt-${createHash('sha256').update(buf).digest('hex').slice(0, 12)}.pdf`);
    writeFileSync(f, buf);
    return execFileSync('pdftotext', [...(page ? ['-f', String(page), '-l', String(page)] : []), f, '-'], { encoding: 'utf8' });
  };
  async function twoPages(): Promise<Buffer> {
    const doc = new (pdfDocument())({ size: 'A4' });
    const chunks: Buffer[] = [];
    doc.on('data', (c: Buffer) => chunks.push(c));
    const done = new Promise((r) => doc.on('end', r));
    doc.text('Trang 1');
    doc.addPage();
    doc.text('Trang 2');
    doc.end();
    await done;
    return Buffer.concat(chunks);
  }
  const personal = { kind: 'personal' as const, signerName: 'Nguyễn Văn An', authority: ['KT. GIÁM ĐỐC', 'PHÓ GIÁM ĐỐC'], agencyName: 'Sở Tư pháp' };

  test("an official's block on the last page: authority lines, name, agency, ISO time; valid for us and pdfsig", async () => {
    const signed = await signPdf(await twoPages(), await ca.personal(official), {
      signingTime: T0,
      name: 'A',
      reason: 'r',
      location: 'l',
      appearance: personal,
    });
    const [r] = verifyPdf(signed, trust(), T0);
    assert.equal(r!.status, 'valid');
    const out = pdfsig(signed);
    assert.match(out, /Signature Validation: Signature is Valid\./);
    assert.match(out, /Total document signed/);
    // The widget has an appearance stream and its text (Liberation Serif subset with ToUnicode) reads back.
    assert.match(signed.toString('latin1'), /\/Subtype \/Widget \/FT \/Sig \/Rect \[[\d.]+ [\d.]+ [\d.]+ [\d.]+\][^\n]*\/AP << \/N \d+ 0 R >>/);
    assert.match(signed.toString('latin1'), /\/BaseFont \/[A-Z]{6}\+LiberationSerif-Bold/);
    const last = text(signed, 2).replace(/\s+/g, ' ');
    for (const s of ['KT. GIÁM ĐỐC', 'PHÓ GIÁM ĐỐC', 'Nguyễn Văn An', 'Đã ký số', 'Sở Tư pháp', 'Thời gian ký: 2026-03-12T09:30:00+07:00'])
      assert.ok(last.includes(s), `${s} in: ${last}`);
    assert.ok(!text(signed, 1).includes('Đã ký số'), 'not on the first page');
  });

  test('a page box that is not four numbers (malformed upload): the block still gets a numeric /Rect (A4)', async () => {
    const pdf = Buffer.from((await plainPdf('x')).toString('latin1').replace('/MediaBox [0 0 595.28 841.89]', '/MediaBox [0 0 abc.de 841.89]'), 'latin1');
    assert.match(pdf.toString('latin1'), /abc\.de/);
    const signed = await signPdf(pdf, await ca.personal(official), { signingTime: T0, name: 'A', reason: 'r', location: 'l', appearance: personal });
    assert.match(signed.toString('latin1'), /\/Subtype \/Widget \/FT \/Sig \/Rect \[[\d.]+ [\d.]+ [\d.]+ [\d.]+\]/);
    assert.equal(verifyPdf(signed, trust(), T0)[0]!.status, 'valid');
  });

  test('the verification QR is drawn in the signed block: its modules are the QR code of the address, printed beside it', async () => {
    const url = `https://dichvucong.example.vn/tra-cuu?kq=${'0123456789abcdef'.repeat(4)}`;
    const signed = await signPdf(await twoPages(), await ca.personal(official), {
      signingTime: T0,
      name: 'A',
      reason: 'r',
      location: 'l',
      appearance: { ...personal, qrUrl: url },
    });
    assert.match(pdfsig(signed), /Signature is Valid\./);
    assert.equal(verifyPdf(signed, trust(), T0)[0]!.status, 'valid');
    assert.ok(text(signed, 2).replace(/\s+/g, '').includes(url), `the address is printed: ${text(signed, 2)}`);
    // No QR decoder is installed: read the drawn modules back from the appearance stream instead.
    const streams = [...signed.toString('latin1').matchAll(/\/Subtype \/Form [^]*?\/Length (\d+) >>\nstream\n/g)].map((m) =>
      inflateSync(signed.subarray(m.index! + m[0].length, m.index! + m[0].length + Number(m[1]))).toString('latin1'),
    );
    const cells = streams.flatMap((c) =>
      [...c.matchAll(/^([\d.]+) ([\d.]+) ([\d.]+) \3 re$/gm)].map((m) => [Number(m[1]), Number(m[2]), Number(m[3])] as const),
    );
    const qr = qrcode().create(url, { errorCorrectionLevel: 'M' });
    const size = qr.modules.size;
    const m = cells[0]![2];
    const minX = Math.min(...cells.map((c) => c[0]));
    const maxY = Math.max(...cells.map((c) => c[1]));
    const drawn = new Set(cells.map(([x, y]) => `${Math.round((maxY - y) / m)},${Math.round((x - minX) / m)}`));
    let dark = 0;
    for (let r = 0; r < size; r++)
      for (let c = 0; c < size; c++)
        if (qr.modules.get(r, c)) {
          dark++;
          assert.ok(drawn.has(`${r},${c}`), `module ${r},${c}`);
        }
    assert.equal(drawn.size, dark, 'no other module is dark');
  });

  test('a seal over a signed block, as a second incremental update: both visible, both valid (ours and pdfsig)', async () => {
    const first = await signPdf(await twoPages(), await ca.personal(official), {
      signingTime: T0,
      name: 'A',
      reason: 'r',
      location: 'l',
      appearance: personal,
    });
    const seal = await ca.seal({ id: 'a2', name: 'Sở Tư pháp' });
    const second = await signPdf(first, seal, {
      signingTime: new Date(T0.getTime() + 60_000),
      name: 'S',
      reason: 'r',
      location: 'l',
      appearance: { kind: 'seal', signerName: 'Sở Tư pháp', authority: [], agencyName: 'Sở Tư pháp' },
    });
    assert.ok(second.subarray(0, first.length).equals(first));
    assert.deepEqual(
      verifyPdf(second, trust(), T0).map((r) => r.status),
      ['valid', 'valid'],
    );
    const out = pdfsig(second);
    assert.equal(out.match(/Signature is Valid\./g)?.length, 2, out);
    const rects = [...second.toString('latin1').matchAll(/\/FT \/Sig \/Rect \[([\d. ]+)\]/g)].map((m) => m[1]!.split(' ').map(Number));
    assert.equal(rects.length, 2);
    const [a, b] = rects as [number[], number[]];
    assert.ok(a[2]! <= b[0]! || b[2]! <= a[0]! || a[3]! <= b[1]! || b[3]! <= a[1]!, 'the second block does not cover the first');
    assert.match(text(second, 2), /SỞ TƯ PHÁP|S\s*Ở/u, 'the seal carries the agency name');
    // A tampered byte after both: both invalid for us.
    const bad = Buffer.from(second);
    bad[200] = bad[200] === 0x20 ? 0x21 : 0x20;
    assert.ok(verifyPdf(bad, trust(), T0).every((r) => r.status !== 'valid'));
  });
});

describe('PAdES B-LT: chain and CRLs in the DSS', () => {
  test("the sandbox service embeds the CA's CRL and the chain after signing; our verifier uses it; pdfsig valid", async () => {
    const { loadConfig } = await import('../../platform/config.js');
    const { createSignaturesService } = await import('./signatures.service.js');
    const svc = createSignaturesService(loadConfig({ DATA_DIR: join(dir, 'cfg-lt') }), () => T0);
    const id = (await svc.identityOf(official))!;
    const signed = await svc.sign(await plainPdf('B-LT'), id, { signerName: 'Nguyen Van An', reason: 'r', location: 'l' });
    assert.match(signed.toString('latin1'), /\/Type \/DSS \/Certs \[\d+ 0 R \d+ 0 R[^\]]*\] \/CRLs \[\d+ 0 R\]/);
    const dss = readDss(signed);
    assert.ok(
      dss.certs.some((c) => c.equals(id.chain[0]!)),
      'the signer certificate',
    );
    assert.equal(dss.crls.length, 1);
    const v = svc.verify(signed);
    assert.equal(v.status, 'valid', v.verdict);
    const [r] = v.signatures;
    assert.equal(r!.coversWholeFile, false, 'the DSS came after the signature');
    assert.equal(r!.unchangedSince, true, 'validation data is not a change of the document');
    assert.equal(r!.revoked, false);
    assert.equal(r!.revocationFrom, 'dss');
    assert.match(pdfsig(signed), /Signature Validation: Signature is Valid\./);
    // Signed again (another level): the DSS is extended, both signatures stay valid.
    const again = await svc.sign(signed, (await svc.sealOf({ id: 'a9', name: 'UBND tỉnh' }))!, { signerName: 'UBND', reason: 'r', location: 'l' });
    assert.deepEqual(
      svc.verify(again).signatures.map((x) => x.status),
      ['valid', 'valid'],
    );
    assert.equal(readDss(again).crls.length, 1, 'the same CRL is not stored twice');
    assert.equal(pdfsig(again).match(/Signature is Valid\./g)?.length, 2);
  });

  test('an embedded CRL that revokes the signer before the signing time: revoked, from the DSS alone', async () => {
    const id = await ca.personal({ ...official, userId: '00000000-0000-4000-8000-00000000000b' });
    const signed = await signPdf(await plainPdf('x'), id, { signingTime: T0, name: 'A', reason: 'r', location: 'l' });
    const serialHex = Buffer.from(parseCertificate(id.chain[0]!).serialNumber.valueBlock.valueHexView).toString('hex');
    const withCrl = addDss(signed, { certs: id.chain, crls: [ca.crl([{ serialHex, at: new Date(T0.getTime() - 86_400_000) }])] });
    const [r] = verifyPdf(withCrl, trust(), T0);
    assert.equal(r!.status, 'revoked');
    assert.equal(r!.revocationFrom, 'dss');
    // Revoked only after the signing time: still valid.
    const later = addDss(signed, { certs: [], crls: [ca.crl([{ serialHex, at: new Date(T0.getTime() + 86_400_000) }])] });
    assert.equal(verifyPdf(later, trust(), T0)[0]!.status, 'valid');
  });

  test('a DSS stream that does not inflate (a malformed upload) is no validation data, not an exception', () => {
    const pdf = Buffer.from(
      '%PDF-1.7\n1 0 obj\n<< /Type /Catalog /DSS 2 0 R >>\nendobj\n2 0 obj\n<< /Type /DSS /Certs [3 0 R] >>\nendobj\n3 0 obj\n<< /Filter /FlateDecode /Length 4 >>\nstream\nabcd\nendstream\nendobj\n4 0 obj\n<< /Type /Sig /ByteRange [0 10 20 5] /Contents <00> >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF',
      'latin1',
    );
    assert.deepEqual(readDss(pdf).certs, []);
    const reports = verifyPdf(pdf, trust(), T0);
    assert.equal(reports.length, 1);
    assert.notEqual(reports[0]!.status, 'valid');
  });

  test('anything else after the DSS update is a change after signing', async () => {
    const id = await ca.personal(official);
    const signed = addDss(await signPdf(await plainPdf('x'), id, { signingTime: T0, name: 'A', reason: 'r', location: 'l' }), {
      certs: id.chain,
      crls: [ca.crl()],
    });
    assert.equal(verifyPdf(signed, trust(), T0)[0]!.status, 'valid');
    const text = signed.toString('latin1');
    const prev = Number([...text.matchAll(/startxref\s+(\d+)/g)].pop()![1]);
    const root = [...text.matchAll(/\/Root (\d+ 0 R)/g)].pop()![1];
    const obj = `\n999 0 obj\n<< /Type /Annot /Subtype /Text /Rect [0 0 10 10] /Contents (sua) >>\nendobj\n`;
    const xrefAt = signed.length + obj.length;
    const changed = Buffer.concat([
      signed,
      Buffer.from(
        `${obj}xref\n0 1\n0000000000 65535 f \n999 1\n${String(signed.length + 1).padStart(10, '0')} 00000 n \ntrailer\n<< /Size 1000 /Root ${root} /Prev ${prev} >>\nstartxref\n${xrefAt}\n%%EOF`,
      ),
    ]);
    assert.equal(verifyPdf(changed, trust(), T0)[0]!.status, 'modified');
    // A page's content redefined and dressed up as a DSS "certificate": still a change.
    const contentsNum = Number(/\/Contents (\d+) 0 R/.exec(text)![1]);
    const fake = `\n${contentsNum} 0 obj\n<< /Length 20 >>\nstream\nBT /F1 40 Tf (X) Tj ET\nendstream\nendobj\n`;
    const [, dssN, dssBody] = /(\d+) 0 obj\n(<< \/Type \/DSS[^\n]*>>)/.exec(text)!;
    const dssNum = Number(dssN);
    const dssObj = `${dssNum} 0 obj\n${dssBody!.replace('/Certs [', `/Certs [${contentsNum} 0 R `)}\nendobj\n`;
    const o1 = signed.length + 1;
    const o2 = signed.length + fake.length;
    const body = `${fake}${dssObj}`;
    const sneaky = Buffer.concat([
      signed,
      Buffer.from(
        `${body}xref\n0 1\n0000000000 65535 f \n${contentsNum} 1\n${String(o1).padStart(10, '0')} 00000 n \n${dssNum} 1\n${String(o2).padStart(10, '0')} 00000 n \ntrailer\n<< /Size 1000 /Root ${root} /Prev ${prev} >>\nstartxref\n${signed.length + body.length}\n%%EOF`,
      ),
    ]);
    assert.equal(verifyPdf(sneaky, trust(), T0)[0]!.status, 'modified');
  });
});

describe('PKCS#12 seal', () => {
  test('a PKCS#12 made by openssl signs; a wrong password is refused', async () => {
    const key = join(dir, 'seal.key');
    const crt = join(dir, 'seal.crt');
    const p12 = join(dir, 'seal.p12');
    execFileSync(
      'openssl',
      ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', key, '-out', crt, '-days', '30', '-subj', '/C=VN/O=So Tu phap/CN=So Tu phap'],
      { stdio: 'ignore' },
    );
    execFileSync('openssl', ['pkcs12', '-export', '-inkey', key, '-in', crt, '-out', p12, '-passout', 'pass:mật-khẩu'], { stdio: 'ignore' });
    const id = await new Pkcs12Seal(p12, 'mật-khẩu').identity();
    const signed = await signPdf(await plainPdf('x'), id, { signingTime: new Date(), name: 'So Tu phap', reason: 'r', location: 'l' });
    const anchor = parseCertificate(
      readFileSync(crt).toString('latin1').includes('BEGIN')
        ? Buffer.from(readFileSync(crt, 'latin1').replace(/-----[^-]+-----|\s+/g, ''), 'base64')
        : readFileSync(crt),
    );
    const [r] = verifyPdf(signed, { anchors: [anchor], crls: [] });
    assert.equal(r!.status, 'valid');
    assert.equal(r!.organization, 'So Tu phap');
    assert.match(pdfsig(signed), /Signature is Valid\./);
    await assert.rejects(new Pkcs12Seal(p12, 'sai').identity());
  });
});

describe('CSC API v2 remote signing', () => {
  /** An in-process CSC provider: one credential for "unit_leader", confirmation after `confirmAfter` checks. */
  function cscDouble(o: { confirmAfter: number; refuse?: boolean }) {
    const k = newKeyPair();
    const caKey = newKeyPair();
    const caCert = issueCertificate({
      subject: { cn: 'Provider CA', o: 'CA' },
      publicKey: caKey.publicKey,
      signingKey: caKey.privateKey,
      notBefore: new Date(T0.getTime() - 86_400_000),
      notAfter: new Date(T0.getTime() + 86_400_000 * 365),
      ca: true,
    });
    const cert = issueCertificate({
      subject: { cn: 'Nguyễn Văn An', o: 'Sở Tư pháp' },
      publicKey: k.publicKey,
      issuer: caCert,
      signingKey: caKey.privateKey,
      notBefore: new Date(T0.getTime() - 86_400_000),
      notAfter: new Date(T0.getTime() + 86_400_000 * 365),
    });
    const calls: string[] = [];
    let checks = 0;
    let authorizedHash: string | null = null;
    const fetchImpl = (async (url: string | URL, init?: RequestInit) => {
      const method = String(url).replace('https://csc.test/csc/v2/', '');
      calls.push(method);
      const body = JSON.parse(String(init?.body ?? '{}')) as Record<string, unknown>;
      const json = (status: number, b: unknown) => new Response(JSON.stringify(b), { status, headers: { 'content-type': 'application/json' } });
      if ((init?.headers as Record<string, string>).authorization !== 'Bearer tok') return json(401, { error: 'invalid_token' });
      switch (method) {
        case 'credentials/list':
          return json(200, { credentialIDs: body.userID === 'unit_leader' ? ['cred-1'] : [] });
        case 'credentials/info':
          return json(200, {
            cert: { status: 'valid', certificates: [certificateDer(cert).toString('base64'), certificateDer(caCert).toString('base64')] },
            key: { algo: ['1.2.840.113549.1.1.11'] },
          });
        case 'credentials/authorize':
          authorizedHash = (body.hashes as string[])[0]!;
          return json(200, {}); // no SAD yet: the official must confirm on their phone
        case 'credentials/authorizeCheck':
          checks++;
          if (o.refuse) return json(200, { status: 'rejected' });
          return json(200, checks >= o.confirmAfter ? { SAD: 'sad-1' } : { status: 'pending' });
        case 'signatures/signHash': {
          const h = (body.hashes as string[])[0]!;
          if (body.SAD !== 'sad-1' || h !== authorizedHash) return json(400, { error: 'invalid_request', error_description: 'SAD does not match' });
          return json(200, { signatures: [signDigestRsa(k.privateKey, Buffer.from(h, 'base64')).toString('base64')] });
        }
        default:
          return json(404, { error: 'not_found' });
      }
    }) as typeof fetch;
    return { fetchImpl, calls, caCert, checks: () => checks };
  }

  function timers() {
    let t = 0;
    const slept: number[] = [];
    return {
      now: () => t,
      sleep: async (ms: number) => {
        slept.push(ms);
        t += ms;
      },
      slept,
    };
  }

  test("waits for the confirmation (polling authorizeCheck) and signs with the official's remote key", async () => {
    const d = cscDouble({ confirmAfter: 3 });
    const tm = timers();
    const port = new CscSigning(
      new CscClient({
        baseUrl: 'https://csc.test/csc/v2/',
        token: 'tok',
        pollSeconds: 2,
        timeoutSeconds: 60,
        fetch: d.fetchImpl,
        sleep: tm.sleep,
        now: tm.now,
      }),
      null,
      null,
    );
    const id = await port.personal(official);
    assert.ok(id);
    const signed = await signPdf(await plainPdf('x'), id, { signingTime: T0, name: 'A', reason: 'r', location: 'l' });
    assert.deepEqual(d.calls, [
      'credentials/list',
      'credentials/info',
      'credentials/authorize',
      'credentials/authorizeCheck',
      'credentials/authorizeCheck',
      'credentials/authorizeCheck',
      'signatures/signHash',
    ]);
    assert.deepEqual(tm.slept, [2000, 2000, 2000]);
    const [r] = verifyPdf(signed, { anchors: [d.caCert], crls: [] }, T0);
    assert.equal(r!.status, 'valid');
    assert.match(pdfsig(signed), /Signature is Valid\./);
  });

  test('no credential → null; refusal and timeout are clear errors', async () => {
    const d = cscDouble({ confirmAfter: 1000 });
    const tm = timers();
    const client = new CscClient({
      baseUrl: 'https://csc.test/csc/v2',
      token: 'tok',
      pollSeconds: 5,
      timeoutSeconds: 30,
      fetch: d.fetchImpl,
      sleep: tm.sleep,
      now: tm.now,
    });
    const port = new CscSigning(client, null, null);
    assert.equal(await port.personal({ ...official, username: 'someone_else' }), null);
    const id = (await port.personal(official))!;
    await assert.rejects(id.signDigest(Buffer.alloc(32, 1)), (e: CscError) => e.code === 'csc_timeout');
    assert.equal(tm.slept.length, 6, '30 s at 5 s a check');
    const r = cscDouble({ confirmAfter: 1, refuse: true });
    const id2 = (await new CscSigning(
      new CscClient({ baseUrl: 'https://csc.test/csc/v2', token: 'tok', pollSeconds: 1, timeoutSeconds: 10, fetch: r.fetchImpl, sleep: tm.sleep, now: tm.now }),
      null,
      null,
    ).personal(official))!;
    await assert.rejects(id2.signDigest(Buffer.alloc(32, 1)), (e: CscError) => e.code === 'csc_refused');
    const bad = new CscClient({ baseUrl: 'https://csc.test/csc/v2', token: 'wrong', pollSeconds: 1, timeoutSeconds: 10, fetch: d.fetchImpl });
    await assert.rejects(bad.listCredentials('unit_leader'), (e: CscError) => e.code === 'csc_refused');
  });
});

describe('sandbox CA', () => {
  test('is created once in its folder and reused (same CA after a restart)', async () => {
    const a = new SandboxCa(join(dir, 'persist'), () => T0);
    const pemA = a.caPem();
    const idA = await a.personal(official);
    const b = new SandboxCa(join(dir, 'persist'), () => T0);
    assert.equal(b.caPem(), pemA);
    assert.deepEqual((await b.personal(official)).chain, idA.chain);
    assert.match(pem('CERTIFICATE', idA.chain[0]!), /BEGIN CERTIFICATE/);
  });
});

describe('which signer (configuration)', () => {
  const base = { NODE_ENV: 'production', SESSION_SECRET: 'x'.repeat(40) };
  test('production: no signing sandbox unless SANDBOX names it; CSC when configured; demo: the sandbox', async () => {
    const { loadConfig } = await import('../../platform/config.js');
    const { createSignaturesService } = await import('./signatures.service.js');
    const mk = (env: Record<string, string>) => createSignaturesService({ ...loadConfig({ ...env, DATA_DIR: join(dir, 'cfg') }) }, () => T0);
    const off = mk(base);
    assert.equal(off.mode, 'none');
    assert.equal(await off.identityOf(official), null, 'officials cannot sign');
    assert.equal(await off.sealOf({ id: 'a', name: 'A' }), null, 'no seal either');
    assert.equal(mk({ ...base, SANDBOX: 'signing' }).mode, 'sandbox');
    assert.equal(mk({ ...base, CSC_API_URL: 'https://csc.example.vn/csc/v2', CSC_API_TOKEN: 't' }).mode, 'csc');
    assert.equal(mk({}).mode, 'sandbox', 'demo mode');
    assert.throws(() => loadConfig({ ...base, SEAL_P12_PATH: '/x.p12' }), /SEAL_P12_PASSWORD/);
  });

  test('a seal per agency (SEAL_P12_DIR, by agency code, own password file) and the one seal as fallback', async () => {
    const { loadConfig } = await import('../../platform/config.js');
    const { createSignaturesService } = await import('./signatures.service.js');
    const seals = join(dir, 'seals');
    mkdirSync(seals, { recursive: true });
    const p12 = (name: string, cn: string, pass: string) => {
      const key = join(dir, `${name}.key`);
      const crt = join(dir, `${name}.crt`);
      execFileSync(
        'openssl',
        ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', key, '-out', crt, '-days', '30', '-subj', `/C=VN/O=${cn}/CN=${cn}`],
        { stdio: 'ignore' },
      );
      const out = name === 'common' ? join(dir, 'common.p12') : join(seals, `${name}.p12`);
      execFileSync('openssl', ['pkcs12', '-export', '-inkey', key, '-in', crt, '-out', out, '-passout', `pass:${pass}`], { stdio: 'ignore' });
      return out;
    };
    const common = p12('common', 'UBND tinh', 'chung');
    p12('000.00.12.H56', 'So Tu phap', 'rieng');
    writeFileSync(join(seals, '000.00.12.H56.password'), 'rieng\n');
    p12('G02', 'So Xay dung', 'chung'); // no password file: the common password
    const svc = createSignaturesService(
      loadConfig({ ...base, DATA_DIR: join(dir, 'cfg2'), SEAL_P12_PATH: common, SEAL_P12_PASSWORD: 'chung', SEAL_P12_DIR: seals }),
      () => T0,
    );
    const cnOf = async (code: string | null) => readName(parseCertificate((await svc.sealOf({ id: 'x', name: 'X', code }))!.chain[0]!).subject).cn;
    assert.equal(await cnOf('000.00.12.H56'), 'So Tu phap');
    assert.equal(await cnOf('G02'), 'So Xay dung');
    assert.equal(await cnOf('G99'), 'UBND tinh', 'no file for this agency: the one seal');
    assert.equal(await cnOf(null), 'UBND tinh');
    assert.equal(await cnOf('../common'), 'UBND tinh', 'a code is never a path');
    // Without the one seal, an agency without its own file has none (production, no sandbox).
    const only = createSignaturesService(loadConfig({ ...base, DATA_DIR: join(dir, 'cfg3'), SEAL_P12_DIR: seals, SEAL_P12_PASSWORD: 'chung' }), () => T0);
    assert.equal(await only.sealOf({ id: 'x', name: 'X', code: 'G99' }), null);
    assert.ok(await only.sealOf({ id: 'x', name: 'X', code: 'G02' }));
  });
});

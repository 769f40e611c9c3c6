import { expect, test, type Browser } from '@playwright/test';
import { act, axe, samplePdf, shots, staff, signedInPage } from './helpers.js';

/**
 * Issue 19 in the browser: a PDF carrying a digital signature is uploaded at intake and the officer
 * sees its verdict in one sentence; the unit leader approves the result and it is signed with their
 * (sandbox) certificate; anyone checks the signed result on the public lookup page.
 */
const DESKTOP = { width: 1366, height: 900 };
const OUT = process.env.E2E_OUT ?? 'test-results';

const session = (browser: Browser, username: string) => signedInPage(browser, username, (page) => expect(page.getByTestId('workspace')).toBeVisible());

test('verification at intake, signing at approval, the public signature check', async ({ browser, baseURL }) => {
  test.setTimeout(240_000); // three sessions and several signatures on a shared 2-core machine
  const officerApi = await staff(baseURL!, 'one_stop_officer');
  const specialistApi = await staff(baseURL!, 'specialist');
  const admin = await staff(baseURL!, 'admin');
  const applicant = {
    kind: 'citizen',
    name: 'Trần Văn Ký',
    idNumber: '038190054321',
    phone: '0912000111',
    email: 'ky@example.vn',
    address: 'Phường Hạc Thành, Thanh Hóa',
  };
  const created = await officerApi.post('/api/v1/dossiers', {
    data: { procedureCode: '2.000488', caseKey: 'chuan', channel: 'counter', applicant, components: [{ index: 0 }] },
  });
  expect(created.status(), await created.text()).toBe(201);
  const { id, code } = await created.json();
  // A document with a digital signature, as an applicant brings one: the sealed receipt of the dossier.
  const signedDoc = await (await officerApi.get(`/api/v1/dossiers/${id}/documents/receipt`)).body();

  // ---- intake: the officer uploads it and sees the verdict ------------------------------------------
  const officer = await session(browser, 'one_stop_officer');
  await officer.goto(`/ho-so/${id}`);
  await expect(officer.getByTestId('detail-code')).toHaveText(code);
  await officer.getByLabel('Tệp (PDF, JPG, PNG, DOCX, XLSX)').setInputFiles({ name: 'giay-to-da-ky.pdf', mimeType: 'application/pdf', buffer: signedDoc });
  await officer.getByRole('button', { name: 'Tải lên', exact: true }).click();
  const verdict = officer.getByTestId('file-signature').first();
  await expect(verdict).toContainText(/Ký số hợp lệ — Trung tâm Phục vụ hành chính công .*, \d\d\/\d\d\/\d{4}/);
  await verdict.scrollIntoViewIfNeeded();
  await shots(officer, 'signatures-intake');

  // ---- processing; the leader approves and signs ----------------------------------------------------
  await act(officerApi, admin, id, { type: 'forward' });
  await act(specialistApi, admin, id, { type: 'next_step' });
  const up = await specialistApi.post(`/api/v1/dossiers/${id}/files?kind=result`, {
    multipart: { file: { name: 'phieu-lltp.pdf', mimeType: 'application/pdf', buffer: await samplePdf('Phieu ly lich tu phap so 9') } },
  });
  expect(up.status(), await up.text()).toBe(201);
  const leader = await session(browser, 'unit_leader');
  await leader.goto(`/ho-so/${id}`);
  await leader.getByTestId('dossier-actions').locator('button[data-action="result_ready"]').click();
  const dialog = leader.getByRole('dialog');
  await dialog.getByLabel('Số văn bản kết quả').fill('99/LLTP');
  await dialog.getByLabel('Người ký').fill('Phạm Quốc Hưng');
  await dialog.getByLabel('Tệp kết quả').selectOption({ label: 'phieu-lltp.pdf' });
  await expect(dialog.getByTestId('sign-hint')).toContainText('ký số bằng chứng thư số của người phê duyệt');
  await leader.screenshot({ path: `${OUT}/signatures-approve-dialog.png` });
  await dialog.getByTestId('action-submit').click();
  await expect(dialog).toHaveCount(0);
  const resultVerdict = leader.getByTestId('file-signature').filter({ hasText: 'Phạm Quốc Hưng' });
  await expect(resultVerdict).toContainText(/^✓ Ký số hợp lệ — Phạm Quốc Hưng \(demo\), Sở Tư pháp tỉnh Thanh Hóa, \d\d\/\d\d\/\d{4}$/);
  await resultVerdict.scrollIntoViewIfNeeded();
  await shots(leader, 'signatures-approved');

  // ---- the public check of the signed result ------------------------------------------------------------
  const d = await (await admin.get(`/api/v1/dossiers/${id}`)).json();
  const signed = await (await admin.get(`/api/v1/dossiers/${id}/files/${d.result.fileId}`)).body();
  const visitor = await (await browser.newContext()).newPage();
  await visitor.setViewportSize(DESKTOP);
  await visitor.goto('/tra-cuu');
  const card = visitor.getByTestId('signature-check');
  await card.getByLabel('Tệp PDF').setInputFiles({ name: 'ket-qua.pdf', mimeType: 'application/pdf', buffer: signed });
  await card.getByRole('button', { name: 'Kiểm tra' }).click();
  await expect(card.getByTestId('signature-verdict')).toContainText('Ký số hợp lệ — Phạm Quốc Hưng (demo), Sở Tư pháp tỉnh Thanh Hóa');
  await card.scrollIntoViewIfNeeded();
  await shots(visitor, 'signatures-public-check');
  // One changed byte: the same page says the document was changed after signing.
  const bad = Buffer.from(signed);
  const i = bad.indexOf('/MediaBox');
  bad[i + 12] = bad[i + 12] === 0x39 ? 0x38 : 0x39;
  await card.getByLabel('Tệp PDF').setInputFiles({ name: 'ket-qua-sua.pdf', mimeType: 'application/pdf', buffer: bad });
  await card.getByRole('button', { name: 'Kiểm tra' }).click();
  await expect(card.getByTestId('signature-verdict')).toContainText('Chữ ký không hợp lệ: tài liệu đã bị sửa sau khi ký');
  await shots(visitor, 'signatures-public-tampered');

  // ---- the QR code in the signed block opens the public check of this result ------------------------
  const original = (await up.json()).sha256 as string;
  expect(signed.toString('latin1')).toContain('/Subtype /Widget /FT /Sig');
  await visitor.goto(`/tra-cuu?kq=${original}`);
  const qr = visitor.getByTestId('result-check');
  await expect(qr).toContainText(code);
  await expect(qr.getByTestId('result-check-verdict')).toContainText(/Ký số hợp lệ — Phạm Quốc Hưng \(demo\), Sở Tư pháp tỉnh Thanh Hóa, \d\d\/\d\d\/\d{4}/);
  expect(await axe(visitor), 'axe on the result check').toEqual([]);
  await shots(visitor, 'signatures-qr-check');
  await visitor.goto(`/tra-cuu?kq=${'0'.repeat(64)}`);
  await expect(visitor.getByTestId('result-check')).toContainText('Không có kết quả nào khớp mã kiểm tra này');
});

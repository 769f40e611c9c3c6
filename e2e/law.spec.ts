import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test, type Browser } from '@playwright/test';
import { act, axe, shots, staff, signedInPage } from './helpers.js';

/**
 * Issue 18 §2 in the browser: the specialist refuses a dossier after appraisal with the reason; the
 * written refusal (Mẫu 03 of the circular in force, numbered, sealed) becomes the dossier's result;
 * the citizen sees it on their dossier and downloads the PDF; the timeline cites the law in force
 * for the dossier; the public lookup says "Từ chối giải quyết" and why.
 */
const DESKTOP = { width: 1366, height: 900 };
const REASON = 'Người yêu cầu không thuộc đối tượng được cấp Phiếu lý lịch tư pháp theo quy định';

const session = (browser: Browser, username: string) => signedInPage(browser, username);

function pdfText(buf: Buffer): string {
  const dir = mkdtempSync(join(tmpdir(), 'e2e-law-'));
  try {
    writeFileSync(join(dir, 'r.pdf'), buf);
    return execFileSync('pdftotext', ['-enc', 'UTF-8', join(dir, 'r.pdf'), '-'], { encoding: 'utf8' })
      .normalize('NFC')
      .replace(/\s+/g, ' ');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

test('refusal after appraisal with the reason → the written refusal is the result the citizen downloads', async ({ browser, baseURL }) => {
  test.setTimeout(240_000); // three sessions on a shared 2-core machine
  // The citizen submits online; the one-stop section receives and forwards it (over the API).
  const citizenApi = await staff(baseURL!, 'citizen');
  const officerApi = await staff(baseURL!, 'one_stop_officer');
  const admin = await staff(baseURL!, 'admin');
  const centre = (await (await citizenApi.get('/api/v1/agencies?kind=provincial_service_centre&current=true')).json()).items[0];
  const created = await citizenApi.post('/api/v1/dossiers', {
    headers: { 'idempotency-key': `e2e-law-${Date.now()}` },
    data: {
      procedureCode: '2.000488',
      channel: 'online',
      receivingAgencyId: centre.id,
      applicant: {
        kind: 'citizen',
        name: 'Lê Văn An',
        idNumber: '038090001234',
        phone: '0912345678',
        email: 'an@example.vn',
        address: 'Phường Hạc Thành, Thanh Hóa',
      },
    },
  });
  expect(created.status(), await created.text()).toBe(201);
  const { id, code } = await created.json();
  await act(officerApi, admin, id, { type: 'receive' });
  await act(officerApi, admin, id, { type: 'forward' });

  // ---- the specialist refuses after appraisal, stating the reason ----------------------------------
  const specialist = await session(browser, 'specialist');
  await specialist.goto(`/ho-so/${id}`);
  await expect(specialist.getByTestId('detail-code')).toHaveText(code);
  await specialist.getByTestId('dossier-actions').locator('button[data-action="stop"]').click();
  const dialog = specialist.getByRole('dialog');
  await expect(dialog).toBeVisible();
  await dialog.getByLabel('Lý do').fill(REASON);
  await dialog.getByTestId('action-submit').click();
  await expect(dialog).toHaveCount(0);
  const written = specialist.getByTestId('written-refusal');
  await expect(written).toContainText(/Thông báo số \d+\/TB-TCGQ, là kết quả giải quyết hồ sơ/);
  // The action log cites the decree in force for this dossier (received now: Nghị định 118/2025 as amended).
  await expect(specialist.getByTestId('dossier-timeline')).toContainText(
    'Căn cứ: NĐ 118/2025 (sửa đổi bởi NĐ 367/2025) (từ chối giải quyết sau thẩm định); TT 03/2025 Mẫu 03',
  );
  expect(await axe(specialist)).toEqual([]);
  await shots(specialist, 'law-refusal-officer');

  // ---- the citizen sees the refusal as the result and downloads it ----------------------------------
  const citizen = await session(browser, 'citizen');
  await citizen.goto(`/ho-so/${id}`);
  await expect(citizen.getByTestId('detail-code')).toHaveText(code);
  await expect(citizen.getByText('Từ chối giải quyết', { exact: true })).toBeVisible();
  await expect(citizen.getByText(REASON).first()).toBeVisible();
  const link = citizen.getByTestId('dossier-documents').locator('a[data-doc="appraisal-refusal"]');
  await expect(link).toHaveText(/Thông báo từ chối giải quyết hồ sơ \(kết quả\)/);
  expect(await axe(citizen)).toEqual([]);
  await shots(citizen, 'law-refusal-citizen');
  const res = await citizen.request.get((await link.getAttribute('href'))!);
  expect(res.status()).toBe(200);
  expect(res.headers()['content-type']).toContain('application/pdf');
  const buf = await res.body();
  writeFileSync(`${process.env.E2E_OUT ?? 'test-results'}/law-written-refusal.pdf`, buf);
  const text = pdfText(buf);
  expect(text).toContain('PHIẾU TỪ CHỐI TIẾP NHẬN GIẢI QUYẾT HỒ SƠ');
  expect(text).toContain('(Từ chối giải quyết hồ sơ sau thẩm định)');
  expect(text).toContain(code);
  expect(text).toContain(REASON);
  expect(text).toContain('Căn cứ: Nghị định 118/2025/NĐ-CP (sửa đổi, bổ sung bởi Nghị định 367/2025/NĐ-CP); Mẫu số 03, Thông tư 03/2025/TT-VPCP');

  // ---- the public lookup with the receipt's key ------------------------------------------------------
  const d = await (await citizenApi.get(`/api/v1/dossiers/${id}`)).json();
  const page = await (await browser.newContext()).newPage();
  await page.setViewportSize(DESKTOP);
  await page.goto(`/tra-cuu?ma=${encodeURIComponent(code)}&k=${encodeURIComponent(d.lookupKey)}`);
  const outcome = page.getByTestId('lookup-outcome');
  await expect(outcome).toContainText('Từ chối giải quyết');
  await expect(outcome).toContainText(`Lý do: ${REASON}`);
  expect(await axe(page)).toEqual([]);
  await shots(page, 'law-refusal-lookup');
  await Promise.all([citizenApi.dispose(), officerApi.dispose(), admin.dispose()]);
});

import { expect, test, type Page, type APIRequestContext } from '@playwright/test';

/**
 * The agency's side of administrative reform, and the anonymous survey:
 * - Sở Nội vụ issues next year's criteria (API); the Sở Tư pháp specialist scores a criterion and
 *   attaches an evidence PDF, the unit leader submits; the assessment is then read-only and Sở Nội
 *   vụ sees the file in the drill-down.
 * - The specialist lays down an annual plan on the frame; its item becomes a task.
 * - A visitor without an account answers the survey reached by the counter QR link.
 * - A returned dossier's public lookup shows the survey link, which carries nothing of the dossier.
 * Screens are saved at desktop width and at 375 px.
 */
const OUT = process.env.E2E_OUT ?? 'test-results';
const YEAR = Number(new Date(Date.now() + 7 * 3_600_000).toISOString().slice(0, 4)) + 1;
const PDF = Buffer.from('%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n');

async function login(page: Page, username: string) {
  await page.goto('/dang-nhap');
  await page.getByLabel('Tên đăng nhập').fill(username);
  await page.getByLabel('Mật khẩu', { exact: true }).fill('demo12345');
  await page.getByRole('button', { name: 'Đăng nhập', exact: true }).click();
  await expect(page).toHaveURL(/\/mot-cua/);
}
async function logout(page: Page) {
  await page.context().clearCookies();
}
async function token(request: APIRequestContext, username: string): Promise<string> {
  const r = await request.post('/api/v1/auth/login', { data: { username, password: 'demo12345' } });
  expect(r.ok()).toBeTruthy();
  return (await r.json()).token as string;
}
async function justiceId(request: APIRequestContext): Promise<string> {
  const r = await request.get(`/api/v1/agencies?q=${encodeURIComponent('Sở Tư pháp tỉnh Thanh Hóa')}&current=true`);
  return ((await r.json()).items as { id: string; name: string }[]).find((a) => a.name === 'Sở Tư pháp tỉnh Thanh Hóa')!.id;
}
async function shoot(page: Page, name: string) {
  await page.screenshot({ path: `${OUT}/${name}.png`, fullPage: true });
}

test('reform: the Sở Tư pháp specialist self-assesses with an evidence file, the unit leader submits', async ({ page, request }) => {
  test.setTimeout(180_000);
  const ha = await token(request, 'home_affairs');
  const tree = await request.put(`/api/v1/reform/par/${YEAR}/criteria`, {
    headers: { authorization: `Bearer ${ha}` },
    data: {
      items: [
        { code: '1', title: 'Công tác chỉ đạo, điều hành cải cách hành chính', maxPoints: 10, rule: 'sum', ruleNote: 'DEMO' },
        { code: '1.1', parentCode: '1', title: 'Kế hoạch cải cách hành chính năm', maxPoints: 4, rule: 'manual', evidenceRequired: true },
        { code: '1.2', parentCode: '1', title: 'Báo cáo cải cách hành chính định kỳ', maxPoints: 6, rule: 'manual' },
        { code: '2', title: 'Tác động của cải cách hành chính (điều tra xã hội học)', maxPoints: 20, rule: 'survey' },
      ],
    },
  });
  expect(tree.status()).toBe(200);

  await login(page, 'specialist');
  await page.getByRole('navigation', { name: 'Điều hướng chính' }).getByRole('link', { name: 'Cải cách hành chính' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Tự đánh giá Chỉ số cải cách hành chính');
  await page.goto(`/cai-cach-hanh-chinh/don-vi?nam=${YEAR}`);
  const form = page.getByTestId('self-assessment');
  await expect(form).toContainText('Điểm lấy từ điều tra xã hội học');
  await expect(form.getByLabel(/Điểm tự chấm tiêu chí 2 /)).toHaveCount(0);
  await form.getByLabel('Điểm tự chấm tiêu chí 1.1 (0–4)').fill('4');
  await form.getByLabel('Điểm tự chấm tiêu chí 1.2 (0–6)').fill('5');
  // Evidence file for 1.1 (uploaded at once, listed with a download link).
  const crit11 = form.locator('section', { hasText: '1.1. Kế hoạch cải cách hành chính năm' });
  await crit11.locator('input[type=file]').setInputFiles({ name: 'Ke-hoach-CCHC-STP.pdf', mimeType: 'application/pdf', buffer: PDF });
  await expect(page.getByTestId('files-1.1')).toContainText('Ke-hoach-CCHC-STP.pdf');
  // The upload reloaded the tree; the typed scores are kept and saved now.
  await expect(form.getByLabel('Điểm tự chấm tiêu chí 1.1 (0–4)')).toHaveValue('4');
  await page.getByRole('button', { name: 'Lưu điểm tự chấm' }).click();
  await expect(page.getByText('Đã lưu điểm tự chấm.')).toBeVisible();
  await expect(page.getByTestId('self-total')).toContainText('Tự chấm: 9 / 30 điểm');
  await expect(page.getByText('Chỉ lãnh đạo cơ quan (tài khoản lãnh đạo) gửi được bản tự đánh giá.')).toBeVisible();
  await shoot(page, 'reform-self-assessment');
  await page.setViewportSize({ width: 375, height: 800 });
  await shoot(page, 'reform-self-assessment-375');
  await page.setViewportSize({ width: 1280, height: 800 });

  // The specialist lays down next year's annual plan; its item becomes a task.
  await page.getByRole('link', { name: 'Kế hoạch CCHC của cơ quan' }).click();
  await page.getByRole('button', { name: 'Lập kế hoạch mới' }).click();
  await page.getByLabel('Năm (kế hoạch 5 năm: năm bắt đầu giai đoạn)').fill(String(YEAR));
  await page.getByLabel('Lĩnh vực').selectOption('digital_government');
  await page.getByLabel('Nội dung, nhiệm vụ').fill('Số hóa 100% kết quả giải quyết thủ tục hành chính lĩnh vực hộ tịch');
  await page.getByLabel('Sản phẩm').fill('Kho dữ liệu kết quả đã số hóa');
  await page.getByLabel('Thời hạn').fill(`${YEAR}-11-30`);
  await page.getByRole('button', { name: 'Lập kế hoạch', exact: true }).click();
  const items = page.getByTestId('plan-items');
  await expect(items).toContainText('Số hóa 100% kết quả');
  await expect(items).toContainText('Chưa thực hiện');
  await shoot(page, 'reform-plan');
  await logout(page);

  // The unit leader submits; afterwards the assessment is read-only.
  await login(page, 'unit_leader');
  await page.goto(`/cai-cach-hanh-chinh/don-vi?nam=${YEAR}`);
  page.once('dialog', (d) => d.accept());
  await page.getByRole('button', { name: 'Gửi Sở Nội vụ thẩm định' }).click();
  await expect(page.getByText('Đã gửi bản tự đánh giá.')).toBeVisible();
  await expect(page.getByText(/chỉ xem, không sửa được/)).toBeVisible();
  await expect(page.getByRole('button', { name: 'Lưu điểm tự chấm' })).toHaveCount(0);
  await expect(page.locator('input[type=file]')).toHaveCount(0);
  await expect(page.getByRole('link', { name: 'Tải Ke-hoach-CCHC-STP.pdf' })).toBeVisible();
  await shoot(page, 'reform-self-submitted');
  await logout(page);

  // Sở Nội vụ sees the file in the drill-down and the plan in the status list.
  await login(page, 'home_affairs');
  const agency = await justiceId(request);
  await page.goto(`/cai-cach-hanh-chinh/co-quan?id=${agency}&nam=${YEAR}`);
  const link = page.getByTestId('par-evidence').getByRole('link', { name: 'Ke-hoach-CCHC-STP.pdf' });
  await expect(link).toBeVisible();
  const dl = await request.get((await link.getAttribute('href'))!, { headers: { authorization: `Bearer ${ha}` } });
  expect(dl.status()).toBe(200);
  expect(Buffer.from(await dl.body()).equals(PDF)).toBeTruthy();
  await page.goto(`/cai-cach-hanh-chinh?nam=${YEAR}`);
  await expect(page.getByTestId('plan-status-counts')).toContainText('Đúng hạn 1');
  await shoot(page, 'reform-dashboard-plans');
  await page.goto('/cai-cach-hanh-chinh/phieu-khao-sat');
  const versions = page.getByTestId('questionnaires');
  await expect(versions).toContainText('2640');
  // The seeded default (2640) never changes — in the demo it also has responses: view only; a
  // change starts from a copy, here a draft for next year with the same five questions.
  const def = versions.locator('tbody tr', { hasText: '2640', hasNotText: '(bản năm' }); // its copies keep the title, plus "(bản năm …)"
  await expect(def).toContainText('Mặc định');
  await expect(def.getByRole('button', { name: 'Sửa' })).toHaveCount(0);
  await def.getByRole('button', { name: 'Xem' }).click();
  const editor = page.getByTestId('questionnaire-editor');
  await expect(editor).toContainText('phiếu gốc, không sửa được');
  await expect(editor.locator('#qb-title')).toBeDisabled(); // inside the disabled fieldset
  await page.getByLabel('Năm', { exact: true }).fill(String(YEAR));
  await def.getByRole('button', { name: 'Sao từ bản này' }).click();
  await expect(editor).toContainText(`${YEAR} · Bản 1`);
  await expect(editor).toContainText('Đang soạn');
  await expect(editor).toContainText('Câu hỏi (thang 1–5)');
  await expect(editor.locator('textarea')).toHaveCount(6);
  await expect(editor.locator('#qb-title')).toBeEnabled();
  await expect(versions.locator('tbody tr', { hasText: `(bản năm ${YEAR})` }).getByRole('button', { name: 'Sửa' })).toBeVisible();
  await shoot(page, 'reform-questionnaires');
});

test('reform: an anonymous visitor answers the SIPAS survey from the counter QR link; a returned dossier links to it without its code', async ({
  page,
  request,
}) => {
  test.setTimeout(120_000);
  const agency = await justiceId(request);
  const ha = await token(request, 'home_affairs');
  const year = YEAR - 1;
  const before = await (await request.get(`/api/v1/reform/sipas/index?year=${year}`, { headers: { authorization: `Bearer ${ha}` } })).json();
  const n0 =
    (before.items as { agencyId: string; sector: string; sampleSize: number }[]).find((i) => i.agencyId === agency && i.sector === 'administrative')
      ?.sampleSize ?? 0;

  await page.setViewportSize({ width: 375, height: 800 });
  await page.goto(`/khao-sat?co-quan=${agency}&linh-vuc=administrative&kenh=qr_counter`);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Khảo sát sự hài lòng');
  await expect(page.getByText(/Sở Tư pháp tỉnh Thanh Hóa/).first()).toBeVisible();
  const form = page.getByTestId('survey-form');
  const groups = form.locator('fieldset');
  await expect(groups).toHaveCount(5);
  // The scale reads 1 → 5 left to right, as the dossier rating does (issue 20).
  expect(
    await groups
      .nth(0)
      .locator('input[type=radio]')
      .evaluateAll((xs) => xs.map((x) => (x as HTMLInputElement).value)),
  ).toEqual(['1', '2', '3', '4', '5']);
  for (const [i, v] of [
    [0, 5],
    [1, 4],
    [2, 4],
    [3, 5],
    [4, 3],
  ])
    await groups.nth(i).getByText(String(v), { exact: true }).click();
  await shoot(page, 'reform-survey-375');
  await page.getByRole('button', { name: 'Gửi phiếu' }).click();
  await expect(page.getByText(/Cảm ơn Anh\/Chị đã trả lời/)).toBeVisible();
  const after = await (await request.get(`/api/v1/reform/sipas/index?year=${year}`, { headers: { authorization: `Bearer ${ha}` } })).json();
  const a = (after.items as { agencyId: string; sector: string; sampleSize: number; channels: Record<string, number> }[]).find(
    (i) => i.agencyId === agency && i.sector === 'administrative',
  )!;
  expect(a.sampleSize).toBe(n0 + 1);
  expect(a.channels.qr_counter).toBeGreaterThanOrEqual(1);

  // A returned dossier (status 10) on the public lookup invites the survey of its receiving agency.
  const officer = await token(request, 'one_stop_officer');
  // (one filed in MotCua, with a lookup key: the demo also holds a year of imported history)
  const list = await (await request.get('/api/v1/dossiers?status=10&limit=500', { headers: { authorization: `Bearer ${officer}` } })).json();
  const d = (list.items as { id: string; code: string; lookupKey: string | null; receivingAgency: { id: string } }[]).filter((x) => x.lookupKey).at(-1)!;
  expect(d, 'the demo data has a returned dossier').toBeTruthy();
  await page.setViewportSize({ width: 1280, height: 800 });
  // (the receipt's QR link: the code and its lookup key)
  await page.goto(`/tra-cuu?ma=${encodeURIComponent(d.code)}&k=${d.lookupKey}`);
  const prompt = page.getByTestId('sipas-prompt');
  await expect(prompt).toBeVisible();
  const href = (await prompt.getByRole('link', { name: 'Trả lời khảo sát' }).getAttribute('href'))!;
  const u = new URL(href, 'http://x');
  expect(u.pathname).toBe('/khao-sat');
  expect([...u.searchParams.keys()].sort()).toEqual(['co-quan', 'kenh', 'linh-vuc']);
  expect(u.searchParams.get('co-quan')).toBe(d.receivingAgency.id);
  expect(u.searchParams.get('kenh')).toBe('after_return');
  expect(href).not.toContain(d.code);
  expect(href).not.toContain(d.id);
  await shoot(page, 'reform-lookup-prompt');
});

test('reform: /khao-sat opened directly offers the agency and the sector, then the survey of that agency', async ({ page }) => {
  await page.setViewportSize({ width: 375, height: 800 });
  await page.goto('/khao-sat');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Khảo sát sự hài lòng');
  const chooser = page.getByTestId('survey-choose');
  await expect(chooser.getByRole('button', { name: 'Bắt đầu khảo sát' })).toBeDisabled();
  await chooser.getByLabel('Tìm cơ quan').fill('tư pháp');
  const select = chooser.getByLabel('Cơ quan đã phục vụ Anh/Chị');
  await expect(select.locator('option', { hasText: 'Sở Tư pháp tỉnh Thanh Hóa' })).toHaveCount(1);
  await select.selectOption({ label: 'Sở Tư pháp tỉnh Thanh Hóa' });
  await chooser.getByLabel('Lĩnh vực dịch vụ').selectOption('administrative');
  await shoot(page, 'reform-survey-choose-375');
  await chooser.getByRole('button', { name: 'Bắt đầu khảo sát' }).click();
  await expect(page).toHaveURL(/co-quan=[0-9a-f-]{36}/);
  await expect(page.getByTestId('survey-form')).toBeVisible();
  await expect(page.getByText(/Sở Tư pháp tỉnh Thanh Hóa/).first()).toBeVisible();
  // A link whose agency id is wrong says so and still offers the choice.
  await page.goto('/khao-sat?co-quan=00000000-0000-4000-8000-00000000abcd');
  await expect(page.getByText(/mã cơ quan không đúng/)).toBeVisible();
  await expect(page.getByTestId('survey-choose')).toBeVisible();
});

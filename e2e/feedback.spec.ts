import { expect, test, type Page } from '@playwright/test';

/**
 * A citizen sends a feedback from the portal; the provincial office forwards it to Sở Tư pháp; the
 * department answers; the office moderates and publishes; the citizen sees the answer with the
 * code and phone; the public page shows it without the sender's personal data.
 */
const SENDER = { name: 'Trịnh Văn Khánh', phone: '0916 222 333', phoneNormal: '0916222333', email: 'khanh.e2e@example.vn' };

async function logIn(page: Page, username: string): Promise<void> {
  await page.goto('/dang-nhap');
  await page.getByLabel('Tên đăng nhập').fill(username);
  await page.getByLabel('Mật khẩu', { exact: true }).fill('demo12345');
  await page.getByRole('button', { name: 'Đăng nhập', exact: true }).click();
  await expect(page).toHaveURL(/\/mot-cua$/);
}

async function logOut(page: Page): Promise<void> {
  await page.getByRole('button', { name: 'Đăng xuất' }).click();
  await expect(page).toHaveURL(/\/$/);
}

async function openInQueue(page: Page, code: string): Promise<void> {
  await page.goto('/phan-anh-kien-nghi');
  await page.getByLabel('Từ khóa').fill(code);
  await page.getByRole('button', { name: 'Tìm kiếm' }).click();
  await page.getByRole('link', { name: code }).click();
  await expect(page.getByTestId('feedback-detail')).toContainText(code);
}

test('feedback: submit → forward → answer → publish; the citizen sees the answer; the public page hides personal data', async ({ page }) => {
  // 1. The citizen submits from the public portal (no account needed).
  await page.goto('/');
  await page.getByRole('navigation', { name: 'Điều hướng chính' }).getByRole('link', { name: 'Phản ánh, kiến nghị' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Kết quả trả lời phản ánh, kiến nghị');
  await page.getByRole('link', { name: 'Gửi phản ánh, kiến nghị' }).click();
  // The ~60 categories are picked in two short lists: what it is about, then the agency.
  await page.getByLabel('Phản ánh, kiến nghị về').selectOption('procedure_handling');
  await page.getByLabel('Cơ quan có thẩm quyền').selectOption({ label: 'Sở Tư pháp tỉnh Thanh Hóa' });
  await page.getByLabel('Tiêu đề').fill('Chứng thực bản sao bị yêu cầu nộp thêm giấy tờ');
  await page.getByLabel('Nội dung').fill('Khi chứng thực bản sao giấy tờ, cán bộ yêu cầu tôi nộp thêm bản sao căn cước dù không có trong quy định.');
  await page.getByLabel('Họ và tên').fill(SENDER.name);
  await page.getByLabel('Số điện thoại').fill(SENDER.phone);
  await page.getByLabel('Thư điện tử').fill(SENDER.email);
  await page.getByRole('button', { name: 'Gửi phản ánh' }).click();
  const code = (await page.getByTestId('feedback-code').textContent())!.trim();
  expect(code).toMatch(/^PAKN-\d{4}-\d{6}$/);

  // 2. The provincial office classifies and forwards (the agency comes from the chosen topic).
  await logIn(page, 'provincial_office');
  await openInQueue(page, code);
  const detail = page.getByTestId('feedback-detail');
  await expect(detail).toContainText(SENDER.name);
  // Pre-filled from the sender's category: its topic and its agency.
  await expect(detail.getByLabel('Phân loại')).toHaveValue('procedure_handling');
  await expect(detail.getByLabel('Cơ quan có thẩm quyền')).toHaveValue(/[0-9a-f-]{36}/);
  await detail.getByRole('button', { name: 'Chuyển xử lý' }).click();
  await expect(detail.getByRole('status')).toContainText('Đã chuyển cơ quan có thẩm quyền.');
  await expect(detail).toContainText('Sở Tư pháp tỉnh Thanh Hóa');
  await logOut(page);

  // 3. Sở Tư pháp answers in writing.
  await logIn(page, 'specialist');
  await openInQueue(page, code);
  await detail.locator('#fd-astatus').selectOption('accepted');
  await detail.getByLabel('Số văn bản trả lời').fill('301/STP-HCTP');
  await detail
    .getByLabel('Nội dung trả lời')
    .fill(`Sở Tư pháp trả lời ông ${SENDER.name}: tiếp thu phản ánh; đã nhắc nhở cán bộ, việc chứng thực bản sao không yêu cầu giấy tờ khác ngoài bản chính.`);
  await detail.getByRole('button', { name: 'Gửi trả lời' }).click();
  await expect(detail.getByRole('status')).toContainText('Đã trả lời');
  await page.screenshot({ path: 'test-results/feedback-officer.png', fullPage: true });
  await logOut(page);

  // 4. The office moderates (the draft masks the sender's name) and publishes.
  await logIn(page, 'provincial_office');
  await openInQueue(page, code);
  await expect(detail.locator('#fd-pans')).toHaveValue(/\[đã ẩn\]/);
  await expect(detail.locator('#fd-pans')).not.toHaveValue(new RegExp(SENDER.name));
  await detail.getByRole('button', { name: 'Công khai kết quả' }).click();
  await expect(detail.getByRole('status')).toContainText('Đã công khai kết quả.');
  await logOut(page);

  // 5. The citizen follows the feedback with the code and phone and sees the answer.
  await page.goto(`/phan-anh/theo-doi?ma=${code}&lh=${SENDER.phoneNormal}`);
  const track = page.getByTestId('feedback-track');
  await expect(track).toContainText('Đã công khai kết quả');
  await expect(track.getByTestId('feedback-answer')).toContainText('301/STP-HCTP');
  await expect(track.getByTestId('feedback-answer')).toContainText('đã nhắc nhở cán bộ');
  await page.screenshot({ path: 'test-results/feedback-track.png', fullPage: true });

  // 6. The public page shows the answer, without the sender's personal data.
  await page.goto('/phan-anh');
  await page.getByLabel('Từ khóa').fill(code);
  await page.getByRole('button', { name: 'Tìm kiếm' }).click();
  const item = page.getByTestId('feedback-public-item').filter({ hasText: code });
  await expect(item).toHaveCount(1);
  await expect(item).toContainText('Tiếp thu');
  await expect(item).toContainText('đã nhắc nhở cán bộ');
  const text = (await page.getByTestId('feedback-public').textContent()) ?? '';
  for (const secret of [SENDER.name, SENDER.phoneNormal, SENDER.phone, SENDER.email]) expect(text).not.toContain(secret);
  await page.getByLabel('Từ khóa').fill('');
  await page.getByRole('button', { name: 'Tìm kiếm' }).click();
  await page.screenshot({ path: 'test-results/feedback-public.png', fullPage: true });
});

test('feedback statistics for a leader', async ({ page }) => {
  await logIn(page, 'provincial_office');
  await page.getByRole('navigation', { name: 'Điều hướng chính' }).getByRole('link', { name: 'Thống kê phản ánh' }).click();
  const table = page.getByTestId('feedback-stats');
  await expect(table).toContainText('Sở Tư pháp tỉnh Thanh Hóa');
  await expect(table).toContainText('Toàn tỉnh');
  await page.screenshot({ path: 'test-results/feedback-stats.png', fullPage: true });
});

import { expect, test, type Page } from '@playwright/test';
import { act, PASSWORD, shots, staff } from './helpers.js';

async function logIn(page: Page, username: string): Promise<void> {
  await page.goto('/dang-nhap');
  await page.getByLabel('Tên đăng nhập').fill(username);
  await page.getByLabel('Mật khẩu', { exact: true }).fill(PASSWORD);
  await page.getByRole('button', { name: 'Đăng nhập', exact: true }).click();
  await expect(page).not.toHaveURL(/dang-nhap/);
}

test('a citizen sees the notice of their dossier under the bell, reads it and sets quiet hours', async ({ page, baseURL }) => {
  // The citizen submits online (over the API); the server's outbox worker writes the notification.
  const citizen = await staff(baseURL!, 'citizen');
  const centre = (await (await citizen.get('/api/v1/agencies?kind=provincial_service_centre&current=true')).json()).items[0];
  const created = await citizen.post('/api/v1/dossiers', {
    headers: { 'idempotency-key': `e2e-notify-${Date.now()}` },
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
  const dossier = await created.json();
  // Its own notice, and no older demo notice still being delivered (they would come above it, newest first).
  const admin = await staff(baseURL!, 'admin');
  await expect
    .poll(
      async () =>
        ((await (await admin.get('/api/v1/admin/outbox')).json()) as { topics: { topic: string; pending: number }[] }).topics.find(
          (x) => x.topic === 'notify.applicant',
        )?.pending ?? 0,
      { timeout: 120_000 },
    )
    .toBe(0);
  await expect
    .poll(
      async () =>
        ((await (await citizen.get('/api/v1/notifications?limit=100')).json()) as { items: { subject: { id: string } | null }[] }).items.some(
          (n) => n.subject?.id === dossier.id,
        ),
      { timeout: 60_000 },
    )
    .toBe(true);
  await citizen.dispose();
  await admin.dispose();

  await logIn(page, 'citizen');
  const bell = page.getByTestId('notification-bell');
  await expect(page.getByTestId('bell-count')).toBeVisible();
  await bell.click();
  await expect(page).toHaveURL(/\/thong-bao$/);
  const list = page.getByTestId('notification-list');
  await expect(list).toContainText(`Hồ sơ ${dossier.code}`);
  await expect(list).toContainText('đã được gửi trực tuyến');
  await shots(page, 'notifications-citizen');
  await page.getByTestId('read-all').click();
  await expect(page.getByTestId('bell-count')).toHaveCount(0);

  // Settings: SMS only, quiet from 21:00 to 07:00.
  const form = page.getByTestId('prefs-form');
  await form.getByLabel('Thư điện tử').uncheck();
  await form.getByLabel('Tin nhắn SMS').check();
  await form.getByLabel('Zalo').uncheck();
  await form.getByLabel('Không gửi qua các kênh trong khoảng giờ này').check();
  await form.locator('input[name="quiet-start"]').fill('21:00');
  await form.locator('input[name="quiet-end"]').fill('07:00');
  await form.getByRole('button', { name: 'Lưu' }).click();
  await expect(page.getByText('Đã lưu cài đặt thông báo.')).toBeVisible();
  const saved = await page.evaluate(async () => (await fetch('/api/v1/notifications/preferences')).json());
  expect(saved.channels).toEqual(['sms']);
  expect(saved.quietHours).toEqual({ start: '21:00', end: '07:00' });
});

test('the provincial office reads the monthly task digest on its screen', async ({ page }) => {
  await logIn(page, 'provincial_office');
  await page.goto('/giam-sat/nhiem-vu/tong-hop-thang?thang=2026-10');
  await expect(page.getByRole('heading', { name: 'Tổng hợp nhiệm vụ hằng tháng' })).toBeVisible();
  await expect(page.getByTestId('digest-totals')).toContainText('Tổng số');
  await expect(page.locator('.digest-table tbody tr').first()).toBeVisible();
  await shots(page, 'notifications-digest');
  // The digest also reached the office's notification centre (the server's outbox worker delivers it).
  await expect
    .poll(
      async () =>
        page.evaluate(async () =>
          ((await (await fetch('/api/v1/notifications?limit=100')).json()) as { items: { title: string }[] }).items.map((n) => n.title).join('|'),
        ),
      { timeout: 120_000 },
    )
    .toContain('Báo cáo tổng hợp nhiệm vụ tháng 10/2026');
  await page.getByTestId('notification-bell').click();
  await expect(page.getByTestId('notification-list')).toContainText('Báo cáo tổng hợp nhiệm vụ tháng 10/2026', { timeout: 30_000 });
});

test("a citizen's own notices: the dossier submitted, received, a supplement asked and a feedback answered reach the bell; one is marked read", async ({
  page,
  baseURL,
}) => {
  test.setTimeout(240_000);
  const citizen = await staff(baseURL!, 'citizen');
  const desk = await staff(baseURL!, 'one_stop_officer');
  const specialist = await staff(baseURL!, 'specialist');
  const office = await staff(baseURL!, 'provincial_office');
  const admin = await staff(baseURL!, 'admin');
  await citizen.post('/api/v1/notifications/read-all');
  const centre = (await (await citizen.get('/api/v1/agencies?kind=provincial_service_centre&current=true')).json()).items[0];
  const created = await citizen.post('/api/v1/dossiers', {
    headers: { 'idempotency-key': `e2e-notify-life-${Date.now()}` },
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
  const dossier = await created.json();
  await act(desk, admin, dossier.id, { type: 'receive' });
  await act(desk, admin, dossier.id, { type: 'forward' });
  await act(specialist, admin, dossier.id, { type: 'request_supplement', reason: 'Thiếu bản sao căn cước', items: ['Bản sao căn cước công dân'] });
  // A feedback sent from the citizen's account, answered by Sở Tư pháp.
  const fb = await citizen.post('/api/v1/feedback', {
    data: { content: 'Cán bộ tiếp nhận yêu cầu nộp thêm giấy tờ ngoài danh mục thủ tục lý lịch tư pháp.', name: 'Lê Văn An', phone: '0912000123' },
  });
  expect(fb.status(), await fb.text()).toBe(201);
  const f = await fb.json();
  const justice = (await (await admin.get(`/api/v1/agencies?q=${encodeURIComponent('Sở Tư pháp')}&current=true`)).json()).items[0];
  let fd = await (await office.get(`/api/v1/feedback/${f.id}`)).json();
  const cl = await office.post(`/api/v1/feedback/${f.id}/classify`, {
    data: { decision: 'forward', topic: 'officer_conduct', agencyId: justice.id, version: fd.version },
  });
  expect(cl.status(), await cl.text()).toBe(200);
  fd = await cl.json();
  const an = await specialist.post(`/api/v1/feedback/${f.id}/answer`, {
    data: {
      answerStatus: 'accepted',
      text: 'Sở Tư pháp đã chấn chỉnh cán bộ; hồ sơ chỉ gồm giấy tờ trong danh mục.',
      documentNo: '91/STP-VP',
      version: fd.version,
    },
  });
  expect(an.status(), await an.text()).toBe(200);
  // The server's outbox worker writes the notices.
  const kinds = async () =>
    ((await (await citizen.get('/api/v1/notifications?limit=100&unread=true')).json()) as { items: { kind: string; subject: { id: string } | null }[] }).items
      .filter((n) => n.subject?.id === dossier.id || n.subject?.id === f.id)
      .map((n) => n.kind);
  await expect
    .poll(async () => (await kinds()).sort().join(','), { timeout: 60_000 })
    .toBe('dossier.status,dossier.status,dossier.status,feedback.answered,feedback.received');
  const unread = ((await (await citizen.get('/api/v1/notifications/unread-count')).json()) as { unread: number }).unread;
  expect(unread).toBeGreaterThanOrEqual(5);
  for (const c of [citizen, desk, specialist, office, admin]) await c.dispose();

  await logIn(page, 'citizen');
  await expect(page.getByTestId('bell-count')).toHaveText(String(unread));
  await page.getByTestId('notification-bell').click();
  const list = page.getByTestId('notification-list');
  await expect(list).toContainText(`Hồ sơ ${dossier.code} đã được tiếp nhận`);
  await expect(list).toContainText(`Hồ sơ ${dossier.code} cần bổ sung, hoàn thiện`);
  await expect(list).toContainText(`Kết quả xử lý phản ánh ${f.code}`);
  await expect(list).toContainText('Sở Tư pháp đã chấn chỉnh cán bộ');
  await expect(page.getByTestId('unread-total')).toHaveText(`${unread} thông báo chưa đọc`);
  await shots(page, 'notifications-citizen-life');
  // Mark the feedback answer read: the count goes down by one, on the page and on the bell.
  const answer = list.locator('li', { hasText: `Kết quả xử lý phản ánh ${f.code}` });
  await answer.getByRole('button', { name: 'Đánh dấu đã đọc' }).click();
  await expect(answer.getByRole('button', { name: 'Đánh dấu đã đọc' })).toHaveCount(0);
  await expect(page.getByTestId('unread-total')).toHaveText(`${unread - 1} thông báo chưa đọc`);
  await expect(page.getByTestId('bell-count')).toHaveText(String(unread - 1));
  // The link of a dossier notice opens the citizen's dossier.
  await list
    .getByRole('link', { name: `Hồ sơ ${dossier.code}` })
    .first()
    .click();
  await expect(page).toHaveURL(new RegExp(`/ho-so/${dossier.id}$`));
  await expect(page.getByTestId('detail-code')).toHaveText(dossier.code);
  await expect(page.getByTestId('dossier-risk'), 'the estimate is for staff').toHaveCount(0);
});

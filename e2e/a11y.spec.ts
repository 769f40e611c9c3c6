import { expect, test, type Page } from '@playwright/test';
import { PASSWORD, axe, shots } from './helpers.js';

/**
 * axe-core (WCAG 2.1 A and AA) on the screens each kind of user works in, as they are and with
 * the text size raised to its largest step and the high-contrast theme on (issue 20). The bar is
 * 0 violations; a violation names the rule and the first elements, so the fix is findable.
 */
const SCREENS: Record<string, string[]> = {
  '': ['/', '/thu-tuc', '/thu-tuc/2.000488', '/tra-cuu', '/phan-anh', '/danh-gia-chat-luong', '/khao-sat', '/dang-nhap', '/dat-lich', '/dang-ky'],
  citizen: [
    '/cong-dan/ho-so',
    '/cong-dan/nop-ho-so',
    '/nop-ho-so/2.000488',
    '/cong-dan/kho-du-lieu',
    '/cong-dan/viec-can-lam',
    '/dat-lich',
    '/cong-dan/du-lieu-ca-nhan',
  ],
  one_stop_officer: ['/mot-cua', '/mot-cua/tiep-nhan', '/mot-cua/ho-so', '/phan-anh-kien-nghi', '/mot-cua/yeu-cau-chinh-sua', '/mot-cua/chung-thuc'],
  specialist: ['/xu-ly/ho-so', '/giam-sat/nhiem-vu', '/giam-sat/bao-cao', '/cai-cach-hanh-chinh/don-vi'],
  admin: [
    '/quan-tri/thu-tuc',
    '/quan-tri/can-bo',
    '/quan-tri/co-quan',
    '/quan-tri/lich',
    '/quan-tri/nhat-ky',
    '/quan-tri/hang-doi',
    '/quan-tri/mot-lan',
    '/chat-luong-phuc-vu',
    '/cai-cach-hanh-chinh',
    '/phan-anh-kien-nghi/thong-ke',
    '/quan-tri/du-lieu-ca-nhan',
    '/quan-tri/quay',
  ],
};

async function signIn(page: Page, username: string) {
  if (!username) return;
  const r = await page.request.post('/api/v1/auth/login', { data: { username, password: PASSWORD } });
  expect(r.ok(), `log in as ${username}`).toBeTruthy();
}

async function settle(page: Page, path: string, signedIn: boolean) {
  await page.goto(path);
  await page.waitForLoadState('networkidle');
  await expect(page.locator('h1').first()).toBeVisible();
  // The screen itself, not "not found" nor (signed in) the login form.
  await expect(page.locator('h1').first()).not.toHaveText(signedIn ? /Không tìm thấy trang|Đăng nhập/ : /Không tìm thấy trang/);
}

for (const [who, paths] of Object.entries(SCREENS)) {
  for (const raised of [false, true]) {
    test(`axe: ${who || 'anonymous'}${raised ? ', largest text and high contrast' : ''}`, async ({ page }) => {
      test.setTimeout(180_000);
      if (raised)
        await page.addInitScript(() => {
          localStorage.setItem('motcua.fontScale', '4');
          localStorage.setItem('motcua.contrast', '1');
        });
      await signIn(page, who);
      const found: string[] = [];
      for (const path of paths) {
        if (path === '/dang-nhap' && who) continue;
        await settle(page, path, !!who);
        for (const v of await axe(page)) found.push(`${path}: ${v}`);
      }
      expect(found).toEqual([]);
    });
  }
}

test('a dossier and a feedback as staff, at the largest text in high contrast: 0 violations, screenshots', async ({ page }) => {
  test.setTimeout(180_000);
  await page.addInitScript(() => {
    localStorage.setItem('motcua.fontScale', '4');
    localStorage.setItem('motcua.contrast', '1');
  });
  await signIn(page, 'admin');
  const dossiers = await (await page.request.get('/api/v1/dossiers?limit=1&status=4')).json();
  const feedback = await (await page.request.get('/api/v1/feedback?limit=1')).json();
  await settle(page, `/ho-so/${dossiers.items[0].id}`, true);
  expect(await axe(page)).toEqual([]);
  await shots(page, 'a11y-dossier-contrast');
  await settle(page, `/phan-anh-kien-nghi?id=${feedback.items[0].id}`, true);
  expect(await axe(page)).toEqual([]);
  await shots(page, 'a11y-feedback-contrast');
});

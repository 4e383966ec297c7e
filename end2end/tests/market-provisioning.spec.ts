// An order provisioned in the vendor's own system (protocol market.v1): the reference vendor
// system plays 福建闽数云计算有限公司 (serve.sh starts it). The business sees the vendor's progress
// message, then the service in use, and "Open" signs it in to its tenant in the vendor's system;
// the month's statement lists the service.
// Runs with and without JavaScript: the page is reloaded to see news, as a person would.
import AxeBuilder from '@axe-core/playwright';
import { type Page } from '@playwright/test';
import { DEMO } from './support/data';
import { expect, jsEnabled, logIn, open, submit, test } from './support/fixtures';
import { zh } from './support/i18n';
import { DEMO_ENTERPRISE, breakdown, fact, follow, productCard } from './support/market';

const PRODUCT = '马尾数据中心机柜托管';
const PROGRESS = '正在为贵企业创建云主机';
/** The demo citizen who administers the demo enterprise. */
const DEMO_AGENT = '张三';

/** axe-core's WCAG 2.0/2.1 A and AA rules find nothing on the page (axe is a script: it runs in
 * the JavaScript project only). */
async function expectNoAxeViolations(page: Page, what: string): Promise<void> {
  if (!jsEnabled()) return;
  const results = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
  expect(results.passes.length, 'axe ran its checks').toBeGreaterThan(10);
  expect(
    results.violations.map((v) => `${v.id} (${v.impact}): ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`),
    `axe violations on ${what}`,
  ).toEqual([]);
}

/** Reloads the page until `check` holds (the vendor reports in its own time). */
async function reloadUntil(page: Page, check: () => Promise<boolean>, message: string): Promise<void> {
  await expect
    .poll(
      async () => {
        await page.reload();
        return check();
      },
      { message, timeout: 30_000, intervals: [250] },
    )
    .toBe(true);
}

test('an order is provisioned by the vendor system: progress, then in use, and Open lands in the tool', async ({ page }) => {
  test.setTimeout(120_000);
  await logIn(page, DEMO.citizenMobile, DEMO.password);
  await open(page, `/market?q=${encodeURIComponent('Mawei')}`);
  const card = productCard(page, PRODUCT);
  await follow(card.getByRole('link', { name: PRODUCT, exact: true }), /\/market\/products\/[0-9a-f-]{36}$/);
  await follow(page.getByRole('link', { name: zh('market-order-link'), exact: true }), /\/order$/);

  // 张三 administers the business: one 1U slot, no voucher, no approval step.
  await page.getByLabel(zh('market-order-enterprise'), { exact: true }).selectOption({ label: DEMO_ENTERPRISE });
  await page.getByRole('group', { name: zh('market-plan'), exact: true }).getByLabel(/^1U托管 — /).check();
  await page.getByLabel(zh('market-quantity'), { exact: true }).fill('1');
  const voucher = page.getByLabel(zh('market-use-voucher'), { exact: true });
  if ((await voucher.count()) > 0) await voucher.uncheck();
  await submit(page.getByRole('button', { name: zh('market-order-review'), exact: true }));
  await submit(breakdown(page).getByRole('button', { name: zh('market-order-confirm'), exact: true }));
  await expect(page).toHaveURL(/\/market\/subscriptions\/[0-9a-f-]{36}\?notice=notice-order-placed$/);
  const subscription = new URL(page.url()).pathname;
  const facts = page.locator('main dl.guide-facts');
  const state = fact(facts, zh('market-state'));

  // The vendor's system reports progress first: the business sees its message.
  const progress = page.locator('#provisioning-progress');
  await reloadUntil(
    page,
    async () => ((await progress.count()) > 0 ? (await progress.innerText()).includes(PROGRESS) : false),
    "the vendor's progress message",
  );
  await expect(progress).toContainText(zh('market-provisioning-progress', { message: PROGRESS }));
  await expect(state).toHaveText(zh('subscription-state-awaiting-provisioning'));
  await expectNoAxeViolations(page, 'the subscription while the vendor provisions it');

  // Then it succeeds: the service is in use and opens in the vendor's system.
  const openButton = page.getByRole('button', { name: zh('market-open-tool-hint', { service: PRODUCT }) });
  await reloadUntil(page, async () => (await openButton.count()) > 0, 'the service is provisioned');
  await expect(state).toHaveText(zh('subscription-state-active'));
  await expect(progress).toHaveCount(0);
  await expectNoAxeViolations(page, 'the subscription in use, with its Open button');
  // "Open" signs the agent in to the tool with a one-time token the vendor checks.
  await openButton.click();
  await expect(page).toHaveURL(/^http:\/\/127\.0\.0\.1:\d+\/tenants\/[^/?]+\?sso_token=[\w-]+\.[\w-]+\.[\w-]+$/);
  await expect(page.locator('#signed-in')).toContainText(`已登录：${DEMO_AGENT}（${DEMO_ENTERPRISE}，`);
  // The same address again (a shared link, a reload) signs nobody in.
  await page.reload();
  await expect(page.locator('#refusal')).toHaveAttribute('data-code', 'sso_reused');

  // The month's statement lists the service, printable and as CSV.
  await open(page, '/market/mine');
  // (A printed document, not an app page: nothing hydrates there.)
  await page.getByRole('link', { name: zh('statement-link'), exact: true }).click();
  await expect(page).toHaveURL(/\/market\/statements$/);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(zh('statement-enterprise-title'));
  // (张三 may act for other enterprises too, made by other tests: choose the demo one.)
  const choice = page.getByRole('navigation', { name: zh('statement-enterprises') }).getByRole('link', { name: DEMO_ENTERPRISE, exact: true });
  if ((await choice.count()) > 0) {
    await choice.click();
    await expect(page).toHaveURL(/enterprise=/);
  }
  const lines = page.getByRole('table', { name: zh('statement-lines') });
  await expect(lines.getByRole('row').filter({ hasText: PRODUCT }).first()).toBeVisible();
  await expect(page.getByRole('link', { name: zh('statement-csv'), exact: true })).toHaveAttribute('href', /format=csv/);
  await expectNoAxeViolations(page, 'the statement');

  // The business was told.
  await open(page, '/notifications');
  // (Other runs of this test order the same product as the same person: find this order's.)
  const notice = page
    .locator(`a[href="${subscription}"]`)
    .filter({ hasText: zh('notification-market-provisioned', { service: PRODUCT }) });
  await expect(notice).toHaveCount(1);
});

// Accessibility of the cloud marketplace (云市场): axe-core (WCAG 2.0/2.1 A and AA rules) on
// every marketplace page, hydrated. A page passes with no violation of impact "serious" or
// "critical"; all violations found (of any impact) are attached to the test report.
import { expectNoSeriousViolations } from './support/a11y';
import { DEMO } from './support/data';
import { expect, logIn, open, submit, test } from './support/fixtures';
import { zh } from './support/i18n';
import {
  DEMO_VENDOR,
  askForQuote,
  becomeDemoAgent,
  breakdown,
  createListing,
  otherBrowser,
  publishListing,
  reviewLink,
  submitListing,
  uniqueListing,
} from './support/market';

test('the market, compare and product pages have no serious accessibility violations', async ({ page }, testInfo) => {
  await open(page, '/market');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(zh('market-title'));
  await expect(page.locator('.service-card').first()).toBeVisible();
  await expectNoSeriousViolations(page, testInfo, 'the market');

  for (const name of ['云启智能财务记账', '薪税通数电发票']) {
    await page.getByLabel(zh('market-compare-this', { name }), { exact: true }).check();
  }
  await submit(page.getByRole('button', { name: zh('market-compare-submit'), exact: true }));
  await expect(page).toHaveURL(/\/market\/compare\?ids=/);
  await expect(page.getByRole('table')).toBeVisible();
  await expectNoSeriousViolations(page, testInfo, 'the compare page');

  await page.getByRole('table').getByRole('link', { name: '云启智能财务记账' }).click();
  await expect(page).toHaveURL(/\/market\/products\/[0-9a-f-]{36}$/);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('云启智能财务记账');
  await expectNoSeriousViolations(page, testInfo, 'a product page');
});

test('the vendor application page has no serious accessibility violations, with errors too', async ({ page }, testInfo) => {
  await open(page, '/vendor/apply');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(zh('market-vendor-apply-title'));
  await expectNoSeriousViolations(page, testInfo, 'the vendor application');
  await page.getByLabel(zh('credit-code'), { exact: true }).fill('12345');
  await submit(page.getByRole('button', { name: zh('market-vendor-apply-submit'), exact: true }));
  await expect(page.getByRole('alert').getByRole('link').first()).toBeVisible();
  await expectNoSeriousViolations(page, testInfo, 'the vendor application with errors');
});

test('the vendor console and listing editor have no serious accessibility violations', async ({ page }, testInfo) => {
  await logIn(page, DEMO_VENDOR.username, DEMO.password);
  await open(page, '/vendor');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(zh('market-vendor-console'));
  await expect(page.getByRole('region', { name: zh('market-vendor-listings') })).toBeVisible();
  await expectNoSeriousViolations(page, testInfo, 'the vendor console');
  await open(page, '/vendor/listings/new');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(zh('market-listing-editor'));
  await expectNoSeriousViolations(page, testInfo, 'the new listing form');
});

test('the market administration and review pages have no serious accessibility violations', async ({ page, browser }, testInfo) => {
  const listing = uniqueListing();
  const vendor = await otherBrowser(browser);
  try {
    await logIn(vendor.page, DEMO_VENDOR.username, DEMO.password);
    await createListing(vendor.page, listing);
    await submitListing(vendor.page);
  } finally {
    await vendor.close();
  }
  await logIn(page, DEMO.operator, DEMO.password);
  await open(page, '/admin/market');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(zh('market-admin-title'));
  await expect(reviewLink(page, listing)).toBeVisible();
  await expectNoSeriousViolations(page, testInfo, 'the market administration');
  const href = await reviewLink(page, listing).getAttribute('href');
  await open(page, href!);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(zh('market-review-title'));
  await expect(page.getByRole('button', { name: zh('market-approve'), exact: true })).toBeVisible();
  await expectNoSeriousViolations(page, testInfo, 'a listing version under review');
});

test('the order, subscription and my cloud services pages have no serious accessibility violations', async ({ page, browser }, testInfo) => {
  test.setTimeout(120_000);
  const listing = uniqueListing();
  const id = await publishListing(browser, listing);
  await becomeDemoAgent(page, browser);

  await open(page, `/market/products/${id}/order`);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(zh('market-order-heading', { name: listing.nameZh }));
  await askForQuote(page, /^基础版 — /, 1);
  await expect(breakdown(page)).toBeVisible();
  await expectNoSeriousViolations(page, testInfo, 'an order with its price breakdown');

  await submit(breakdown(page).getByRole('button', { name: zh('market-order-confirm'), exact: true }));
  await expect(page).toHaveURL(/\/market\/subscriptions\/[0-9a-f-]{36}\?notice=notice-order-placed$/);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(listing.nameZh);
  await expectNoSeriousViolations(page, testInfo, 'a subscription');

  await open(page, '/market/mine');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(zh('market-mine-title'));
  await expect(page.getByRole('link', { name: listing.nameZh })).toBeVisible();
  await expectNoSeriousViolations(page, testInfo, 'my cloud services');
});

// The cloud marketplace (云市场): a vendor lists a product, the operator approves it, an agent
// of a business orders it with a voucher subsidy, the business's administrator approves the
// order, the vendor provisions it; comparing products; the catalogue's filters; refused forms.
// Runs with and without JavaScript: every step is a link, a GET form or a form post.
import { type Page } from '@playwright/test';
import { DEMO, creditCode } from './support/data';
import { expect, logIn, open, settled, submit, test } from './support/fixtures';
import { zh } from './support/i18n';
import {
  DEMO_ENTERPRISE,
  DEMO_PROGRAMME,
  DEMO_VENDOR,
  approveListing,
  askForQuote,
  becomeDemoAgent,
  breakdown,
  createListing,
  fact,
  fillListing,
  follow,
  otherBrowser,
  productCard,
  productFields,
  submitListing,
  uniqueListing,
  yuan,
} from './support/market';

function resultCount(page: Page) {
  return page.locator('.result-count');
}

function resultNames(page: Page) {
  return page.locator('.service-list').getByRole('heading', { level: 2 });
}

test('a vendor lists a product, the operator approves it, an agent orders it with a voucher, the administrator approves and the vendor provisions it', async ({ page, browser }) => {
  test.setTimeout(180_000);
  const listing = uniqueListing();
  const vendor = await otherBrowser(browser);
  const operator = await otherBrowser(browser);
  const admin = await otherBrowser(browser);
  try {
    // The vendor creates the listing from its console, saves it and submits it for review.
    await logIn(vendor.page, DEMO_VENDOR.username, DEMO.password);
    await open(vendor.page, '/vendor');
    await expect(vendor.page.getByRole('heading', { level: 1 })).toHaveText(zh('market-vendor-console'));
    await expect(vendor.page.getByRole('main')).toContainText(DEMO_VENDOR.name);
    await expect(vendor.page.locator('main .status-tag').first()).toHaveText(zh('market-vendor-status-approved'));
    const listingId = await createListing(vendor.page, listing);
    await expect(productFields(vendor.page).getByLabel(zh('market-name-zh'), { exact: true })).toHaveValue(listing.nameZh);
    await submitListing(vendor.page);
    // Under review, the console shows it so.
    await open(vendor.page, '/vendor');
    const consoleRow = vendor.page.getByRole('row').filter({ has: vendor.page.getByRole('link', { name: listing.nameZh }) });
    await expect(consoleRow.getByRole('cell').last()).toHaveText(zh('market-review-submitted'));

    // Not on the market before it is approved.
    await open(page, `/market?q=${encodeURIComponent(listing.nameEn)}`);
    await expect(productCard(page, listing.nameZh)).toHaveCount(0);

    // The operator reviews the first version and approves it.
    await logIn(operator.page, DEMO.operator, DEMO.password);
    await open(operator.page, '/admin/market');
    await expect(operator.page.getByRole('heading', { level: 1 })).toHaveText(zh('market-admin-title'));
    await approveListing(operator.page, listing);

    // A new resident becomes a (non-admin) agent of the demo business.
    await becomeDemoAgent(page, browser);

    // The agent finds the product by its English name and orders two seats of the monthly plan.
    await open(page, '/market');
    await page.getByRole('search', { name: zh('market-filter') }).getByLabel(zh('search-label'), { exact: true }).fill(listing.nameEn);
    await submit(page.getByRole('button', { name: zh('filter-apply'), exact: true }));
    await expect(page).toHaveURL(/\/market\?.*q=Xinghe/);
    const card = productCard(page, listing.nameZh);
    await expect(card).toContainText(DEMO_VENDOR.name);
    // From: the yearly plan's ¥300 is ¥25 a month.
    await expect(card).toContainText(zh('market-per-seat-month', { price: yuan(25) }));
    await expect(card).toContainText(zh('market-subsidy-up-to', { percent: '50%' }));
    await follow(card.getByRole('link', { name: listing.nameZh, exact: true }), new RegExp(`/market/products/${listingId}$`));
    await expect(page.getByRole('heading', { level: 1 })).toHaveText(listing.nameZh);
    await expect(page.getByRole('table')).toContainText('基础版');
    await expect(page.getByRole('main')).toContainText(zh('market-subsidy-by', { percent: '50%', programme: DEMO_PROGRAMME }));
    await follow(page.getByRole('link', { name: zh('market-order-link'), exact: true }), new RegExp(`/market/products/${listingId}/order$`));
    await expect(page.getByRole('heading', { level: 1 })).toHaveText(zh('market-order-heading', { name: listing.nameZh }));
    await askForQuote(page, /^基础版 — /, 2);
    const prices = breakdown(page);
    await expect(prices).toBeVisible();
    await expect(fact(prices, zh('market-list-price'))).toHaveText(yuan(60));
    await expect(fact(prices, zh('market-subsidy'))).toHaveText(`−${yuan(30)}`);
    await expect(fact(prices, zh('market-sme-pays'))).toHaveText(yuan(30));
    await expect(prices).toContainText(zh('market-order-needs-approval'));
    await submit(prices.getByRole('button', { name: zh('market-order-confirm'), exact: true }));

    // The order waits for the administrator.
    await expect(page).toHaveURL(/\/market\/subscriptions\/[0-9a-f-]{36}\?notice=notice-order-placed$/);
    const subscriptionPath = new URL(page.url()).pathname;
    await expect(page.getByRole('status')).toHaveText(zh('notice-order-placed'));
    await expect(page.getByRole('heading', { level: 1 })).toHaveText(listing.nameZh);
    const facts = page.locator('main dl.guide-facts');
    await expect(fact(facts, zh('market-state'))).toHaveText(zh('subscription-state-awaiting-approval'));
    await expect(fact(facts, zh('market-enterprise'))).toHaveText(DEMO_ENTERPRISE);
    await expect(fact(facts, zh('market-subsidy'))).toHaveText(yuan(30));
    // The agent may withdraw it, not approve it.
    await expect(page.getByRole('button', { name: zh('subscription-move-withdraw') })).toBeVisible();
    await expect(page.getByRole('button', { name: zh('subscription-move-approve') })).toHaveCount(0);

    // 张三, the administrator, is notified, opens the order and approves it.
    await logIn(admin.page, DEMO.citizenMobile, DEMO.password);
    await open(admin.page, '/notifications');
    const notice = admin.page.getByRole('link', {
      name: zh('notification-market-order-awaiting-approval', { service: listing.nameZh }),
    });
    await expect(notice).toHaveAttribute('href', subscriptionPath);
    // (The link's own centre is covered by its paragraph: see the report; click its text.)
    await follow(notice.locator('strong'), new RegExp(`${subscriptionPath}$`));
    await expect(admin.page.getByRole('heading', { level: 1 })).toHaveText(listing.nameZh);
    await submit(admin.page.getByRole('button', { name: zh('subscription-move-approve'), exact: true }));
    await expect(admin.page).toHaveURL(new RegExp(`${subscriptionPath}\\?notice=notice-subscription-moved$`));
    await expect(admin.page.getByRole('status')).toHaveText(zh('notice-subscription-moved'));
    await expect(fact(admin.page.locator('main dl.guide-facts'), zh('market-state'))).toHaveText(
      zh('subscription-state-awaiting-provisioning'),
    );

    // The vendor finds the order on its console and reports it provisioned.
    await open(vendor.page, '/vendor');
    const orders = vendor.page.getByRole('region', { name: zh('market-vendor-subscriptions') });
    await follow(orders.getByRole('link', { name: listing.nameZh }), new RegExp(`${subscriptionPath}$`));
    await submit(vendor.page.getByRole('button', { name: zh('subscription-move-provisioned'), exact: true }));
    await expect(vendor.page).toHaveURL(new RegExp(`${subscriptionPath}\\?notice=notice-subscription-moved$`));
    await expect(fact(vendor.page.locator('main dl.guide-facts'), zh('market-state'))).toHaveText(
      zh('subscription-state-active'),
    );

    // The agent sees it among "my cloud services", in use, with the subsidy.
    await open(page, '/market');
    await follow(
      page.getByRole('navigation', { name: zh('market-nav') }).getByRole('link', { name: zh('market-mine-title') }),
      /\/market\/mine$/,
    );
    await expect(page.getByRole('heading', { level: 1 })).toHaveText(zh('market-mine-title'));
    const mine = page.getByRole('region', { name: zh('market-subscriptions'), exact: true });
    const row = mine.getByRole('row').filter({ has: page.getByRole('link', { name: listing.nameZh }) });
    await expect(row.getByRole('cell')).toHaveText([
      DEMO_ENTERPRISE,
      `基础版 × 2 (${zh('market-term-month')})`,
      zh('subscription-state-active'),
      /\d{4}-\d{2}-\d{2}/,
      yuan(30),
      yuan(30),
    ]);
  } finally {
    await vendor.close();
    await operator.close();
    await admin.close();
  }
});

test('products ticked on the market are compared side by side', async ({ page }) => {
  const products = [
    { name: '云启智能财务记账', vendor: '福州云启信息技术有限公司', availability: '99.95%', labels: '等保三级、数据境内存储、小企业会计准则' },
    { name: '薪税通代理记账', vendor: '福州薪税通科技有限公司', availability: '99.5%', labels: '持证会计、申报提醒、含汇算清缴' },
    { name: '薪税通数电发票', vendor: '福州薪税通科技有限公司', availability: '99.95%', labels: '数电发票、进项自动查验、开放API' },
  ];
  await open(page, '/market');
  for (const p of products) {
    await page.getByLabel(zh('market-compare-this', { name: p.name }), { exact: true }).check();
  }
  await submit(page.getByRole('button', { name: zh('market-compare-submit'), exact: true }));
  await expect(page).toHaveURL(/\/market\/compare\?ids=[0-9a-f-]{36}&ids=[0-9a-f-]{36}&ids=[0-9a-f-]{36}$/);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(zh('market-compare-title'));

  const table = page.getByRole('table', { name: zh('market-compare-caption') });
  await expect(table).toHaveCount(1);
  await expect(table.getByRole('columnheader')).toHaveText(products.map((p) => p.name));
  const rowOf = (key: string) => table.getByRole('row').filter({ has: page.getByRole('rowheader', { name: zh(key), exact: true }) });
  await expect(rowOf('market-vendor').getByRole('cell')).toHaveText(products.map((p) => p.vendor));
  await expect(rowOf('market-availability').getByRole('cell')).toHaveText(products.map((p) => p.availability));
  await expect(rowOf('market-labels').getByRole('cell')).toHaveText(products.map((p) => p.labels));
  await expect(rowOf('market-provisioning').getByRole('cell')).toHaveText([
    zh('market-hours', { hours: 1 }),
    zh('market-hours', { hours: 24 }),
    zh('market-hours', { hours: 1 }),
  ]);
  // Prices: list price → after the vendor's discount and the subsidy, per plan.
  const prices = rowOf('market-plans-prices').getByRole('cell');
  // (云启: 10% off then 50% subsidy; 薪税通代理记账: 5% off; 薪税通数电发票: 10% off.)
  await expect(prices.nth(0)).toContainText(`基础版: ${yuan(99)} → ${yuan(44.55)} (${zh('market-term-month')})`);
  await expect(prices.nth(1)).toContainText(`小规模纳税人: ${yuan(200)} → ${yuan(95)} (${zh('market-term-month')})`);
  await expect(prices.nth(2)).toContainText(`基础版: ${yuan(29)} → ${yuan(13.05)} (${zh('market-term-month')})`);
  await expect(rowOf('market-voucher').getByRole('cell')).toHaveText(['50%', '50%', '50%']);

  // A product's name leads to its page.
  await follow(table.getByRole('link', { name: products[1].name }), /\/market\/products\/[0-9a-f-]{36}$/);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(products[1].name);
});

test('comparing with nothing ticked says what to do', async ({ page }) => {
  await open(page, '/market/compare');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(zh('market-compare-title'));
  await expect(page.getByText(zh('market-compare-empty'))).toBeVisible();
  await expect(page.getByRole('table')).toHaveCount(0);
});

test('the category and free-trial filters find the demo products', async ({ page }) => {
  await open(page, '/market');
  const filters = page.getByRole('search', { name: zh('market-filter') });
  await filters.getByLabel(zh('market-category'), { exact: true }).selectOption('accounting');
  await submit(filters.getByRole('button', { name: zh('filter-apply'), exact: true }));
  await expect(page).toHaveURL(/[?&]category=accounting(&|$)/);
  // (Other tests list more accounting products meanwhile: only the demo ones are checked.)
  await expect(resultNames(page).filter({ hasText: '云启智能财务记账' })).toHaveCount(1);
  await expect(resultNames(page).filter({ hasText: '薪税通代理记账' })).toHaveCount(1);
  await expect(resultNames(page).filter({ hasText: '云启人事薪酬' })).toHaveCount(0);
  for (const card of await page.locator('.service-card').all()) {
    await expect(card).toContainText(zh('market-category-accounting'));
  }
  await expect(filters.getByLabel(zh('market-category'), { exact: true })).toHaveValue('accounting');

  // Only those with a free trial: the managed bookkeeping has none.
  await filters.getByLabel(zh('market-trial-filter'), { exact: true }).check();
  await submit(filters.getByRole('button', { name: zh('filter-apply'), exact: true }));
  await expect(page).toHaveURL(/[?&]trial=1(&|$)/);
  await expect(page).toHaveURL(/[?&]category=accounting(&|$)/);
  await expect(resultNames(page).filter({ hasText: '云启智能财务记账' })).toHaveCount(1);
  await expect(resultNames(page).filter({ hasText: '薪税通代理记账' })).toHaveCount(0);
  for (const card of await page.locator('.service-card').all()) {
    await expect(card).toContainText(`${zh('market-trial')}${zh('market-trial-yes')}`);
  }
  await expect(filters.getByLabel(zh('market-trial-filter'), { exact: true })).toBeChecked();
});

test('the trial filter alone leaves out the products without a trial', async ({ page }) => {
  await open(page, '/market?trial=1');
  const names = await resultNames(page).allInnerTexts();
  for (const withTrial of ['云启智能财务记账', '闽数云主机', '视联云视频会议', '网络安全意识与技能培训']) {
    expect(names).toContain(withTrial);
  }
  for (const without of ['薪税通代理记账', '马尾数据中心机柜托管', '榕安托管安全运营服务', '多项目晶圆MPW流片服务', '芯片配套BSP与SDK技术支持', '软件出口合规与退税申报']) {
    expect(names).not.toContain(without);
  }
});

test('the voucher filter shows the subsidy every product found gets', async ({ page }) => {
  await open(page, '/market');
  const filters = page.getByRole('search', { name: zh('market-filter') });
  await filters.getByLabel(zh('market-category'), { exact: true }).selectOption('security_proxy');
  await filters.getByLabel(zh('market-voucher-filter'), { exact: true }).check();
  await submit(filters.getByRole('button', { name: zh('filter-apply'), exact: true }));
  await expect(page).toHaveURL(/[?&]voucher=1(&|$)/);
  await expect(resultCount(page)).toHaveText(zh('market-result-count', { count: 2 }));
  expect((await resultNames(page).allInnerTexts()).sort()).toEqual(['榕安托管安全运营服务', '闽数云WAF与DDoS高防'].sort());
  for (const card of await page.locator('.service-card').all()) {
    await expect(card).toContainText(zh('market-subsidy-up-to', { percent: '50%' }));
  }
  await expect(filters.getByLabel(zh('market-voucher-filter'), { exact: true })).toBeChecked();
});

test('a search in English finds the products by their English names', async ({ page }) => {
  await open(page, '/market');
  const filters = page.getByRole('search', { name: zh('market-filter') });
  await filters.getByLabel(zh('search-label'), { exact: true }).fill('payroll');
  await submit(filters.getByRole('button', { name: zh('filter-apply'), exact: true }));
  await expect(page).toHaveURL(/[?&]q=payroll(&|$)/);
  await expect(resultCount(page)).toHaveText(zh('market-result-count', { count: 2 }));
  expect((await resultNames(page).allInnerTexts()).sort()).toEqual(['云启人事薪酬', '薪税通智能算薪'].sort());
  await expect(filters.getByLabel(zh('search-label'), { exact: true })).toHaveValue('payroll');

  await filters.getByLabel(zh('search-label'), { exact: true }).fill('video meetings');
  await submit(filters.getByRole('button', { name: zh('filter-apply'), exact: true }));
  await expect(resultNames(page).first()).toHaveText('视联云视频会议');
});

test('a search that finds nothing says so', async ({ page }) => {
  await open(page, '/market?q=zzqqxxnothing');
  await expect(resultCount(page)).toHaveText(zh('market-result-count', { count: 0 }));
  await expect(page.getByText(zh('market-empty'))).toBeVisible();
});

test('a listing saved without a name is refused, with the error linked to its field', async ({ page }) => {
  const listing = { ...uniqueListing(), nameZh: '' };
  await logIn(page, DEMO_VENDOR.username, DEMO.password);
  await open(page, '/vendor/listings/new');
  await fillListing(page, listing);
  const response = page.waitForResponse((r) => r.request().isNavigationRequest() && r.request().method() === 'POST');
  await submit(page.getByRole('button', { name: zh('market-listing-save'), exact: true }));
  expect((await response).status()).toBe(422);

  const summary = page.getByRole('alert');
  await expect(summary.getByRole('heading')).toHaveText(zh('error-summary-title'));
  await expect(summary.getByRole('link')).toHaveText([zh('market-problem-name-length')]);
  const field = productFields(page).getByLabel(zh('market-name-zh'), { exact: true });
  await expect(field).toHaveAttribute('aria-invalid', 'true');
  await expect(field).toHaveAccessibleDescription(zh('market-problem-name-length'));
  // What was typed is kept.
  await expect(productFields(page).getByLabel(zh('market-name-en'), { exact: true })).toHaveValue(listing.nameEn);
  // The summary's link leads to the field.
  const href = await summary.getByRole('link').getAttribute('href');
  expect(href).toBe(`#${await field.getAttribute('id')}`);
  await summary.getByRole('link').click();
  await expect(field).toBeFocused();
});

test('a vendor application with a wrong credit code is refused on that field', async ({ page }) => {
  await open(page, '/vendor/apply');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(zh('market-vendor-apply-title'));
  const good = creditCode();
  const bad = good.slice(0, 17) + (good[17] === '0' ? '1' : '0');
  await page.getByLabel(zh('market-vendor-name'), { exact: true }).fill('星河测试云服务有限公司');
  await page.getByLabel(zh('credit-code'), { exact: true }).fill(bad);
  await page.getByLabel(zh('legal-rep'), { exact: true }).fill('王伟');
  await page.getByLabel(zh('market-contact-name'), { exact: true }).fill('李娜');
  await page.getByLabel(zh('mobile'), { exact: true }).fill('13912345678');
  await page.getByLabel(zh('market-contact-email'), { exact: true }).fill('sales@xinghe.example.com');
  await page.getByLabel(zh('username'), { exact: true }).fill(`vendor.e2e${Date.now() % 1_000_000}`);
  await page.getByLabel(zh('password'), { exact: true }).fill('Lantern-river-42');
  const response = page.waitForResponse((r) => r.request().isNavigationRequest() && r.request().method() === 'POST');
  await submit(page.getByRole('button', { name: zh('market-vendor-apply-submit'), exact: true }));
  expect((await response).status()).toBe(422);
  await expect(page).toHaveURL(/\/vendor\/apply$/);
  const summary = page.getByRole('alert');
  await expect(summary.getByRole('link')).toHaveText([zh('credit-code-wrong-check-character')]);
  const field = page.getByLabel(zh('credit-code'), { exact: true });
  await expect(field).toHaveAttribute('aria-invalid', 'true');
  await expect(field).toHaveValue(bad);
  await summary.getByRole('link').click();
  await expect(field).toBeFocused();
});

test('only the enterprise agent may order: a vendor is told so', async ({ page }) => {
  await logIn(page, DEMO_VENDOR.username, DEMO.password);
  await open(page, '/market?category=accounting&trial=1');
  await follow(productCard(page, '云启智能财务记账').getByRole('link', { name: '云启智能财务记账' }), /\/market\/products\/[0-9a-f-]{36}$/);
  // Only citizens (agents of enterprises) are offered the order link.
  await expect(page.getByRole('link', { name: zh('market-order-link'), exact: true })).toHaveCount(0);
  // Going to the order page anyway: refused, in words.
  const response = await page.goto(`${new URL(page.url()).pathname}/order`);
  expect(response?.status()).toBe(403);
  await settled(page);
  await expect(page.getByText(zh('market-order-forbidden'))).toBeVisible();
  await expect(page.getByRole('button', { name: zh('market-order-confirm') })).toHaveCount(0);
});

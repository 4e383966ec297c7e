// The cloud marketplace (云市场) steps the market specs share: a vendor puts a new listing up,
// the operator approves it, the demo business gets a new (non-admin) agent, an agent asks for
// a price. Every step uses links, GET forms and form posts only, so it works without JavaScript.
import { randomInt } from 'node:crypto';
import { type Browser, type Locator, type Page } from '@playwright/test';
import { citizen, DEMO, type Citizen } from './data';
import { expect, logIn, open, registerCitizen, settled, submit } from './fixtures';
import { zh } from './i18n';

/** The demo cloud vendor (福州云启信息技术有限公司) and its admin account. */
export const DEMO_VENDOR = { username: 'vendor.yunqi', name: '福州云启信息技术有限公司' } as const;
/** The demo business 张三 administers, admitted to the demo voucher programme. */
export const DEMO_ENTERPRISE = '示例餐饮有限公司';
export const DEMO_PROGRAMME = '2026年福州市中小企业云服务券';

export interface ListingPlan {
  code: string;
  nameZh: string;
  nameEn: string;
  term: 'month' | 'year';
  /** Yuan per seat per term, as typed. */
  seatPrice: string;
  minSeats: string;
  maxSeats: string;
  trialDays: string;
}

export interface Listing {
  category: string;
  nameZh: string;
  nameEn: string;
  summaryZh: string;
  summaryEn: string;
  descriptionZh: string;
  descriptionEn: string;
  labels: string[];
  availability: string;
  provisioningHours: string;
  supportHours: string;
  vendorDiscount: string;
  plans: ListingPlan[];
}

/** A cheap accounting product with two plans and names no other test uses. */
export function uniqueListing(): Listing {
  const n = randomInt(100_000, 1_000_000);
  return {
    category: 'accounting',
    nameZh: `星河云账本测试版${n}`,
    nameEn: `Xinghe Ledger Test ${n}`,
    summaryZh: '面向小微企业的在线记账工具，自动生成凭证和报表。',
    summaryEn: 'Online bookkeeping for small firms, with vouchers and statements drafted automatically.',
    descriptionZh: '导入发票和银行流水即可生成记账凭证，月末一键结账，数据每日备份。',
    descriptionEn: 'Import invoices and bank statements to draft journal vouchers; close the month in one click; daily backups.',
    labels: ['端到端测试', `批次${n}`],
    availability: '99.9',
    provisioningHours: '4',
    supportHours: '8',
    vendorDiscount: '0',
    plans: [
      { code: 'basic', nameZh: '基础版', nameEn: 'Basic', term: 'month', seatPrice: '30', minSeats: '1', maxSeats: '10', trialDays: '0' },
      { code: 'pro-year', nameZh: '专业版（年付）', nameEn: 'Professional (yearly)', term: 'year', seatPrice: '300', minSeats: '1', maxSeats: '50', trialDays: '0' },
    ],
  };
}

/** Money as the marketplace shows it, from yuan: `¥30`, `¥44.55`, `¥895.50`. */
export function yuan(amount: number): string {
  return Number.isInteger(amount) ? `¥${amount}` : `¥${amount.toFixed(2)}`;
}

/** A browser of its own for someone else in the story (the operator, the vendor, …). */
export async function otherBrowser(browser: Browser): Promise<{ page: Page; close: () => Promise<void> }> {
  const context = await browser.newContext();
  const page = await context.newPage();
  return { page, close: () => context.close() };
}

/** Follows a link (the router may handle it in the page) and waits for `url`. */
export async function follow(link: Locator, url: RegExp): Promise<void> {
  const page = link.page();
  await link.click();
  await expect(page).toHaveURL(url);
  await settled(page);
}

/** The fieldset of the listing form holding the product's own fields. */
export function productFields(page: Page): Locator {
  return page.getByRole('group', { name: zh('market-listing-product'), exact: true });
}

/** The fieldset of plan `n` (1-based) of the listing form. */
export function planFields(page: Page, n: number): Locator {
  return page.getByRole('group', { name: zh('market-plan-n', { n }), exact: true });
}

/** Fills in the listing editor (on /vendor/listings/new or /vendor/listings/{id}). */
export async function fillListing(page: Page, listing: Listing): Promise<void> {
  const product = productFields(page);
  await product.getByLabel(zh('market-category'), { exact: true }).selectOption(listing.category);
  await product.getByLabel(zh('market-name-zh'), { exact: true }).fill(listing.nameZh);
  await product.getByLabel(zh('market-name-en'), { exact: true }).fill(listing.nameEn);
  await product.getByLabel(zh('market-summary-zh'), { exact: true }).fill(listing.summaryZh);
  await product.getByLabel(zh('market-summary-en'), { exact: true }).fill(listing.summaryEn);
  await product.getByLabel(zh('market-description-zh'), { exact: true }).fill(listing.descriptionZh);
  await product.getByLabel(zh('market-description-en'), { exact: true }).fill(listing.descriptionEn);
  await product.getByLabel(zh('market-labels'), { exact: true }).fill(listing.labels.join('、'));
  const sla = page.getByRole('group', { name: zh('market-sla'), exact: true });
  await sla.getByLabel(zh('market-availability-percent'), { exact: true }).fill(listing.availability);
  await sla.getByLabel(zh('market-provisioning-hours'), { exact: true }).fill(listing.provisioningHours);
  await sla.getByLabel(zh('market-support-hours'), { exact: true }).fill(listing.supportHours);
  await sla.getByLabel(zh('market-vendor-discount-percent'), { exact: true }).fill(listing.vendorDiscount);
  for (const [i, plan] of listing.plans.entries()) {
    const row = planFields(page, i + 1);
    await row.getByLabel(zh('market-plan-code'), { exact: true }).fill(plan.code);
    await row.getByLabel(zh('market-name-zh'), { exact: true }).fill(plan.nameZh);
    await row.getByLabel(zh('market-name-en'), { exact: true }).fill(plan.nameEn);
    await row.getByLabel(zh('market-term'), { exact: true }).selectOption(plan.term);
    await row.getByLabel(zh('market-seat-price-yuan'), { exact: true }).fill(plan.seatPrice);
    await row.getByLabel(zh('market-min-seats'), { exact: true }).fill(plan.minSeats);
    await row.getByLabel(zh('market-max-seats'), { exact: true }).fill(plan.maxSeats);
    await row.getByLabel(zh('market-trial-days-label'), { exact: true }).fill(plan.trialDays);
    await row.getByLabel(zh('market-cancel-anytime'), { exact: true }).check();
  }
}

/**
 * The logged-in vendor creates `listing` from its console and saves the draft; ends on the
 * listing's editor. Returns the listing's id.
 */
export async function createListing(page: Page, listing: Listing): Promise<string> {
  await open(page, '/vendor');
  await follow(page.getByRole('link', { name: zh('market-listing-new'), exact: true }), /\/vendor\/listings\/new$/);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(zh('market-listing-editor'));
  await fillListing(page, listing);
  await submit(page.getByRole('button', { name: zh('market-listing-save'), exact: true }));
  await expect(page).toHaveURL(/\/vendor\/listings\/[0-9a-f-]{36}\?notice=notice-listing-saved$/);
  await expect(page.getByRole('status')).toHaveText(zh('notice-listing-saved'));
  return /\/vendor\/listings\/([0-9a-f-]{36})/.exec(page.url())![1];
}

/** On the listing's editor, the vendor submits the saved draft for review. */
export async function submitListing(page: Page): Promise<void> {
  await expect(page.locator('.status-tag').first()).toHaveText(zh('market-review-draft'));
  await submit(page.getByRole('button', { name: zh('market-listing-submit'), exact: true }));
  await expect(page).toHaveURL(/\/vendor\/listings\/[0-9a-f-]{36}\?notice=notice-listing-submitted$/);
  await expect(page.getByRole('status')).toHaveText(zh('notice-listing-submitted'));
  await expect(page.locator('.status-tag').first()).toHaveText(zh('market-review-submitted'));
}

/** The link on /admin/market to the review of `listing`'s version `version`. */
export function reviewLink(page: Page, listing: Listing, version = 1): Locator {
  return page
    .getByRole('region', { name: zh('market-admin-reviews') })
    .getByRole('link', { name: `${listing.nameZh} (v${version}) — ${DEMO_VENDOR.name}` });
}

/** The logged-in operator opens the review of `listing` from /admin/market and approves it. */
export async function approveListing(page: Page, listing: Listing): Promise<void> {
  await open(page, '/admin/market');
  await follow(reviewLink(page, listing), /\/admin\/market\/listings\/[0-9a-f-]{36}\/versions\/1$/);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(zh('market-review-title'));
  await expect(page.getByRole('heading', { level: 2 })).toContainText(
    `${listing.nameZh} / ${listing.nameEn} (v1) — ${DEMO_VENDOR.name}`,
  );
  await submit(page.getByRole('button', { name: zh('market-approve'), exact: true }));
  await expect(page).toHaveURL(/\/admin\/market\?notice=notice-listing-reviewed$/);
  await expect(page.getByRole('status')).toHaveText(zh('notice-listing-reviewed'));
}

/**
 * A new listing of the demo vendor, reviewed and live on /market (the vendor and the operator
 * each in a browser of their own). Returns the listing's id.
 */
export async function publishListing(browser: Browser, listing: Listing): Promise<string> {
  const vendor = await otherBrowser(browser);
  const operator = await otherBrowser(browser);
  try {
    await logIn(vendor.page, DEMO_VENDOR.username, DEMO.password);
    const id = await createListing(vendor.page, listing);
    await submitListing(vendor.page);
    await logIn(operator.page, DEMO.operator, DEMO.password);
    await approveListing(operator.page, listing);
    return id;
  } finally {
    await vendor.close();
    await operator.close();
  }
}

/** The card of `name` on the account page (a business the person acts for). */
export function enterpriseCard(page: Page, name: string): Locator {
  return page.getByRole('article').filter({ has: page.getByRole('heading', { level: 3, name }) });
}

/**
 * `page` registers a new resident, whom 张三 (in a browser of their own) invites as an agent
 * (not an administrator) of the demo business; the resident accepts. Ends on /account.
 */
export async function becomeDemoAgent(page: Page, browser: Browser): Promise<Citizen> {
  const person = citizen();
  await registerCitizen(page, person);
  const admin = await otherBrowser(browser);
  try {
    await logIn(admin.page, DEMO.citizenMobile, DEMO.password);
    await open(admin.page, '/account');
    const card = enterpriseCard(admin.page, DEMO_ENTERPRISE);
    await card.getByLabel(zh('mobile'), { exact: true }).fill(person.mobile);
    await card.getByLabel(zh('id-number'), { exact: true }).fill(person.idNumber);
    await submit(card.getByRole('button', { name: zh('agent-invite') }));
    await expect(admin.page).toHaveURL(/\/account\?notice=notice-agent-invited$/);
  } finally {
    await admin.close();
  }
  await open(page, '/account');
  const invitation = enterpriseCard(page, DEMO_ENTERPRISE);
  await submit(invitation.getByRole('button', { name: zh('agent-accept') }));
  await expect(page).toHaveURL(/\/account\?notice=notice-agent-accepted$/);
  await expect(enterpriseCard(page, DEMO_ENTERPRISE)).toContainText(`${zh('agent')} · ${zh('agent-status-active')}`);
  return person;
}

/** The product's card on /market. */
export function productCard(page: Page, name: string): Locator {
  return page.locator('.service-card').filter({ has: page.getByRole('heading', { level: 2, name, exact: true }) });
}

/** On a product's order page, chooses the demo business, a plan and seats, and asks for the price. */
export async function askForQuote(page: Page, planLabel: RegExp | string, quantity: number): Promise<void> {
  await page.getByLabel(zh('market-order-enterprise'), { exact: true }).selectOption({ label: DEMO_ENTERPRISE });
  const plans = page.getByRole('group', { name: zh('market-plan'), exact: true });
  await plans.getByLabel(planLabel).check();
  await page.getByLabel(zh('market-quantity'), { exact: true }).fill(String(quantity));
  await expect(page.getByLabel(zh('market-use-voucher'), { exact: true })).toBeChecked();
  await submit(page.getByRole('button', { name: zh('market-order-review'), exact: true }));
  await expect(page).toHaveURL(/\/order\?.*quantity=/);
}

/** The price breakdown shown on the order page after asking for the price. */
export function breakdown(page: Page): Locator {
  return page.getByRole('region', { name: zh('market-breakdown'), exact: true });
}

/** The value (`<dd>`) next to the term `term` (`<dt>`) in a definition list. */
export function fact(list: Locator, term: string): Locator {
  return list.locator(`xpath=.//dt[normalize-space(.)=${JSON.stringify(term)}]/following-sibling::dd[1]`);
}

// 一件事一次办 for a business: a new restaurant files 开办餐饮店 once — business registration, food
// business permit, tax and social insurance — and follows four cases in three departments on one
// page. When one department asks for more, the bundle says so and which part it is; the others
// carry on. Runs with and without JavaScript.
import type { Browser, Page } from '@playwright/test';
import { citizen, DEMO, enterprise, pdf, residentId } from './support/data';
import { expect, logIn, open, registerEnterprise, submit, test } from './support/fixtures';
import { zh } from './support/i18n';

const PARTS = [
  { service: '企业设立登记', department: '市场监督管理局' },
  { service: '食品经营许可', department: '市场监督管理局' },
  { service: '新办纳税人“套餐式”服务（税务登记信息确认）', department: '税务局' },
  { service: '单位社会保险登记', department: '人力资源和社会保障局' },
];

/** Everything the combined form asks that the portal does not already know. */
async function fillRestaurantForm(page: Page) {
  await page.locator('#answer-s1_company_name').fill('老街坊餐饮有限公司');
  await page.locator('#answer-s1_company_type-0').check();
  await page.locator('#answer-s1_registered_capital').fill('50');
  await page.getByLabel('餐饮服务').check();
  await page.locator('#answer-s1_premises-district').selectOption({ label: '鼓楼区' });
  await page.locator('#answer-s1_premises-detail').fill('三坊七巷南后街 8 号');
  await page.locator('#answer-s1_shareholders-0-name').fill('林大伟');
  await page.locator('#answer-s1_shareholders-0-id_number').fill(residentId());
  await page.locator('#answer-s1_shareholders-0-share').fill('100');
  for (const part of ['s2', 's3', 's4']) {
    await page.locator(`#answer-${part}_details`).fill('开办一家社区餐馆。');
  }
  // Every material of every part: the form names each with its service, so none is missed.
  const uploads = page.locator('input[type="file"]');
  const count = await uploads.count();
  expect(count, 'the four services ask for their materials').toBeGreaterThanOrEqual(16);
  for (let i = 0; i < count; i++) {
    await uploads.nth(i).setInputFiles(pdf(`材料${i + 1}.pdf`));
  }
}

async function clerkPage(browser: Browser): Promise<Page> {
  const context = await browser.newContext({ locale: 'zh-CN' });
  const page = await context.newPage();
  await logIn(page, 'clerk.scjg', DEMO.password);
  return page;
}

function partRow(page: Page, service: string) {
  return page.locator('table.bundle-parts tbody tr').filter({ has: page.getByRole('cell', { name: service, exact: true }) });
}

test('a business files 开办餐饮店 once and follows each department’s part, one of which asks for more', async ({
  page,
  browser,
}) => {
  const business = enterprise();
  await registerEnterprise(page, citizen(), business);

  await open(page, '/services/YJS-001');
  await page.getByRole('link', { name: zh('apply-online') }).click();
  await expect(page.getByRole('heading', { level: 1 })).toContainText('开办餐饮店');
  // Filed for the business, whose verified details are shown once, not per service.
  await expect(page.locator('.apply-for')).toContainText(business.name);
  await expect(page.locator('.locked-field', { hasText: business.creditCode })).toHaveCount(1);

  await fillRestaurantForm(page);
  await submit(page.getByRole('button', { name: zh('apply-submit') }));
  await expect(page.locator('.notice')).toHaveText(zh('notice-case-submitted'));
  const bundlePath = new URL(page.url()).pathname;

  // One case per service, each with its own department and number, all under way.
  await expect(page.locator('.bundle-status')).toHaveText(zh('bundle-status-in-progress'));
  await expect(page.locator('table.bundle-parts tbody tr')).toHaveCount(PARTS.length);
  for (const { service, department } of PARTS) {
    const row = partRow(page, service);
    await expect(row.getByRole('cell').nth(1)).toHaveText(department);
    await expect(row.locator('.case-number')).toHaveText(/^(SCJG|SW|RSJ)\d{13}$/);
    await expect(row.locator('.state')).toHaveText(zh('case-state-submitted'));
  }
  const permitPath = await partRow(page, '食品经营许可').locator('.case-number').getAttribute('href');
  expect(permitPath).toMatch(/^\/cases\/[0-9a-f-]+$/);

  // 市场监督管理局 takes up the food permit and asks for a clearer description.
  const clerk = await clerkPage(browser);
  await open(clerk, `/workbench${permitPath}`);
  for (const button of ['wb-claim', 'wb-accept', 'wb-start-review']) {
    await submit(clerk.getByRole('button', { name: zh(button), exact: true }));
  }
  await clerk.getByRole('checkbox', { name: /申请事项说明/ }).check();
  await clerk.getByLabel(zh('wb-supplement-item-reason', { item: '申请事项说明' })).fill('请写明经营场所面积和就餐座位数。');
  await submit(clerk.getByRole('button', { name: zh('wb-request-supplement') }));
  await expect(clerk.locator('.timeline')).toContainText(zh('event-request-supplement'));
  await clerk.context().close();

  // The bundle says something needs the applicant, and which part, with the department's words;
  // the other three parts are untouched.
  await open(page, bundlePath);
  await expect(page.locator('.bundle-status')).toHaveText(zh('bundle-status-needs-applicant'));
  const permit = partRow(page, '食品经营许可');
  await expect(permit.locator('.state')).toHaveText(zh('case-state-supplement-requested'));
  await expect(permit).toContainText('请写明经营场所面积和就餐座位数。');
  for (const { service } of PARTS.filter((p) => p.service !== '食品经营许可')) {
    await expect(partRow(page, service).locator('.state')).toHaveText(zh('case-state-submitted'));
  }

  // The part leads to its own case, where the supplement is answered, and back to the bundle.
  await permit.locator('.case-number').click();
  await expect(page.getByRole('link', { name: zh('case-supplement-start') })).toBeVisible();
  await expect(page.locator('.bundle-parent a')).toHaveAttribute('href', bundlePath);
});

// Finding a service: topics and departments from the home page, the filters, the search box in
// Chinese and English, and the service guide. Runs with and without JavaScript.
import { expect, jsEnabled, open, settled, submit, test } from './support/fixtures';
import { zh } from './support/i18n';
import type { Page } from '@playwright/test';

function resultNames(page: Page) {
  return page.locator('.service-list').getByRole('heading', { level: 2 });
}

function resultCount(page: Page) {
  return page.locator('.result-count');
}

/** The names of the services found, in any order (the search ranks them by similarity). */
async function expectFound(page: Page, names: string[]) {
  await expect(resultCount(page)).toHaveText(zh('catalogue-result-count', { count: names.length }));
  await expect(resultNames(page)).toHaveCount(names.length);
  expect((await resultNames(page).allInnerTexts()).sort()).toEqual([...names].sort());
}

test('from the home page, a topic lists its services; a department filter narrows them', async ({ page }) => {
  await open(page, '/');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(zh('home-title'));
  const citizenTopics = page.locator('section.topic-list', {
    has: page.getByRole('heading', { name: zh('home-citizen-topics') }),
  });
  await citizenTopics.getByRole('link', { name: '婚姻', exact: true }).click();

  await expect(page).toHaveURL(/\/services\?topic=hunyin$/);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(zh('catalogue-title'));
  await expect(resultCount(page)).toHaveText(zh('catalogue-result-count', { count: 3 }));
  await expect(resultNames(page)).toHaveText(['结婚登记', '补领婚姻登记证', '生育登记'], { useInnerText: true });
  const topic = page.getByLabel(zh('filter-topic'));
  await expect(topic.locator('option:checked')).toHaveText('婚姻');

  await settled(page);
  await page.getByLabel(zh('filter-department')).selectOption({ label: '民政局' });
  await submit(page.getByRole('button', { name: zh('filter-apply') }));

  await expect(page).toHaveURL(/[?&]department=MZ(&|$)/);
  await expect(page).toHaveURL(/[?&]topic=hunyin(&|$)/);
  await expect(resultCount(page)).toHaveText(zh('catalogue-result-count', { count: 2 }));
  await expect(resultNames(page)).toHaveText(['结婚登记', '补领婚姻登记证']);
  for (const card of await page.locator('.service-card').all()) {
    await expect(card).toContainText('民政局');
  }
});

test('the header link to the catalogue lists every service', async ({ page }) => {
  await open(page, '/services/MZ-001');
  await page.getByRole('navigation', { name: zh('nav-main') }).getByRole('link', { name: zh('nav-services') }).click();
  await expect(page).toHaveURL(/\/services$/);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(zh('catalogue-title'));
  await expect(resultCount(page)).toHaveText(zh('catalogue-result-count', { count: 46 }), { timeout: 5_000 });
  await expect(page.locator('.service-card')).toHaveCount(46);
});

test('the header links for residents and for businesses filter by audience', async ({ page }) => {
  await open(page, '/');
  const nav = page.getByRole('navigation', { name: zh('nav-main') });
  await nav.getByRole('link', { name: zh('nav-enterprises') }).click();
  await expect(page).toHaveURL(/\/services\?audience=enterprise$/);
  await expect(page.getByLabel(zh('filter-audience')).locator('option:checked')).toHaveText(zh('audience-enterprise'));
  await expect(page.locator('.service-list')).toContainText('企业设立登记');
  await expect(page.locator('.service-list')).not.toContainText('结婚登记');
  for (const card of await page.locator('.service-card').all()) {
    await expect(card.getByRole('definition').nth(1)).toHaveText(
      new RegExp(`^(${zh('audience-enterprise')}|${zh('audience-both')})$`),
    );
  }
  await nav.getByRole('link', { name: zh('nav-citizens') }).click();
  await expect(page).toHaveURL(/\/services\?audience=citizen$/);
  await expect(page.locator('.service-list')).toContainText('结婚登记');
  await expect(page.locator('.service-list')).not.toContainText('企业设立登记');
});

test('a department on the home page lists only its services', async ({ page }) => {
  await open(page, '/');
  await page
    .getByRole('region', { name: zh('home-departments') })
    .getByRole('link', { name: '民政局', exact: true })
    .click();
  await expect(page).toHaveURL(/\/services\?department=MZ$/);
  await expect(resultCount(page)).toHaveText(zh('catalogue-result-count', { count: 4 }));
  await expect(page.getByLabel(zh('filter-department')).locator('option:checked')).toHaveText('民政局');
});

test('searching in Chinese from the home page finds the marriage services', async ({ page }) => {
  await open(page, '/');
  const search = page.getByRole('search');
  await search.getByLabel(zh('search-label')).fill('结婚');
  await submit(search.getByRole('button', { name: zh('search-button') }));

  await expect(page).toHaveURL(/\/services\?q=%E7%BB%93%E5%A9%9A$/);
  await expectFound(page, ['结婚登记', '补领婚姻登记证']);
  // The search box on the results page keeps the words.
  await expect(page.getByRole('search', { name: zh('catalogue-filter') }).getByLabel(zh('search-label'))).toHaveValue('结婚');
});

test('searching in English finds services by their English name', async ({ page }) => {
  await open(page, '/services');
  const filters = page.getByRole('search', { name: zh('catalogue-filter') });
  await filters.getByLabel(zh('search-label')).fill('licence');
  await submit(filters.getByRole('button', { name: zh('filter-apply') }));

  await expect(page).toHaveURL(/\/services\?q=licence(&|$)/);
  await expectFound(page, ['企业设立登记', '个体工商户设立登记']);
});

test('a search that matches nothing says so', async ({ page }) => {
  await open(page, '/services?q=' + encodeURIComponent('火星移民'));
  await expect(resultCount(page)).toHaveText(zh('catalogue-result-count', { count: 0 }));
  await expect(page.getByText(zh('catalogue-empty'))).toBeVisible();
});

test('a service guide shows its facts, the materials table and the steps', async ({ page }) => {
  await open(page, '/services?q=' + encodeURIComponent('结婚'));
  await page.getByRole('link', { name: '结婚登记', exact: true }).click();

  await expect(page).toHaveURL(/\/services\/MZ-001$/);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('结婚登记');
  await expect(page).toHaveTitle(`结婚登记 - ${zh('portal-name')}`);
  const breadcrumb = page.getByRole('navigation', { name: zh('breadcrumb') });
  await expect(breadcrumb.getByRole('link')).toHaveText([zh('nav-services'), '民政局']);
  await expect(page.getByRole('term')).toContainText([zh('guide-code'), zh('guide-department'), zh('guide-promised'), zh('guide-fee')]);
  await expect(page.getByRole('definition').first()).toHaveText('MZ-001');

  const materials = page.getByRole('region', { name: zh('guide-materials') }).getByRole('table');
  await expect(materials.getByRole('columnheader')).toHaveText([
    zh('material-name'),
    zh('material-form'),
    zh('material-copies'),
    zh('material-ecert'),
  ]);
  const rows = materials.getByRole('row');
  await expect(rows).toHaveCount(1 + 3);
  await expect(rows.nth(1).getByRole('cell')).toHaveText([
    /^本人有效居民身份证/,
    zh('material-original'),
    '1',
    zh('no'),
  ]);
  await expect(rows.nth(2).getByRole('cell').nth(2)).toHaveText('3');

  const steps = page.getByRole('region', { name: zh('guide-steps') }).getByRole('listitem');
  await expect(steps).toHaveCount(4);
  await expect(steps.first()).toContainText('网上预约');
  await expect(steps.last()).toContainText('登记颁证');

  // Back to the department's services from the breadcrumb.
  await breadcrumb.getByRole('link', { name: '民政局' }).click();
  await expect(page).toHaveURL(/\/services\?department=MZ$/);
  await expect(resultCount(page)).toHaveText(zh('catalogue-result-count', { count: 4 }));
});

test('an unknown service code says the service is not found', async ({ page }) => {
  const response = await page.goto('/services/NOPE-999');
  expect(response?.status()).toBe(404);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(zh('guide-not-found'));
  await expect(page.getByRole('main').getByRole('link', { name: zh('nav-services') })).toBeVisible();
});

test('an unknown address shows the not-found page with a 404', async ({ page }) => {
  const response = await page.goto('/no/such/page');
  expect(response?.status()).toBe(404);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(zh('not-found-title'));
  await expect(page).toHaveTitle(`${zh('not-found-title')} - ${zh('portal-name')}`);
});

// The header's language button: the page turns English, the choice sticks from page to page,
// and switching back works. Runs with and without JavaScript (the button posts a form).
import { citizen } from './support/data';
import { expect, open, registerCitizen, submit, test } from './support/fixtures';
import { en, zh } from './support/i18n';
import type { Page } from '@playwright/test';

function languageButton(page: Page, lang: 'zh-CN' | 'en') {
  const label = lang === 'zh-CN' ? zh('switch-language-label') : en('switch-language-label');
  // The accessible name is "<label>: <language>", so it contains the visible text (WCAG 2.5.3).
  return page.getByRole('banner').getByRole('button', { name: new RegExp(`^${label}`) });
}

test('switching to English and back', async ({ page }) => {
  await open(page, '/services/MZ-001');
  await expect(page.locator('html')).toHaveAttribute('lang', 'zh-CN');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('结婚登记');
  await expect(languageButton(page, 'zh-CN')).toContainText(en('language-name'));

  await submit(languageButton(page, 'zh-CN'));
  // The same page, now in English.
  await expect(page).toHaveURL(/\/services\/MZ-001$/);
  await expect(page.locator('html')).toHaveAttribute('lang', 'en');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Marriage registration');
  await expect(page).toHaveTitle(`Marriage registration - ${en('portal-name')}`);
  await expect(page.getByRole('region', { name: en('guide-materials') }).getByRole('columnheader')).toHaveText([
    en('material-name'),
    en('material-form'),
    en('material-copies'),
    en('material-ecert'),
  ]);
  await expect(page.getByRole('navigation', { name: en('nav-main') })).toBeVisible();

  // The next page is English too.
  await page.getByRole('banner').getByRole('link', { name: en('login'), exact: true }).click();
  await expect(page).toHaveURL(/\/login$/);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(en('login-title'));
  await expect(page.getByLabel(en('login-account'), { exact: true })).toBeVisible();
  await open(page, '/');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(en('home-title'));
  await expect(page.locator('html')).toHaveAttribute('lang', 'en');

  // And back to Chinese, which sticks as well.
  await expect(languageButton(page, 'en')).toContainText(zh('language-name'));
  await submit(languageButton(page, 'en'));
  await expect(page).toHaveURL(/\/$/);
  await expect(page.locator('html')).toHaveAttribute('lang', 'zh-CN');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(zh('home-title'));
  await open(page, '/login');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(zh('login-title'));
});

test('switching language on a page with a query string stays on that page', async ({ page }) => {
  await open(page, '/services?topic=hunyin');
  await submit(languageButton(page, 'zh-CN'));
  await expect(page).toHaveURL(/\/services\?topic=hunyin$/, { timeout: 5_000 });
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(en('catalogue-title'));
  await expect(page.locator('.service-list')).toContainText('Marriage registration');
});

test('an English-speaking browser gets English without choosing', async ({ browser }) => {
  const context = await browser.newContext({ locale: 'en-US' });
  const page = await context.newPage();
  await page.goto('/');
  await expect(page.locator('html')).toHaveAttribute('lang', 'en');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(en('home-title'));
  await context.close();
});

test('the chosen language is kept on the account and comes back at the next login', async ({ page, browser }) => {
  const person = citizen();
  await registerCitizen(page, person);
  await open(page, '/account');
  await submit(languageButton(page, 'zh-CN'));
  await expect(page).toHaveURL(/\/account$/);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(en('account-title'));
  await submit(page.getByRole('banner').getByRole('button', { name: en('logout'), exact: true }));
  await expect(page).toHaveURL(/\/\?notice=notice-logged-out$/);

  // A new browser (no language cookie, asks for Chinese): logging in brings English back.
  const context = await browser.newContext({ locale: 'zh-CN' });
  const other = await context.newPage();
  await other.goto('/login');
  await expect(other.locator('html')).toHaveAttribute('lang', 'zh-CN');
  await other.getByLabel(zh('login-account'), { exact: true }).fill(person.mobile);
  await other.getByLabel(zh('password'), { exact: true }).fill(person.password);
  await submit(other.getByRole('button', { name: zh('login'), exact: true }));
  // A citizen lands on their applications, in the language kept on the account.
  await expect(other).toHaveURL(/\/cases$/);
  await expect(other.locator('html')).toHaveAttribute('lang', 'en');
  await expect(other.getByRole('heading', { level: 1 })).toHaveText(en('cases-title'));
  await context.close();
});

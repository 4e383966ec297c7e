// Accessibility: axe-core (WCAG 2.0/2.1 A and AA rules) on every kind of page, hydrated.
// A page passes with no violation of impact "serious" or "critical"; all violations found
// (of any impact) are attached to the test report.
import AxeBuilder from '@axe-core/playwright';
import { describe, expectNoSeriousViolations } from './support/a11y';
import { citizen, DEMO, enterprise, withWrongCheck } from './support/data';
import { expect, logIn, open, registerCitizen, settled, submit, test } from './support/fixtures';
import { en, zh } from './support/i18n';
import { inRegisters } from './support/registers';

for (const [what, path] of [
  ['the home page', '/'],
  ['the service catalogue', '/services?topic=hunyin'],
  ['a service guide', '/services/SCJG-001'],
  ['the login page', '/login'],
  ['the registration page', '/register'],
  ['the business registration page', '/register/enterprise'],
]) {
  test(`${what} has no serious accessibility violations`, async ({ page }, testInfo) => {
    await open(page, path);
    await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
    await expectNoSeriousViolations(page, testInfo, what);
  });
}

test('the application pages have no serious accessibility violations', async ({ page }, testInfo) => {
  await registerCitizen(page, citizen());
  await open(page, '/apply/SCJG-003');
  await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
  await expectNoSeriousViolations(page, testInfo, 'an application form');
  await open(page, '/apply/WJW-001');
  await expectNoSeriousViolations(page, testInfo, 'a form with dates, choices and a conditional field');
  await submit(page.getByRole('button', { name: zh('apply-submit') }));
  await expectNoSeriousViolations(page, testInfo, 'an application with errors');
  await open(page, '/cases');
  await expectNoSeriousViolations(page, testInfo, 'my applications');
});

test('the clerk workbench has no serious accessibility violations', async ({ page }, testInfo) => {
  await logIn(page, 'clerk.scjg', DEMO.password);
  await open(page, '/workbench');
  await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
  await expectNoSeriousViolations(page, testInfo, 'the workbench queues');
});

test('the supervisor dashboard renders its charts and has no serious accessibility violations', async ({ page }, testInfo) => {
  await logIn(page, 'supervisor.scjg', DEMO.password);
  await open(page, '/workbench/supervision');
  await expect(page.locator('svg[role="img"]').first()).toBeVisible();
  await expect(page.locator('table caption').first()).toBeVisible();
  await expectNoSeriousViolations(page, testInfo, 'the supervisor dashboard');
});

test('the not-found page has no serious accessibility violations', async ({ page }, testInfo) => {
  const response = await page.goto('/no/such/page');
  expect(response?.status()).toBe(404);
  await settled(page);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(zh('not-found-title'));
  await expectNoSeriousViolations(page, testInfo, 'the 404 page');
});

test('the registration error summary has no serious accessibility violations', async ({ page }, testInfo) => {
  const person = citizen();
  await open(page, '/register');
  // (The valid answer last: see the known bug "clicking the submit button right after …".)
  await page.getByLabel(zh('id-number'), { exact: true }).fill(withWrongCheck(person.idNumber));
  await page.getByLabel(zh('mobile'), { exact: true }).fill('12345');
  await page.getByLabel(zh('real-name'), { exact: true }).fill(person.name);
  await submit(page.getByRole('button', { name: zh('register-submit'), exact: true }));
  await expect(page.getByRole('alert').getByRole('link')).toHaveCount(4);
  await expectNoSeriousViolations(page, testInfo, 'the registration page with errors');
});

test('the account page with a business has no serious accessibility violations', async ({ page }, testInfo) => {
  const business = enterprise();
  const admin = citizen();
  inRegisters(admin, business);
  await registerCitizen(page, admin);
  await open(page, '/register/enterprise');
  await page.getByLabel(zh('enterprise-name'), { exact: true }).fill(business.name);
  await page.getByLabel(zh('credit-code'), { exact: true }).fill(business.creditCode);
  await page.getByLabel(zh('legal-rep'), { exact: true }).fill(business.legalRep);
  await submit(page.getByRole('button', { name: zh('register-enterprise-submit') }));
  await expect(page.getByRole('status')).toHaveText(zh('notice-enterprise-registered'));
  await expect(page.getByRole('heading', { level: 3, name: business.name })).toBeVisible();
  await expectNoSeriousViolations(page, testInfo, 'the account page');
});

test('the staff administration page has no serious accessibility violations', async ({ page }, testInfo) => {
  await logIn(page, DEMO.operator, DEMO.password);
  await open(page, '/admin/staff');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(zh('staff-title'));
  await expect(page.getByRole('table')).toContainText('clerk.scjg');
  await expectNoSeriousViolations(page, testInfo, 'the staff administration page');
});

test('the pages in English have no serious accessibility violations either', async ({ page }, testInfo) => {
  await open(page, '/services/MZ-001');
  await submit(page.getByRole('banner').getByRole('button', { name: zh('switch-language-label') }));
  await expect(page.locator('html')).toHaveAttribute('lang', 'en');
  await expectNoSeriousViolations(page, testInfo, 'a service guide in English');
});

test('the language button is named by what it shows (WCAG 2.5.3 label in name)', async ({ page }, testInfo) => {
  await open(page, '/');
  const results = await new AxeBuilder({ page }).withRules(['label-content-name-mismatch']).analyze();
  if (results.violations.length > 0) {
    await testInfo.attach('axe violations', { body: describe(results.violations), contentType: 'text/plain' });
  }
  expect(results.violations.map((v) => `${v.id} (${v.impact})`), describe(results.violations)).toEqual([]);
  const button = page.getByRole('banner').locator('form.lang-switch button');
  await expect(button).toHaveAccessibleName(new RegExp(en('language-name')));
});

// A mistake in the registration form: the portal says what is wrong, where, and keeps what the
// person typed. Runs with and without JavaScript (the server's answer is the same page, 422).
import { citizen, withWrongCheck } from './support/data';
import { expect, jsEnabled, open, registerCitizen, requestRegistrationCode, submit, test } from './support/fixtures';
import { zh } from './support/i18n';
import type { Page } from '@playwright/test';

/** Fills /register with a resident ID number whose check digit is wrong, and submits. */
async function submitWithWrongCheckDigit(page: Page) {
  const person = citizen();
  const badId = withWrongCheck(person.idNumber);
  await open(page, '/register');
  await page.getByLabel(zh('real-name'), { exact: true }).fill(person.name);
  await page.getByLabel(zh('id-number'), { exact: true }).fill(badId);
  await page.getByLabel(zh('mobile'), { exact: true }).fill(person.mobile);
  // A well-formed code: the form's own mistakes are shown before any code is looked at.
  await page.getByLabel(zh('code'), { exact: true }).fill('123456');
  await page.getByLabel(zh('password'), { exact: true }).fill(person.password);
  await page.getByLabel(zh('password-confirm'), { exact: true }).fill(person.password);
  const answer = page.waitForResponse(
    (r) => r.request().method() === 'POST' && new URL(r.url()).pathname === '/register',
  );
  await submit(page.getByRole('button', { name: zh('register-submit'), exact: true }));
  expect((await answer).status()).toBe(422);
  return { person, badId };
}

test('a wrong check digit shows the error summary and the field error, and keeps the answers', async ({ page }) => {
  const { person, badId } = await submitWithWrongCheckDigit(page);

  await expect(page).toHaveURL(/\/register$/);
  await expect(page).toHaveTitle(new RegExp(zh('register-title')));
  const summary = page.getByRole('alert');
  await expect(summary.getByRole('heading')).toHaveText(zh('error-summary-title'));
  // Exactly one problem, and it is a link to the field.
  const link = summary.getByRole('link');
  await expect(link).toHaveText([zh('resident-id-wrong-check-digit')]);
  await expect(link).toHaveAttribute('href', '#register-id_number');
  // The summary takes the focus, so a screen reader announces it at once.
  await expect(summary).toBeFocused();

  const idField = page.getByLabel(zh('id-number'), { exact: true });
  await expect(idField).toHaveAttribute('aria-invalid', 'true');
  await expect(idField).toHaveAccessibleDescription(
    `${zh('id-number-hint')} ${zh('resident-id-wrong-check-digit')}`,
  );
  await expect(page.locator('.field-error')).toHaveText([zh('resident-id-wrong-check-digit')]);

  // What was typed is still there (the passwords are never sent back).
  await expect(idField).toHaveValue(badId);
  await expect(page.getByLabel(zh('real-name'), { exact: true })).toHaveValue(person.name);
  await expect(page.getByLabel(zh('mobile'), { exact: true })).toHaveValue(person.mobile);
  await expect(page.getByLabel(zh('password'), { exact: true })).toHaveValue('');
  await expect(page.getByLabel(zh('real-name'), { exact: true })).not.toHaveAttribute('aria-invalid', 'true');
  // Not registered: still logged out.
  await expect(page.getByRole('banner').getByRole('link', { name: zh('login'), exact: true })).toBeVisible();
});

test('the error summary link takes the focus to the field', async ({ page }) => {
  await submitWithWrongCheckDigit(page);
  await page.getByRole('alert').getByRole('link', { name: zh('resident-id-wrong-check-digit') }).click();
  await expect(page).toHaveURL(/#register-id_number$/);
  await expect(page.getByLabel(zh('id-number'), { exact: true })).toBeFocused({ timeout: 2_000 });
});

test('every missing answer is listed, in the order of the form', async ({ page }) => {
  await open(page, '/register');
  await submit(page.getByRole('button', { name: zh('register-submit'), exact: true }));
  const summary = page.getByRole('alert');
  await expect(summary.getByRole('link')).toHaveText([
    zh('name-empty'),
    zh('resident-id-empty'),
    zh('mobile-empty'),
    zh('code-empty'),
    zh('password-too-short'),
  ]);
  await expect(summary).toBeFocused();
});

test('a mobile number that is already registered is refused on its field once its code is entered', async ({ page, browser }) => {
  const first = citizen();
  // Someone registers first (in their own browser).
  const other = await browser.newContext();
  const otherPage = await other.newPage();
  await registerCitizen(otherPage, first);
  await other.close();

  // Asking for a code looks the same as for any mobile; the code reaches the mobile's holder.
  const second = { ...citizen(), mobile: first.mobile };
  await open(page, '/register');
  await page.getByLabel(zh('real-name'), { exact: true }).fill(second.name);
  await page.getByLabel(zh('id-number'), { exact: true }).fill(second.idNumber);
  const code = await requestRegistrationCode(page, second.mobile);
  await expect(page.getByLabel(zh('id-number'), { exact: true })).toHaveValue(second.idNumber);
  await page.getByLabel(zh('code'), { exact: true }).fill(code);
  await page.getByLabel(zh('password'), { exact: true }).fill(second.password);
  await page.getByLabel(zh('password-confirm'), { exact: true }).fill(second.password);
  await submit(page.getByRole('button', { name: zh('register-submit'), exact: true }));
  await expect(page.getByRole('alert').getByRole('link')).toHaveText([zh('mobile-taken')]);
  await expect(page.getByLabel(zh('mobile'), { exact: true })).toHaveAttribute('aria-invalid', 'true');
  await expect(page.getByLabel(zh('id-number'), { exact: true })).toHaveValue(second.idNumber);
});

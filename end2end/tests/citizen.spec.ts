// A resident registers, sees their account, logs out and in again. Runs with and without
// JavaScript: every step is a plain form post answered by a redirect.
import { citizen, DEMO, maskId, maskMobile } from './support/data';
import { expect, logIn, logOut, open, registerCitizen, submit, test } from './support/fixtures';
import { zh } from './support/i18n';

test('a new resident registers and lands on their account with their ID number masked', async ({ page }) => {
  const person = citizen();
  await registerCitizen(page, person);

  await expect(page.getByRole('heading', { level: 1 })).toHaveText(zh('account-title'));
  const profile = page.getByRole('region', { name: zh('account-profile') });
  await expect(profile).toContainText(person.name);
  await expect(profile).toContainText(zh('role-citizen'));
  await expect(profile).toContainText(maskId(person.idNumber));
  await expect(profile).toContainText(maskMobile(person.mobile));
  // A number the population register does not hold: the mobile proven, level 1.
  await expect(profile).toContainText(zh('real-name-level-1'));
  // The full numbers are never shown back.
  await expect(page.locator('body')).not.toContainText(person.idNumber);
  await expect(page.locator('body')).not.toContainText(person.mobile);
  // The header now shows who is logged in.
  await expect(page.getByRole('banner').getByRole('link', { name: person.name })).toBeVisible();
  await expect(page.getByRole('region', { name: zh('account-enterprises') })).toContainText(
    zh('account-no-enterprises'),
  );
});

test('a newcomer the population register knows registers with the code from their phone at level L2', async ({ page }, testInfo) => {
  // Two of the demo register's people (see the README), one per browser project.
  const known =
    testInfo.project.name === 'js'
      ? { name: '王伟敏', idNumber: '350102196001010004' }
      : { name: '李伟勇', idNumber: '350103196102020013' };
  await registerCitizen(page, { ...citizen(), ...known });
  const profile = page.getByRole('region', { name: zh('account-profile') });
  await expect(profile).toContainText(zh('real-name-level-2'));
  await expect(profile).toContainText(zh('real-name-source-base-data'));
});

test('a resident logs out, then logs in again with their mobile number and with their ID number', async ({ page }) => {
  const person = citizen();
  await registerCitizen(page, person);

  await logOut(page);
  const header = page.getByRole('banner');
  await expect(header.getByRole('link', { name: zh('login'), exact: true })).toBeVisible();
  await expect(header.getByRole('button', { name: zh('logout') })).toHaveCount(0);
  // The account is no longer reachable.
  await open(page, '/account');
  await expect(page.getByRole('link', { name: zh('login-required') })).toBeVisible();

  await logIn(page, person.mobile, person.password);
  // A citizen lands on their applications.
  await expect(page).toHaveURL(/\/cases$/);
  await open(page, '/account');
  await expect(page.getByRole('region', { name: zh('account-profile') })).toContainText(
    maskId(person.idNumber),
  );

  await logOut(page);
  await logIn(page, person.idNumber.toLowerCase(), person.password);
  await expect(page).toHaveURL(/\/cases$/);
  await expect(header.getByRole('link', { name: person.name })).toBeVisible();
});

test('logging out says so on the page it lands on', async ({ page }) => {
  await registerCitizen(page, citizen());
  await logOut(page);
  await expect(page.getByRole('status')).toHaveText(zh('notice-logged-out'), { timeout: 2_000 });
});

test('a wrong password and an unknown account get the same error summary', async ({ page }) => {
  const person = citizen();
  await registerCitizen(page, person);
  await logOut(page);

  for (const [account, password] of [
    [person.mobile, 'Wrong-password-99'],
    [citizen().mobile, person.password],
  ]) {
    await open(page, '/login');
    const accountField = page.getByLabel(zh('login-account'), { exact: true });
    await accountField.fill(account);
    await page.getByLabel(zh('password'), { exact: true }).fill(password);
    await submit(page.getByRole('button', { name: zh('login'), exact: true }));

    const summary = page.getByRole('alert');
    await expect(summary).toBeVisible();
    await expect(summary.getByRole('heading')).toHaveText(zh('error-summary-title'));
    await expect(summary.getByRole('listitem')).toHaveText([zh('login-invalid')]);
    await expect(summary).toBeFocused();
    await expect(page).toHaveURL(/\/login$/);
    // The account is kept, the password is not.
    await expect(accountField).toHaveValue(account);
    await expect(page.getByLabel(zh('password'), { exact: true })).toHaveValue('');
    await expect(page.getByRole('banner').getByRole('link', { name: zh('login'), exact: true })).toBeVisible();
  }
});

test('the demo citizen can log in', async ({ page }) => {
  await logIn(page, DEMO.citizenMobile, DEMO.password);
  await expect(page).toHaveURL(/\/cases$/);
  await open(page, '/account');
  await expect(page.getByRole('region', { name: zh('account-profile') })).toContainText('张三');
  await expect(page.getByRole('heading', { level: 3, name: '示例餐饮有限公司' })).toBeVisible();
});

// With JavaScript on, the server-rendered pages come alive (hydrate) without a single error,
// and the forms check an answer as soon as the person leaves the field, with the same Rust
// rules the server uses.
import { citizen, creditCode, DEMO, withWrongCheck } from './support/data';
import { expect, logIn, logOut, open, registerCitizen, submit, test } from './support/fixtures';
import { zh } from './support/i18n';

test.describe('every page hydrates without errors', () => {
  // The automatic `browserProblems` check fails a test on any page error or console error.
  for (const path of ['/', '/services', '/services?q=%E7%BB%93%E5%A9%9A', '/services/SCJG-001', '/login', '/register', '/register/enterprise', '/no-such-page']) {
    test(`anonymous: ${decodeURI(path)}`, async ({ page, browserProblems }) => {
      await open(page, path);
      await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
      expect(browserProblems).toEqual([]);
    });
  }

  test('logged in: /account with an enterprise, and the operator on /admin/staff', async ({ page, browserProblems }) => {
    await logIn(page, DEMO.citizenMobile, DEMO.password);
    await open(page, '/account');
    await expect(page.getByRole('heading', { level: 3, name: '示例餐饮有限公司' })).toBeVisible();
    await logOut(page);
    await logIn(page, DEMO.operator, DEMO.password);
    await open(page, '/admin/staff');
    await expect(page.getByRole('heading', { level: 1 })).toHaveText(zh('staff-title'));
    expect(browserProblems).toEqual([]);
  });
});

test('links load each page as a small document, its scripts and styles from the browser cache', async ({ page }) => {
  // The pages are the server's: only their islands (form fields, the application form) carry
  // code, so a link is a plain link. The script, WebAssembly and stylesheet have hashed names
  // and are cached for a year: after the first page nothing of them crosses the network.
  const assets = () =>
    page.evaluate(() =>
      performance
        .getEntriesByType('resource')
        .filter((e) => new URL(e.name).pathname.startsWith('/pkg/'))
        .map((e) => {
          const r = e as PerformanceResourceTiming;
          return { path: new URL(r.name).pathname, transferred: r.transferSize, size: r.decodedBodySize };
        }),
    );
  const wasmLoaded = async () =>
    expect.poll(async () => (await assets()).some((a) => a.path.endsWith('.wasm')), { timeout: 15_000 }).toBe(true);

  await open(page, '/');
  await wasmLoaded();
  const first = await assets();
  for (const kind of ['.js', '.wasm', '.css']) {
    expect(first.find((a) => a.path.endsWith(kind))?.path, kind).toMatch(/^\/pkg\/portal\.[A-Za-z0-9_-]{22}\./);
  }

  await page.getByRole('navigation', { name: zh('nav-main') }).getByRole('link', { name: zh('nav-citizens') }).click();
  await expect(page).toHaveURL(/\/services\?audience=citizen$/);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(zh('catalogue-title'));
  await expect(page).toHaveTitle(`${zh('catalogue-title')} - ${zh('portal-name')}`);
  await expect(page.locator('.service-list')).toContainText('结婚登记');

  await page.getByRole('link', { name: '结婚登记', exact: true }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('结婚登记');
  await expect(page.getByRole('region', { name: zh('guide-materials') }).getByRole('row')).toHaveCount(4);
  await wasmLoaded();
  const cached = await assets();
  expect(cached.length).toBeGreaterThanOrEqual(3);
  for (const asset of cached) {
    // Served by the browser's cache: nothing transferred, not even a revalidation.
    expect(asset, asset.path).toEqual({ ...asset, transferred: 0 });
    expect(asset.size, asset.path).toBeGreaterThan(0);
  }

  await page.getByRole('banner').getByRole('link', { name: zh('register'), exact: true }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(zh('register-title'));
  await page.getByRole('link', { name: zh('register-enterprise-link') }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(zh('register-enterprise-title'));
  // The history works too.
  await page.goBack();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(zh('register-title'));
});

test('an invalid ID number is flagged as soon as the field is left, before submitting', async ({ page }) => {
  let posted = false;
  page.on('request', (r) => {
    if (r.method() === 'POST') posted = true;
  });
  await open(page, '/register');
  const idField = page.getByLabel(zh('id-number'), { exact: true });
  await idField.fill(withWrongCheck(citizen().idNumber));
  await idField.blur();

  const error = page.locator('.field-error');
  await expect(error).toHaveText([zh('resident-id-wrong-check-digit')]);
  await expect(idField).toHaveAttribute('aria-invalid', 'true');
  await expect(idField).toHaveAccessibleDescription(
    `${zh('id-number-hint')} ${zh('resident-id-wrong-check-digit')}`,
  );
  // Too short is a different message.
  await idField.fill('11010519491231');
  await idField.blur();
  await expect(error).toHaveText([zh('resident-id-wrong-length')]);
  // Corrected: the message goes away.
  const good = citizen().idNumber;
  await idField.fill(good);
  await idField.blur();
  await expect(error).toHaveCount(0);
  await expect(idField).not.toHaveAttribute('aria-invalid', 'true');
  expect(posted).toBe(false);
  await expect(page).toHaveURL(/\/register$/);
});

test('other fields check themselves too: mobile, and the credit code of an enterprise', async ({ page }) => {
  await open(page, '/register');
  const mobile = page.getByLabel(zh('mobile'), { exact: true });
  await mobile.fill('1234');
  // (Tab would land on the "send code" button: leaving for a submit button checks nothing, so
  // that the click lands where it was aimed.)
  await mobile.blur();
  await expect(page.locator('.field-error')).toHaveText([zh('mobile-invalid')]);

  // A business is registered by a signed-in resident.
  await registerCitizen(page, citizen());
  await open(page, '/register/enterprise');
  const code = page.getByLabel(zh('credit-code'), { exact: true });
  const good = creditCode();
  const wrongLast = good.slice(0, 17) + (good[17] === '0' ? '1' : '0');
  await code.fill(wrongLast);
  await code.press('Tab');
  await expect(page.locator('.field-error')).toHaveText([zh('credit-code-wrong-check-character')]);
  await code.fill(good.toLowerCase());
  await code.press('Tab');
  await expect(page.locator('.field-error')).toHaveCount(0);
});

test('a field flagged by the server clears once corrected in the browser', async ({ page }) => {
  const person = citizen();
  await open(page, '/register');
  await page.getByLabel(zh('id-number'), { exact: true }).fill(withWrongCheck(person.idNumber));
  await page.getByLabel(zh('real-name'), { exact: true }).fill(person.name);
  await submit(page.getByRole('button', { name: zh('register-submit'), exact: true }));
  await expect(page.getByRole('alert')).toBeVisible();
  const idField = page.getByLabel(zh('id-number'), { exact: true });
  await expect(idField).toHaveAttribute('aria-invalid', 'true');

  await idField.fill(person.idNumber);
  await idField.blur();
  await expect(idField).not.toHaveAttribute('aria-invalid', 'true');
  await expect(page.locator('#register-id_number-error')).toHaveCount(0);
  // Fields the person has not touched keep the server's errors: they are still wrong.
  await expect(page.getByLabel(zh('mobile'), { exact: true })).toHaveAttribute('aria-invalid', 'true');
});

test('clicking the submit button right after typing a wrong ID number submits the form', async ({ page }) => {
  const person = citizen();
  await open(page, '/register');
  await page.getByLabel(zh('real-name'), { exact: true }).fill(person.name);
  await page.getByLabel(zh('mobile'), { exact: true }).fill(person.mobile);
  await page.getByLabel(zh('password'), { exact: true }).fill(person.password);
  await page.getByLabel(zh('password-confirm'), { exact: true }).fill(person.password);
  await page.getByLabel(zh('id-number'), { exact: true }).fill(withWrongCheck(person.idNumber));
  await page.getByRole('button', { name: zh('register-submit'), exact: true }).click();
  await expect(page.getByRole('alert')).toBeVisible({ timeout: 5_000 });
});

test('the site has an icon, so browsers log no 404 for /favicon.ico', async ({ request }) => {
  const response = await request.get('/favicon.ico');
  expect(response.status()).toBe(200);
});

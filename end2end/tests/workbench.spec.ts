// A clerk works a case from the queue to the decision while the applicant answers a supplement
// request, and the applicant ends with a verifiable e-certificate. Two browsers, one each.
import type { Browser, Page } from '@playwright/test';
import { citizen, DEMO, pdf } from './support/data';
import { expectNoSeriousViolations } from './support/a11y';
import { base32Decode, expect, logIn, logOut, open, registerCitizen, secondFactor, submit, test, totp } from './support/fixtures';
import { zh } from './support/i18n';
import { inPopulationRegister } from './support/registers';

async function clerkPage(browser: Browser): Promise<Page> {
  const context = await browser.newContext({ locale: 'zh-CN' });
  const page = await context.newPage();
  await logIn(page, 'clerk.scjg', DEMO.password);
  return page;
}

test('a clerk claims a case, asks for a supplement, and approves the resubmission', async ({ page, browser }) => {
  // The applicant, whom the population register knows (so a certificate may be issued to
  // them), files 个体工商户设立登记 (市场监督管理局).
  const applicant = citizen();
  inPopulationRegister(applicant);
  await registerCitizen(page, applicant);
  await open(page, '/apply/SCJG-003');
  await page.getByLabel(zh('form-address-district')).selectOption({ label: '鼓楼区' });
  await page.getByLabel(zh('form-address-detail')).fill('五一北路 1 号');
  await page.getByLabel('申请事项说明').fill('开一家小吃店');
  await page.locator('#answer-material_1').setInputFiles(pdf('申请书.pdf'));
  await page.locator('#answer-material_2').setInputFiles(pdf('身份证明.pdf'));
  await page.locator('#answer-material_3').setInputFiles(pdf('场所证明.pdf'));
  await submit(page.getByRole('button', { name: zh('apply-submit') }));
  const number = await page.locator('.case-number').innerText();
  const casePath = new URL(page.url()).pathname;

  // The clerk finds it in the new-cases queue and takes it through intake.
  const clerk = await clerkPage(browser);
  await open(clerk, '/workbench');
  await clerk.getByRole('link', { name: number }).click();
  await expect(clerk.getByRole('button', { name: zh('wb-claim'), exact: true })).toBeVisible();
  for (const button of ['wb-claim', 'wb-accept', 'wb-start-review']) {
    await submit(clerk.getByRole('button', { name: zh(button), exact: true }));
  }
  await clerk.getByRole('checkbox', { name: /申请事项说明/ }).check();
  await clerk.getByLabel(zh('wb-supplement-item-reason', { item: '申请事项说明' })).fill('请写明经营范围。');
  await submit(clerk.getByRole('button', { name: zh('wb-request-supplement') }));
  await expect(clerk.locator('.timeline')).toContainText(zh('event-request-supplement'));

  // The applicant sees exactly what is asked, changes it and resubmits.
  await open(page, casePath);
  await expect(page.getByText('请写明经营范围。').first()).toBeVisible();
  await page.getByRole('link', { name: zh('case-supplement-start') }).click();
  await expect(page.getByRole('button', { name: zh('supplement-submit') })).toBeVisible();
  await expect(page.getByLabel(zh('form-address-detail'))).toHaveCount(0);
  await page.getByLabel('申请事项说明').fill('开一家小吃店，经营范围：餐饮服务。');
  await submit(page.getByRole('button', { name: zh('supplement-submit') }));
  await expect(page.locator('.notice')).toHaveText(zh('notice-supplement-sent'));

  // The clerk reviews the resubmission and approves.
  await open(clerk, new URL(clerk.url()).pathname);
  await submit(clerk.getByRole('button', { name: zh('wb-start-review'), exact: true }));
  await submit(clerk.getByRole('button', { name: zh('wb-approve'), exact: true }));
  await expect(clerk.locator('.timeline')).toContainText(zh('event-approve'));

  // The applicant gets the e-certificate, verifiable by anyone.
  await open(page, casePath);
  await expect(page.locator('.state').first()).toHaveText(zh('case-state-approved'));
  const verify = page.getByRole('region', { name: zh('case-result-title') }).getByRole('link').first();
  // The verify page is a plain server-rendered document (no app to hydrate).
  await Promise.all([page.waitForURL(/\/verify\//), verify.click()]);
  await expect(page.locator('body')).toContainText('有效');
  await clerk.context().close();
});

test('a new clerk enrols through a one-time link with the QR key, keeps recovery codes, and signs in with the app', async ({ page, browser, javaScriptEnabled }, testInfo) => {
  // The operator creates the account: no password field; a link to hand over instead.
  const username = `clerk.e2e${Date.now() % 1_000_000}${javaScriptEnabled ? 'j' : 'n'}`;
  await logIn(page, DEMO.operator, DEMO.password);
  await open(page, '/admin/staff');
  await expect(page.getByLabel(zh('password'), { exact: true })).toHaveCount(0);
  await page.getByLabel(zh('username'), { exact: true }).fill(username);
  await page.getByLabel(zh('display-name'), { exact: true }).fill('周窗口');
  await page.getByLabel(zh('account-role'), { exact: true }).selectOption('clerk');
  await page.getByLabel(zh('account-department'), { exact: true }).selectOption('SCJG');
  await submit(page.getByRole('button', { name: zh('staff-create-submit'), exact: true }));
  const link = await page.getByLabel(zh('staff-enrolment-link-label'), { exact: true }).inputValue();
  expect(link).toMatch(/\/login\/enrol\?token=[0-9a-f]{64}$/);

  // The new clerk, on their own device, chooses a password and sets up the app.
  const context = await browser.newContext({ locale: 'zh-CN', javaScriptEnabled });
  const clerk = await context.newPage();
  try {
    const url = new URL(link);
    await open(clerk, url.pathname + url.search);
    await expect(clerk.getByRole('heading', { level: 1 })).toHaveText(zh('enrolment-title'));
    const password = 'Own-choice-Lantern-42';
    await clerk.getByLabel(zh('password-new'), { exact: true }).fill(password);
    await clerk.getByLabel(zh('password-confirm'), { exact: true }).fill(password);
    await submit(clerk.getByRole('button', { name: zh('enrolment-submit'), exact: true }));
    await expect(clerk).toHaveURL(/\/login\/second-factor/);
    await expect(clerk.getByRole('img', { name: zh('second-factor-qr-label') })).toBeVisible();
    if (javaScriptEnabled) await expectNoSeriousViolations(clerk, testInfo, 'the second-factor enrolment');
    const secret = base32Decode(await clerk.locator('code.secret').innerText());
    await secondFactor(clerk, secret);
    await expect(clerk.getByRole('heading', { name: zh('second-factor-recovery-title') })).toBeVisible();
    await expect(clerk.locator('.recovery-codes li')).toHaveCount(10);
    if (javaScriptEnabled) await expectNoSeriousViolations(clerk, testInfo, 'the recovery codes');
    await clerk.getByRole('link', { name: zh('second-factor-recovery-continue') }).click();
    // A clerk's home: the workbench.
    await expect(clerk).toHaveURL(/\/workbench$/);

    // Another day: password, then the app's code (of a later step than the enrolment's).
    await logOut(clerk);
    await open(clerk, '/login');
    await clerk.getByLabel(zh('login-account'), { exact: true }).fill(username);
    await clerk.getByLabel(zh('password'), { exact: true }).fill(password);
    await submit(clerk.getByRole('button', { name: zh('login'), exact: true }));
    await expect(clerk).toHaveURL(/\/login\/second-factor/);
    await expect(clerk.getByText(zh('second-factor-lead'))).toBeVisible();
    // Staff pages stay closed until the second step.
    const closed = await clerk.goto('/workbench');
    expect(closed?.status()).not.toBe(200);
    await open(clerk, '/login/second-factor');
    await clerk.getByLabel(zh('second-factor-code'), { exact: true }).fill(totp(secret, Date.now() / 1000 + 30));
    await submit(clerk.getByRole('button', { name: zh('second-factor-submit'), exact: true }));
    await open(clerk, '/workbench');
    await expect(clerk.getByRole('heading', { level: 1 })).toHaveText(zh('wb-title'));
  } finally {
    await context.close();
  }
});

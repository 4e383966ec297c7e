// Applying online: a resident fills in a service's form (verified data prefilled), uploads the
// materials, submits, follows the case and withdraws it. Runs with and without JavaScript.
import type { Page } from '@playwright/test';
import { citizen, pdf } from './support/data';
import { expect, jsEnabled, open, registerCitizen, submit, test } from './support/fixtures';
import { zh } from './support/i18n';

async function fillGa004(page: Page) {
  await page.getByLabel(zh('form-address-district')).selectOption({ label: '鼓楼区' });
  await page.getByLabel(zh('form-address-detail')).fill('五一北路 1 号');
  await page.getByLabel('申请事项说明').fill('出国留学需要无犯罪记录证明。');
  await page.locator('#answer-material_1').setInputFiles(pdf('申请表.pdf'));
  await page.locator('#answer-material_2').setInputFiles(pdf('身份证.pdf'));
  await page.locator('#answer-material_3').setInputFiles(pdf('委托书.pdf'));
}

test('a resident applies online, follows the case and withdraws it', async ({ page }) => {
  const person = citizen();
  await registerCitizen(page, person);
  await open(page, '/services/GA-004');
  await page.getByRole('link', { name: zh('apply-online') }).click();
  await expect(page.getByRole('heading', { level: 1 })).toContainText('无犯罪记录证明开具');
  // Verified data is shown, not asked again.
  await expect(page.locator('.locked-field').first()).toContainText(person.name);
  await expect(page.locator('.locked-field').first()).toContainText(zh('form-verified'));

  await fillGa004(page);
  await submit(page.getByRole('button', { name: zh('apply-submit') }));
  await expect(page.locator('.notice')).toHaveText(zh('notice-case-submitted'));
  const number = await page.locator('.case-number').innerText();
  expect(number).toMatch(/^GA\d{13}$/);
  await expect(page.locator('.timeline')).toContainText(zh('event-submit'));
  await expect(page.getByRole('navigation', { name: zh('case-progress') }).locator('[aria-current="step"]')).toHaveText(
    zh('case-step-submitted'),
  );

  await page.getByRole('banner').getByRole('link', { name: zh('nav-my-applications') }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(zh('cases-title'));
  await page.getByRole('link', { name: number }).click();
  await expect(page.locator('.case-number')).toHaveText(number);

  // Withdrawing needs a reason; without one the page says so and nothing changes.
  await submit(page.getByRole('button', { name: zh('case-withdraw-button') }));
  await expect(page.locator('.error-summary')).toContainText(zh('case-error-reason-required'));
  await page.getByLabel(zh('case-withdraw-reason')).fill('不再需要');
  await submit(page.getByRole('button', { name: zh('case-withdraw-button') }));
  await expect(page.locator('.notice')).toHaveText(zh('notice-case-withdrawn'));
  await expect(page.locator('.case-number').locator('xpath=..')).toBeVisible();
  await expect(page.locator('.state').first()).toHaveText(zh('case-state-withdrawn'));
});

test('an incomplete application keeps every answer and links each problem to its field', async ({ page }) => {
  await registerCitizen(page, citizen());
  await open(page, '/apply/GA-004');
  await page.getByLabel('申请事项说明').fill('先写说明，地址稍后。');
  await submit(page.getByRole('button', { name: zh('apply-submit') }));
  const summary = page.locator('.error-summary');
  await expect(summary).toBeVisible();
  await expect(summary.getByRole('link')).not.toHaveCount(0);
  await expect(page.getByLabel('申请事项说明')).toHaveValue('先写说明，地址稍后。');
  // The draft is listed with its completeness.
  await open(page, '/cases');
  await expect(page.locator('section', { has: page.locator('#drafts-title') })).toContainText('无犯罪记录证明开具');
});

test('a draft is saved and resumed with its files', async ({ page }) => {
  await registerCitizen(page, citizen());
  await open(page, '/apply/GA-004');
  await page.getByLabel('申请事项说明').fill('保存后继续');
  await page.locator('#answer-material_1').setInputFiles(pdf('申请表.pdf'));
  await submit(page.getByRole('button', { name: zh('apply-save') }));
  await expect(page.locator('.notice')).toHaveText(zh('notice-draft-saved'));
  await expect(page).toHaveURL(/\/cases\/[0-9a-f-]+\/edit/);
  await expect(page.getByRole('link', { name: '申请表.pdf' })).toBeVisible();
  await expect(page.getByLabel('申请事项说明')).toHaveValue('保存后继续');
  // Finish it later.
  await fillGa004(page);
  await submit(page.getByRole('button', { name: zh('apply-submit') }));
  await expect(page.locator('.notice')).toHaveText(zh('notice-case-submitted'));
});

test('with JavaScript a changed draft saves itself', async ({ page }) => {
  test.skip(!jsEnabled(), 'autosave needs JavaScript; without it the save button does it');
  await registerCitizen(page, citizen());
  await open(page, '/apply/GA-004');
  await page.getByLabel('申请事项说明').fill('没有点保存也不会丢');
  await expect(page.locator('.autosave-status')).toContainText(zh('apply-autosaved', { time: '' }).replace(/（.*$/, ''), {
    timeout: 25_000,
  });
  await open(page, '/cases');
  await expect(page.locator('section', { has: page.locator('#drafts-title') })).toContainText('无犯罪记录证明开具');
});

test('a field that applies only for some answers says so, and with JavaScript hides until then', async ({ page }) => {
  await registerCitizen(page, citizen());
  await open(page, '/apply/WJW-001');
  const hospital = page.getByLabel('助产机构名称');
  if (jsEnabled()) {
    await expect(hospital).toBeHidden();
    await page.getByLabel('医疗机构内').check();
    await expect(hospital).toBeVisible();
    await page.getByLabel('医疗机构外').check();
    await expect(hospital).toBeHidden();
  } else {
    await expect(hospital).toBeVisible();
    await expect(page.getByText(zh('form-shown-when', { field: '出生地点', values: '医疗机构内' }))).toBeVisible();
  }
});

test('with JavaScript a field checks itself when left, with the rule the server applies', async ({ page }) => {
  test.skip(!jsEnabled(), 'the on-blur check needs JavaScript; without it the server checks on submit');
  await registerCitizen(page, citizen());
  await open(page, '/apply/GA-004');
  const email = page.getByLabel('电子邮箱');
  await email.fill('not-an-address');
  await email.blur();
  await expect(page.getByText(zh('form-email-invalid'))).toBeVisible();
  await expect(email).toHaveAttribute('aria-invalid', 'true');
  await email.fill('zhang@example.com');
  await email.blur();
  await expect(page.getByText(zh('form-email-invalid'))).toHaveCount(0);
});

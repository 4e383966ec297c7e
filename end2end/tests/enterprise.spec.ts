// Businesses: registering one (as a signed-in resident, after registering when logged out), seeing it on the
// account as its administrator, inviting an agent who accepts, and revoking them.
import { type Browser, type Page } from '@playwright/test';
import { citizen, enterprise, maskId, maskMobile, type Citizen, type Enterprise } from './support/data';
import { expect, fillEnterpriseFields, jsEnabled, open, registerCitizen, settled, submit, test } from './support/fixtures';
import { zh } from './support/i18n';
import { inRegisters } from './support/registers';

function enterpriseCard(page: Page, business: Enterprise) {
  return page.getByRole('article').filter({ has: page.getByRole('heading', { level: 3, name: business.name }) });
}

async function expectAdminOf(page: Page, business: Enterprise) {
  const card = enterpriseCard(page, business);
  await expect(card).toBeVisible();
  await expect(card).toContainText(business.creditCode);
  await expect(card).toContainText(business.legalRep);
  await expect(card).toContainText(`${zh('agent-admin')} · ${zh('agent-status-active')}`);
  await expect(card.getByRole('heading', { level: 4, name: zh('agent-invite-title') })).toBeVisible();
  return card;
}

/** A resident who registered in a browser of their own. */
async function registeredElsewhere(browser: Browser): Promise<{ person: Citizen; page: Page; close: () => Promise<void> }> {
  const context = await browser.newContext();
  const page = await context.newPage();
  const person = citizen();
  await registerCitizen(page, person);
  return { person, page, close: () => context.close() };
}

test('logged out, the business page asks the agent to register first; the agent then administers it', async ({ page }) => {
  const agent = citizen();
  const business = enterprise();
  await open(page, '/register/enterprise');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(zh('register-enterprise-title'));
  await expect(page.getByRole('main')).toContainText(zh('register-enterprise-sign-in-first'));
  await expect(page.getByLabel(zh('credit-code'), { exact: true })).toHaveCount(0);
  await page.getByRole('main').getByRole('link', { name: zh('register'), exact: true }).click();
  await expect(page).toHaveURL(/\/register$/);
  await settled(page);

  inRegisters(agent, business);
  await registerCitizen(page, agent);
  await open(page, '/register/enterprise');
  await fillEnterpriseFields(page, business);
  await submit(page.getByRole('button', { name: zh('register-enterprise-submit') }));

  await expect(page).toHaveURL(/\/account\?notice=notice-enterprise-registered$/);
  await expect(page.getByRole('status')).toHaveText(zh('notice-enterprise-registered'));
  await expect(page.getByRole('banner').getByRole('link', { name: agent.name })).toBeVisible();
  await expect(page.getByRole('region', { name: zh('account-profile') })).toContainText(agent.name);
  const card = await expectAdminOf(page, business);
  // The agents table lists the administrator.
  const rows = card.getByRole('table').getByRole('row');
  await expect(rows).toHaveCount(2);
  await expect(rows.nth(1).getByRole('cell')).toHaveText([
    agent.name,
    maskMobile(agent.mobile),
    `${zh('agent-admin')} · ${zh('agent-status-active')}`,
    '',
  ]);
});

test('a logged-in resident registers a business as themselves', async ({ page }) => {
  const person = citizen();
  const business = enterprise();
  inRegisters(person, business);
  await registerCitizen(page, person);
  await page.getByRole('link', { name: zh('register-enterprise-link') }).click();
  await expect(page).toHaveURL(/\/register\/enterprise$/);
  await settled(page);

  const agentSection = page.getByRole('group', { name: zh('agent-section') });
  await expect(agentSection).toContainText(zh('agent-is-you', { name: person.name }));
  await expect(agentSection.getByRole('textbox')).toHaveCount(0);
  await fillEnterpriseFields(page, business);
  await submit(page.getByRole('button', { name: zh('register-enterprise-submit') }));

  await expect(page).toHaveURL(/\/account\?notice=notice-enterprise-registered$/);
  await expect(page.getByRole('status')).toHaveText(zh('notice-enterprise-registered'));
  await expectAdminOf(page, business);
  await expect(page.getByText(zh('account-no-enterprises'))).toHaveCount(0);
});

test('a credit code that is already registered is refused on its field', async ({ page }) => {
  const person = citizen();
  await registerCitizen(page, person);
  await open(page, '/register/enterprise');
  // The demo business, as the register knows it (registered already by its legal representative).
  await fillEnterpriseFields(page, { name: '示例餐饮有限公司', creditCode: '91350100M000100Y43', legalRep: '张三' });
  await submit(page.getByRole('button', { name: zh('register-enterprise-submit') }));
  await expect(page.getByRole('alert').getByRole('link')).toHaveText([zh('credit-code-taken')]);
  await expect(page.getByLabel(zh('credit-code'), { exact: true })).toHaveAttribute('aria-invalid', 'true');
});

test('the administrator invites a registered resident, who accepts; then the administrator revokes them', async ({ page, browser }) => {
  const admin = citizen();
  const business = enterprise();
  const invitee = await registeredElsewhere(browser);
  try {
    inRegisters(admin, business);
    await registerCitizen(page, admin);
    await open(page, '/register/enterprise');
    await fillEnterpriseFields(page, business);
    await submit(page.getByRole('button', { name: zh('register-enterprise-submit') }));
    await expect(page.getByRole('status')).toHaveText(zh('notice-enterprise-registered'));

    // Invite by mobile number and ID number.
    let card = await expectAdminOf(page, business);
    await card.getByLabel(zh('mobile'), { exact: true }).fill(invitee.person.mobile);
    await card.getByLabel(zh('id-number'), { exact: true }).fill(invitee.person.idNumber);
    await submit(card.getByRole('button', { name: zh('agent-invite') }));
    await expect(page).toHaveURL(/\/account\?notice=notice-agent-invited$/);
    await expect(page.getByRole('status')).toHaveText(zh('notice-agent-invited'));
    card = enterpriseCard(page, business);
    // Until they accept, the row shows the numbers the invitation went to, never whose they are.
    const invitedRow = card.getByRole('row').filter({ hasText: maskId(invitee.person.idNumber) });
    await expect(invitedRow.getByRole('cell')).toHaveText([
      maskId(invitee.person.idNumber),
      maskMobile(invitee.person.mobile),
      `${zh('agent')} · ${zh('agent-status-invited')}`,
      zh('agent-revoke'),
    ]);
    await expect(card).not.toContainText(invitee.person.name);
    const inviteeRow = card.getByRole('row').filter({ hasText: invitee.person.name });

    // The invited resident sees the invitation on their account and accepts it.
    await open(invitee.page, '/account');
    const invitation = enterpriseCard(invitee.page, business);
    await expect(invitation).toContainText(`${zh('agent')} · ${zh('agent-status-invited')}`);
    await submit(invitation.getByRole('button', { name: zh('agent-accept') }));
    await expect(invitee.page).toHaveURL(/\/account\?notice=notice-agent-accepted$/);
    await expect(invitee.page.getByRole('status')).toHaveText(zh('notice-agent-accepted'));
    await expect(enterpriseCard(invitee.page, business)).toContainText(
      `${zh('agent')} · ${zh('agent-status-active')}`,
    );
    // An agent who is not the administrator cannot manage agents.
    await expect(enterpriseCard(invitee.page, business).getByRole('table')).toHaveCount(0);

    // The administrator sees them active, and revokes them.
    await open(page, '/account');
    await expect(inviteeRow.getByRole('cell').nth(2)).toHaveText(`${zh('agent')} · ${zh('agent-status-active')}`);
    await submit(
      inviteeRow.getByRole('button', { name: zh('agent-revoke-label', { name: invitee.person.name }) }),
    );
    await expect(page).toHaveURL(/\/account\?notice=notice-agent-revoked$/);
    await expect(page.getByRole('status')).toHaveText(zh('notice-agent-revoked'));
    await expect(inviteeRow.getByRole('cell').nth(2)).toHaveText(`${zh('agent')} · ${zh('agent-status-revoked')}`);
    await expect(inviteeRow.getByRole('button')).toHaveCount(0);
    // The administrator themselves cannot be revoked.
    await expect(
      card.getByRole('row').filter({ hasText: admin.name }).getByRole('button'),
    ).toHaveCount(0);

    // The revoked resident no longer has the business.
    await open(invitee.page, '/account');
    await expect(enterpriseCard(invitee.page, business)).toHaveCount(0);
    await expect(invitee.page.getByText(zh('account-no-enterprises'))).toBeVisible();
  } finally {
    await invitee.close();
  }
});

test('an invitation to someone not registered yet answers the same, and reaches them when they register', async ({ page, browser }) => {
  const business = enterprise();
  const admin = citizen();
  inRegisters(admin, business);
  await registerCitizen(page, admin);
  await open(page, '/register/enterprise');
  await fillEnterpriseFields(page, business);
  await submit(page.getByRole('button', { name: zh('register-enterprise-submit') }));
  await expect(page.getByRole('status')).toHaveText(zh('notice-enterprise-registered'));

  const stranger = citizen();
  const card = enterpriseCard(page, business);
  await card.getByLabel(zh('mobile'), { exact: true }).fill(stranger.mobile);
  await card.getByLabel(zh('id-number'), { exact: true }).fill(stranger.idNumber);
  await submit(card.getByRole('button', { name: zh('agent-invite') }));
  await expect(page).toHaveURL(/\/account\?notice=notice-agent-invited$/);
  await expect(page.getByRole('status')).toHaveText(zh('notice-agent-invited'));
  await expect(
    enterpriseCard(page, business).getByRole('row').filter({ hasText: maskId(stranger.idNumber) }).getByRole('cell').nth(2),
  ).toHaveText(`${zh('agent')} · ${zh('agent-status-invited')}`);

  // The stranger registers with those numbers and finds the invitation waiting.
  const context = await browser.newContext();
  try {
    const theirs = await context.newPage();
    await registerCitizen(theirs, stranger);
    await expect(enterpriseCard(theirs, business)).toContainText(`${zh('agent')} · ${zh('agent-status-invited')}`);
  } finally {
    await context.close();
  }
});

test('a business registered by someone else waits until its legal representative confirms it', async ({ page, browser }) => {
  const business = enterprise();
  const representative = citizen();
  inRegisters(representative, business);
  const agent = citizen();
  await registerCitizen(page, agent);
  await open(page, '/register/enterprise');
  await fillEnterpriseFields(page, business);
  await submit(page.getByRole('button', { name: zh('register-enterprise-submit') }));
  await expect(page).toHaveURL(/\/account\?notice=notice-enterprise-waiting$/);
  await expect(page.getByRole('status')).toHaveText(zh('notice-enterprise-waiting'));
  await expect(page.getByRole('region', { name: zh('account-enterprises') })).toContainText(
    `${business.name} · ${business.creditCode} · ${zh('registration-waiting')}`,
  );
  await expect(enterpriseCard(page, business)).toHaveCount(0);

  // The legal representative, on their own account, confirms it.
  const context = await browser.newContext();
  try {
    const theirs = await context.newPage();
    await registerCitizen(theirs, representative);
    const waiting = theirs.getByRole('region', { name: zh('registration-to-confirm-title') });
    const request = waiting.getByRole('article').filter({ has: theirs.getByRole('heading', { level: 3, name: business.name }) });
    await expect(request).toContainText(agent.name);
    await expect(request).toContainText(maskMobile(agent.mobile));
    await submit(request.getByRole('button', { name: zh('registration-confirm') }));
    await expect(theirs).toHaveURL(/\/account\?notice=notice-registration-confirmed$/);
    await expect(theirs.getByRole('status')).toHaveText(zh('notice-registration-confirmed'));
    await expect(theirs.getByRole('region', { name: zh('registration-to-confirm-title') })).toHaveCount(0);
  } finally {
    await context.close();
  }

  // The registrant now administers it.
  await open(page, '/account');
  await expectAdminOf(page, business);
});

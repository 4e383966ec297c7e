// axe-core (WCAG 2.0/2.1 A and AA rules) on a page: no violation of impact "serious" or
// "critical"; all violations found (of any impact) are attached to the test report.
import AxeBuilder from '@axe-core/playwright';
import type { Page, TestInfo } from '@playwright/test';
import { expect } from './fixtures';

type Violation = Awaited<ReturnType<AxeBuilder['analyze']>>['violations'][number];

export function describe(violations: Violation[]): string {
  return violations
    .map((v) => {
      const nodes = v.nodes
        .map((n) => `    - ${n.target.join(' ')}\n      ${n.html}\n      ${(n.failureSummary ?? '').replace(/\n/g, '\n      ')}`)
        .join('\n');
      return `[${v.impact}] ${v.id}: ${v.help} (${v.helpUrl})\n${nodes}`;
    })
    .join('\n\n');
}

export async function expectNoSeriousViolations(page: Page, testInfo: TestInfo, what: string) {
  const results = await new AxeBuilder({ page })
    .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'])
    .analyze();
  expect(results.passes.length, 'axe ran its checks').toBeGreaterThan(10);
  if (results.violations.length > 0) {
    await testInfo.attach(`axe violations on ${what}`, {
      body: describe(results.violations),
      contentType: 'text/plain',
    });
  }
  const serious = results.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  expect(
    serious.map((v) => `${v.id} (${v.impact}): ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`),
    `serious or critical axe violations on ${what} (${page.url()}):\n\n${describe(serious)}\n`,
  ).toEqual([]);
}

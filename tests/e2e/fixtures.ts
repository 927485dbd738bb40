/**
 * The `test` every e2e spec uses: it fails the test when the browser reports a Content Security
 * Policy violation on any page of the test (the pages must work under the policy), unless the test
 * expects that violation (`test.use({ expectedCspViolations: [/frame-ancestors/] })`).
 */
import { expect, test as base } from '@playwright/test';

export { expect };
export type { BrowserContext, Page } from '@playwright/test';

/** Chromium's console wording for a refused load, script, style, frame or form target. */
const CSP_MESSAGE = /Content[- ]Security[- ]Policy/i;

export const test = base.extend<{ expectedCspViolations: RegExp[]; cspViolations: string[] }>({
  expectedCspViolations: [[], { option: true }],
  cspViolations: [
    async ({ context, expectedCspViolations }, use) => {
      const violations: string[] = [];
      // Also catch violations the console might not word as above: the DOM event names the directive.
      await context.addInitScript(() => {
        document.addEventListener('securitypolicyviolation', (e) => {
          console.error(`Content Security Policy violation: ${e.effectiveDirective} blocked ${e.blockedURI || 'inline'}`);
        });
      });
      const watch = (page: import('@playwright/test').Page) =>
        page.on('console', (msg) => {
          const text = msg.text();
          if (CSP_MESSAGE.test(text) && !expectedCspViolations.some((re) => re.test(text))) violations.push(`${page.url()}: ${text}`);
        });
      context.pages().forEach(watch);
      context.on('page', watch);
      await use(violations);
      expect(violations, 'Content Security Policy violations in the browser console').toEqual([]);
    },
    { auto: true },
  ],
});

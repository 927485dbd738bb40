/** The accessibility check the browser specs share. */
import AxeBuilder from '@axe-core/playwright';
import { expect, type Page } from './fixtures';

/** No serious or critical axe-core violation (WCAG 2.1 A and AA rules) on the page as it is now. */
export async function expectAccessible(page: Page, name: string): Promise<void> {
  const result = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
  const bad = result.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id} (${v.impact}): ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
  expect(bad, `${name}: axe violations`).toEqual([]);
}

import { readFileSync } from 'fs';
import type { Page } from 'playwright-core';

interface AxeViolation {
  id: string;
  impact?: string | null;
  help: string;
  nodes: Array<{ target: unknown; failureSummary?: string }>;
}

const AXE_SOURCE = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');

/**
 * Runs axe-core on the page as it is now (dialogs included) and returns the serious and
 * critical violations, described for an assertion message. Tabster's focus-trap
 * sentinels ([data-tabster-dummy]) are invisible helpers, not content: excluded.
 * `wholeDocument` checks the document, not only its body, so page-level rules (the
 * page's title and language) run too.
 */
export async function seriousAxeViolations(page: Page, { wholeDocument = false } = {}): Promise<string[]> {
  // Evaluated, not added as a <script>: the tab's CSP (script-src 'self') rightly refuses inline scripts.
  if (!(await page.evaluate(() => 'axe' in window))) await page.evaluate(AXE_SOURCE);
  // Fluent fades dialogs and popovers in: mid-animation text is translucent, and axe would
  // measure a contrast no one sees once it settles. On a loaded machine the fade runs long.
  await page.waitForFunction(() => document.getAnimations().every((a) => a.playState !== 'running'), undefined, { timeout: 10_000 }).catch(() => undefined);
  const violations = await page.evaluate(async (whole) => {
    const axe = (window as unknown as { axe: { run(context: unknown, options: unknown): Promise<{ violations: AxeViolation[] }> } }).axe;
    const exclude = [['[data-tabster-dummy]']];
    const result = await axe.run(whole ? { exclude } : { include: [['body']], exclude }, { resultTypes: ['violations'] });
    return result.violations;
  }, wholeDocument);
  return violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.impact} ${v.id} (${v.help}): ${v.nodes.slice(0, 3).map((n) => `${JSON.stringify(n.target)} ${n.failureSummary ?? ''}`).join(' | ')}`);
}

import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import type { AxeResults, Result } from 'axe-core';
import type { Page } from 'playwright-core';

/** The WCAG 2.0 and 2.1 success criteria at levels A and AA, as axe-core tags its rules. */
export const WCAG_21_AA = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] as const;

let source: string | undefined;
/** axe-core's minified build, read once from the installed package. */
const axeSource = () => {
  source ??= readFileSync(
    join(dirname(createRequire(import.meta.url).resolve('axe-core')), 'axe.min.js'),
    'utf8',
  );
  return source;
};

/** One line per violation and per element: rule id, impact, the element's selector and the rule's help. */
export function describeViolations(violations: readonly Result[]): string {
  return violations
    .flatMap((v) =>
      v.nodes.map((n) => `${v.id} (${v.impact ?? 'no impact'}) at ${n.target.join(' ')}: ${v.help}`),
    )
    .join('\n');
}

/**
 * Run axe-core's WCAG 2.1 A/AA rules on what `page` shows now (injecting axe on first use per
 * document) and return the violations.
 */
export async function axeViolations(page: Page): Promise<Result[]> {
  if (!(await page.evaluate(() => 'axe' in window))) await page.addScriptTag({ content: axeSource() });
  const results = await page.evaluate(
    (tags) =>
      (
        window as unknown as { axe: { run: (context: Document, options: object) => Promise<AxeResults> } }
      ).axe.run(document, { runOnly: { type: 'tag', values: tags }, resultTypes: ['violations'] }),
    [...WCAG_21_AA],
  );
  return results.violations;
}

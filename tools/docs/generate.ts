/**
 * Rewrite every generated section of the docs from the code (`npm run docs`): the CLI's command
 * and option tables, the error codes and the differentiable ONNX ops. See generated-sections.ts.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { GENERATED_SECTIONS } from './generated-sections.js';
import { replaceSection } from './sections.js';

const root = fileURLToPath(new URL('../../', import.meta.url));
for (const file of new Set(GENERATED_SECTIONS.map((s) => s.file))) {
  const before = readFileSync(root + file, 'utf8');
  const after = GENERATED_SECTIONS.filter((s) => s.file === file).reduce(
    (text, s) => replaceSection(text, s.name, s.render()),
    before,
  );
  if (after !== before) writeFileSync(root + file, after);
  console.log(`${after === before ? 'unchanged' : 'updated  '} ${file}`);
}

/** The op lists of tools/onnx/README.md, from the backward-rule registry. */
import { CONSTANT_OPS, DIFFERENTIABLE_OPS } from '@snowblind/core';

/** The differentiable ops and the ops no gradient flows through, two paragraphs wrapped at `width`. */
export function differentiableOpsMarkdown(width = 100): string {
  return [
    ...wrap(
      `Differentiable ops (${DIFFERENTIABLE_OPS.length}, \`DIFFERENTIABLE_OPS\` in \`src/onnx/backward/registry.ts\`): ${DIFFERENTIABLE_OPS.join(', ')}.`,
      width,
    ),
    '',
    ...wrap(
      `Ops no gradient flows through (integer or boolean outputs: masks, shapes, indices), allowed anywhere (\`CONSTANT_OPS\`): ${CONSTANT_OPS.join(', ')}.`,
      width,
    ),
  ].join('\n');
}

function wrap(text: string, width: number): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(' ')) {
    if (line && line.length + 1 + word.length > width) {
      lines.push(line);
      line = word;
    } else line = line ? `${line} ${word}` : word;
  }
  if (line) lines.push(line);
  return lines;
}

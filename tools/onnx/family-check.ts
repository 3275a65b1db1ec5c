/**
 * Check snowblind's ONNX gradients of exported families against PyTorch float64 autograd and
 * finite differences, printing one Markdown row per model:
 *
 *     /usr/bin/python3 tools/onnx/family_fixtures.py --out /tmp/fam --opset 17 vit_b_16 swin_t
 *     npx tsx --conditions=source tools/onnx/family-check.ts /tmp/fam   # core from its sources
 *
 * For every `<stem>.gradient.json` in the folder: relative error max|onnx − torch|/max|torch| of
 * the logits and the input gradient (the parity bar is 1e-3), and `gradcheck` (2 directions).
 */
import { readdirSync } from 'node:fs';
import { createOnnxGradientRunner, gradcheck } from '@snowblind/core';
import { readFamilyFixture, relativeError } from '@snowblind/test-utils';

const dir = process.argv[2];
if (!dir) throw new Error('usage: npx tsx tools/onnx/family-check.ts <fixture folder>');

console.log(
  '| model | input | logits error | gradient error (vs float64 autograd) | gradcheck max rel. error |',
);
console.log('|---|---|---|---|---|');
for (const file of readdirSync(dir)
  .filter((f) => f.endsWith('.gradient.json'))
  .sort()) {
  const stem = file.replace('.gradient.json', '');
  const fixture = readFamilyFixture(dir, stem);
  const size = fixture.shape.slice(1).join('×');
  try {
    const runner = await createOnnxGradientRunner(fixture.onnx, { threads: 1 });
    const { outputs, gradients } = await runner.forwardBackward(
      fixture.input,
      fixture.shape[0]!,
      fixture.targets,
    );
    await runner.dispose();
    const check = await gradcheck(fixture.onnx, { samples: 2 });
    const verdict = check.inconclusive ? 'inconclusive' : check.maxRelativeError.toExponential(2);
    const logits = relativeError(outputs, fixture.logits64).toExponential(2);
    const gradient = relativeError(gradients, fixture.gradient64).toExponential(2);
    console.log(`| ${stem} | ${size} | ${logits} | ${gradient} | ${verdict} |`);
  } catch (error) {
    console.log(`| ${stem} | ${size} | refused: ${(error as Error).message} | | |`);
  }
}

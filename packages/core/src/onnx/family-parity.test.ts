import {
  familyFixture,
  missingTestDependency,
  relativeError,
  TORCH,
  torchMissing,
} from '@snowblind/test-utils';
import { describe, expect, it } from 'vitest';
import { createOnnxGradientRunner } from './gradient-runner.js';

// The families that needed Slice, LayerNorm, Erf, Pow, Sqrt and shape evaluation, at 64 px
// (fixtures generated on demand by tools/onnx/family_fixtures.py, skipped without torch like
// torchvision-parity.test.ts). vit_b_16 only exports at 224 px (~330 MB): it is checked by
// tools/onnx/family-check.ts instead (numbers in tools/onnx/README.md).
const TOLERANCE = 1e-3; // max|onnx − torch| / max|torch| against PyTorch float64 autograd

const cases: [name: string, opset: number][] = [
  ['shufflenet_v2_x1_0', 17],
  ['convnext_tiny', 14],
  ['swin_t', 17],
];

const noTorch = missingTestDependency(TORCH, torchMissing);
describe.skipIf(noTorch)('ONNX gradients of transformer-era families match PyTorch autograd', () => {
  it.each(cases)('%s at opset %i, 64 px, dynamic batch', { timeout: 600_000 }, async (name, opset) => {
    const fixture = familyFixture(name, opset, 64);
    const runner = await createOnnxGradientRunner(fixture.onnx, { threads: 1 });
    try {
      const { outputs, gradients } = await runner.forwardBackward(
        fixture.input,
        fixture.shape[0]!,
        fixture.targets,
      );
      expect(relativeError(outputs, fixture.logits64)).toBeLessThan(TOLERANCE);
      expect(relativeError(gradients, fixture.gradient64)).toBeLessThan(TOLERANCE);
    } finally {
      await runner.dispose();
    }
  });
});

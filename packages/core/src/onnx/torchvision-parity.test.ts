import { describe, expect, it } from 'vitest';
import {
  hasTorch,
  NO_TORCH_MESSAGE,
  relativeError,
  torchFixtures,
} from '../../test/fixtures/onnx/torch-fixtures.js';
import { createOnnxGradientRunner } from './gradient-runner.js';

// Small inputs keep the test cheap: these architectures accept 64 × 64 (alexnet needs 224 for
// its 6 × 6 adaptive pool to export; vgg16 and inception_v3 are left to tools/onnx and gradcheck).
const SMALL = ['resnet18', 'mobilenet_v2', 'squeezenet1_1', 'densenet121'];
const LARGE = ['alexnet'];
const TOLERANCE = 1e-3; // max|onnx − torch| / max|torch|, the bar

if (!hasTorch) console.warn(NO_TORCH_MESSAGE);

describe.skipIf(!hasTorch)('ONNX gradients match PyTorch autograd (torchvision, random weights)', () => {
  const cases: [string, number][] = [
    ...SMALL.map((m): [string, number] => [m, 64]),
    ...LARGE.map((m): [string, number] => [m, 224]),
  ];

  it.each(cases)('%s at %i px, batch 2', { timeout: 300_000 }, async (name, size) => {
    const fixture = torchFixtures([name], size, 2).get(name)!;
    const runner = await createOnnxGradientRunner(fixture.onnx, { threads: 1 });
    try {
      const { outputs, gradients } = await runner.forwardBackward(fixture.input, 2, fixture.targets);
      const logitsError = relativeError(outputs, fixture.logits);
      const gradientError = relativeError(gradients, fixture.gradient);
      console.info(
        `${name}: logits ${logitsError.toExponential(2)}, input gradient ${gradientError.toExponential(2)}`,
      );
      expect(logitsError).toBeLessThan(TOLERANCE);
      expect(gradientError).toBeLessThan(TOLERANCE);
    } finally {
      await runner.dispose();
    }
  });
});

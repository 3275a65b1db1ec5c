import { describe, expect, it } from 'vitest';
import * as core from './index.js';

describe('@snowblind/core public API', () => {
  it('keeps backend and streaming internals out', () => {
    const exported = Object.keys(core);
    for (const internal of [
      'withWasmGradientKernels',
      'clearNumpyStreamCache',
      'tensorToNumbers',
      'DescribeAccumulator',
    ]) {
      expect(exported).not.toContain(internal);
    }
  });

  it('still exports what the faces use', () => {
    expect(Object.keys(core)).toEqual(
      expect.arrayContaining(['runAudit', 'loadModel', 'noiseImages', 'describe', 'tensorToFloat32']),
    );
  });
});

import { describe, expect, it } from 'vitest';
import { FIRST_AUDIT_COUNT, firstAudit, imageSizeOf } from './first-audit.js';

describe('imageSizeOf', () => {
  it('reads HWC and CHW shapes, with or without a batch dimension', () => {
    expect(imageSizeOf([28, 28, 1])).toEqual({ height: 28, width: 28, channels: 1 });
    expect(imageSizeOf([224, 192, 3])).toEqual({ height: 224, width: 192, channels: 3 });
    expect(imageSizeOf([1, 3, 224, 192])).toEqual({ height: 224, width: 192, channels: 3 });
    expect(imageSizeOf([null, 1, 8, 8])).toEqual({ height: 8, width: 8, channels: 1 });
  });

  it('gives up on unknown or non-image shapes', () => {
    expect(imageSizeOf(null)).toBeNull();
    expect(imageSizeOf([1, 3, null, null])).toBeNull();
    expect(imageSizeOf([784])).toBeNull();
    expect(imageSizeOf([5, 5, 5])).toBeNull();
  });
});

describe('firstAudit', () => {
  it('runs the default model on seed-wrap noise at its own input size', () => {
    const audit = firstAudit([
      { id: 'fmnist-mlp', isDefault: false, inputShape: [28, 28, 1] },
      { id: 'fmnist-cnn', isDefault: true, inputShape: [28, 28, 1] },
    ]);
    expect(audit?.input).toEqual({
      models: ['fmnist-cnn'],
      noise: [{ kind: 'seed-wrap', seed: 0, height: 28, width: 28, channels: 1 }],
      count: FIRST_AUDIT_COUNT,
    });
    expect(audit?.summary).toBe(
      `${FIRST_AUDIT_COUNT} images of seed-wrap noise (seed 0, 28×28 gray) through fmnist-cnn, the default model.`,
    );
  });

  it('takes the first model when none is the default, and the server’s size when the shape is unknown', () => {
    const audit = firstAudit([{ id: 'mine', isDefault: false, inputShape: null }]);
    expect(audit?.input.noise).toEqual([{ kind: 'seed-wrap', seed: 0 }]);
    expect(audit?.summary).toContain('the server’s default size) through mine.');
    expect(firstAudit([])).toBeNull();
  });
});

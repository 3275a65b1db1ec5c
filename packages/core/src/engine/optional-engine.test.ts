import { describe, expect, it } from 'vitest';
import { isSnowblindError } from '../errors.js';
import { lazyEngine, requireEngine } from './optional-engine.js';

const MISSING = 'snowblind-no-such-engine';

function thrown(run: () => unknown): unknown {
  try {
    run();
  } catch (error) {
    return error;
  }
  throw new Error('expected a throw');
}

describe('optional engines', () => {
  it('a missing package is BACKEND_UNAVAILABLE naming the package to install', () => {
    const error = thrown(() => requireEngine(MISSING));
    expect(isSnowblindError(error, 'BACKEND_UNAVAILABLE')).toBe(true);
    expect(error).toMatchObject({
      message: `${MISSING} is not installed; this model needs it`,
      hint: `npm install ${MISSING}`,
    });
  });

  it('a lazy engine loads nothing until a member is read', () => {
    const engine = lazyEngine<{ run: () => void }>(MISSING);
    expect(
      isSnowblindError(
        thrown(() => engine.run),
        'BACKEND_UNAVAILABLE',
      ),
    ).toBe(true);
  });

  it.each(['onnxruntime-node', '@tensorflow/tfjs'])(
    'installed %s is the same instance as its import (one TF.js backend registry)',
    async (pkg) => {
      const viaImport = ((await import(pkg)) as { default: Record<string, unknown> }).default;
      expect(requireEngine(pkg)).toBe(viaImport);
      const member = pkg === 'onnxruntime-node' ? 'Tensor' : 'tidy';
      expect(lazyEngine<Record<string, unknown>>(pkg)[member]).toBe(viaImport[member]);
    },
  );
});

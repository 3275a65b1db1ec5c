import { describe, expect, it } from 'vitest';
import { SnowblindError } from '../errors.js';
import { noiseImage, noiseImages } from './generate.js';
import { NOISE_KIND_INFO } from './kind-info.js';
import { NOISE_KINDS } from './types.js';
import { parseNoiseKind, validateNoiseSpec } from './validate.js';

function codeOf(f: () => unknown): { code: string; hint: string | undefined; message: string } {
  try {
    f();
  } catch (error) {
    expect(error).toBeInstanceOf(SnowblindError);
    const e = error as SnowblindError;
    expect(e.hint).toBeTruthy();
    return { code: e.code, hint: e.hint, message: e.message };
  }
  throw new Error('expected a SnowblindError');
}

describe('validateNoiseSpec', () => {
  it('fills every default', () => {
    expect(validateNoiseSpec({ kind: 'gaussian', seed: 1 })).toEqual({
      kind: 'gaussian',
      params: { mean: 127.5, std: 64 },
      seed: 1,
      width: 256,
      height: 256,
      channels: 3,
      rng: 'default',
    });
    expect(validateNoiseSpec({ kind: 'constant', seed: 0, channels: 1 }).params).toEqual({ color: [128] });
    expect(validateNoiseSpec({ kind: 'constant', seed: 0, params: { color: [7] } }).params).toEqual({
      color: [7, 7, 7],
    });
  });

  it('rejects an unknown kind with UNKNOWN_NOISE_KIND listing the kinds', () => {
    const e = codeOf(() => validateNoiseSpec({ kind: 'pink', seed: 1 }));
    expect(e.code).toBe('UNKNOWN_NOISE_KIND');
    for (const kind of NOISE_KINDS) expect(e.hint).toContain(kind);
    expect(codeOf(() => parseNoiseKind('snow')).code).toBe('UNKNOWN_NOISE_KIND');
    expect(parseNoiseKind('seed-wrap')).toBe('seed-wrap');
  });

  it.each([
    ['', 'No noise kind given (the name is empty)'],
    [' ', 'No noise kind given (the name is empty)'],
    [',', "Unknown noise kind ',' (one kind is expected here, not a list)"],
    ['gaussian,uniform', "Unknown noise kind 'gaussian,uniform' (one kind is expected here, not a list)"],
  ])('says what is wrong with the kind %j', (name, message) => {
    const e = codeOf(() => parseNoiseKind(name));
    expect(e).toMatchObject({ code: 'UNKNOWN_NOISE_KIND', message });
    expect(e.hint).toContain('seed-wrap, gaussian');
  });

  it.each([
    ['negative std', { kind: 'gaussian', seed: 1, params: { std: -1 } }, 'params.std'],
    ['density above 1', { kind: 'salt-pepper', seed: 1, params: { density: 1.5 } }, 'params.density'],
    ['density below 0', { kind: 'salt-pepper', seed: 1, params: { density: -0.1 } }, 'params.density'],
    ['width 0', { kind: 'uniform', seed: 1, width: 0 }, 'width'],
    ['height 4097', { kind: 'uniform', seed: 1, height: 4097 }, 'height'],
    ['fractional width', { kind: 'uniform', seed: 1, width: 2.5 }, 'width'],
    ['non-integer seed', { kind: 'uniform', seed: 1.5 }, 'seed'],
    ['negative seed', { kind: 'uniform', seed: -1 }, 'seed'],
    ['missing seed', { kind: 'uniform' }, 'seed'],
    ['channels 4', { kind: 'uniform', seed: 1, channels: 4 }, 'channels'],
    ['unknown rng', { kind: 'uniform', seed: 1, rng: 'philox' }, 'rng'],
    ['typo field', { kind: 'uniform', seed: 1, widht: 3 }, 'widht'],
    ['param of another kind', { kind: 'uniform', seed: 1, params: { std: 3 } }, 'std'],
    ['infinite mean', { kind: 'gaussian', seed: 1, params: { mean: Number.POSITIVE_INFINITY } }, 'mean'],
    ['high above 255', { kind: 'uniform', seed: 1, params: { high: 256 } }, 'params.high'],
    ['low > high', { kind: 'uniform', seed: 1, params: { low: 9, high: 3 } }, 'low'],
    ['scale 0', { kind: 'low-frequency', seed: 1, params: { scale: 0 } }, 'params.scale'],
    ['color byte 300', { kind: 'constant', seed: 1, params: { color: [1, 2, 300] } }, 'params.color'],
    ['color of 2 channels', { kind: 'constant', seed: 1, params: { color: [1, 2] } }, 'color'],
    ['numpy salt-pepper', { kind: 'salt-pepper', seed: 1, rng: 'numpy' }, 'numpy'],
    ['numpy low-frequency', { kind: 'low-frequency', seed: 1, rng: 'numpy' }, 'numpy'],
    ['numpy seed ≥ 2^32', { kind: 'seed-wrap', seed: 2 ** 32, rng: 'numpy' }, 'numpy'],
    ['not an object', 'seed-wrap', 'noise spec'],
  ])('%s → BAD_INPUT', (_name, input, mentions) => {
    const e = codeOf(() => validateNoiseSpec(input));
    expect(e.code).toBe('BAD_INPUT');
    expect(`${e.message} ${e.hint}`).toContain(mentions);
  });

  it('checks indices and counts eagerly', () => {
    const spec = { kind: 'uniform', seed: 1, width: 2, height: 2 } as const;
    expect(codeOf(() => noiseImage(spec, -1)).code).toBe('BAD_INPUT');
    expect(codeOf(() => noiseImage(spec, 0.5)).code).toBe('BAD_INPUT');
    expect(codeOf(() => noiseImages(spec, 0, -2)).code).toBe('BAD_INPUT');
    expect(codeOf(() => noiseImages({ ...spec, kind: 'nope' as never }, 0, 1)).code).toBe(
      'UNKNOWN_NOISE_KIND',
    );
    expect([...noiseImages(spec, 3, 0)]).toEqual([]);
  });
});

describe('NOISE_KIND_INFO', () => {
  it('describes every kind, and its defaults validate', () => {
    expect(Object.keys(NOISE_KIND_INFO).sort()).toEqual([...NOISE_KINDS].sort());
    for (const kind of NOISE_KINDS) {
      const info = NOISE_KIND_INFO[kind];
      expect(info.kind).toBe(kind);
      expect(info.description.length).toBeGreaterThan(10);
      const params = Object.fromEntries(info.params.map((p) => [p.name, p.default]));
      expect(() => validateNoiseSpec({ kind, seed: 0, params })).not.toThrow();
    }
  });
});

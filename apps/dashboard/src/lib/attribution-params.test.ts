import { EXPLAIN_DEFAULTS } from '@snowblind/server';
import { describe, expect, it } from 'vitest';
import { METHOD_PANELS, toAttributionParams } from './attribution-params.js';

const fields = (method: string) => METHOD_PANELS.find((p) => p.method === method)!.fields;

describe('METHOD_PANELS', () => {
  it("shows the server's own defaults in the blank fields (IG steps, noise tunnel samples)", () => {
    const placeholder = (method: string, name: string) =>
      fields(method).find((f) => f.name === name)!.placeholder;
    expect(placeholder('INTEGRATED_GRADIENTS', 'nSteps')).toBe(String(EXPLAIN_DEFAULTS.nSteps));
    expect(placeholder('NOISE_TUNNEL', 'nSteps')).toBe(String(EXPLAIN_DEFAULTS.nSteps));
    expect(placeholder('NOISE_TUNNEL', 'ntSamples')).toBe(String(EXPLAIN_DEFAULTS.ntSamples));
  });
});

describe('toAttributionParams', () => {
  it('leaves blank fields out so the server defaults apply', () => {
    expect(toAttributionParams(fields('INTEGRATED_GRADIENTS'), {})).toEqual({ params: {}, errors: {} });
  });

  it('parses numbers, integer lists and the noise tunnel type', () => {
    expect(
      toAttributionParams(fields('NOISE_TUNNEL'), { ntType: 'SMOOTHGRAD_SQ', ntSamples: '4', stdevs: '0.5' }),
    ).toEqual({
      params: { ntType: 'SMOOTHGRAD_SQ', ntSamples: 4, stdevs: 0.5 },
      errors: {},
    });
    expect(
      toAttributionParams(fields('OCCLUSION'), {
        slidingWindow: '5, 5, 1',
        strides: '2×2×1',
        baseline: '-0.5',
      }),
    ).toEqual({
      params: { slidingWindow: [5, 5, 1], strides: [2, 2, 1], baseline: -0.5 },
      errors: {},
    });
  });

  it('names the fields that are out of range or not numbers', () => {
    const r = toAttributionParams(fields('INTEGRATED_GRADIENTS'), { nSteps: '0', internalBatchSize: '2.5' });
    expect(r.errors).toEqual({
      nSteps: 'Steps (n_steps) must be at least 1',
      internalBatchSize: 'Internal batch size must be a whole number',
    });
    expect(toAttributionParams(fields('OCCLUSION'), { strides: '1,a' }).errors['strides']).toMatch(
      /whole numbers/,
    );
  });
});

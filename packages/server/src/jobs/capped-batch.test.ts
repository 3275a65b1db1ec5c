import type { Classifier, GradientModel } from '@snowblind/core';
import { describe, expect, it } from 'vitest';
import { cappedBatch } from './run-explain-job.js';

/** A classifier whose gradient model says one example takes `bytes` (only what cappedBatch reads). */
const needing = (bytes: number) =>
  ({
    gradientModel: async () => ({ memoryPerExample: async () => bytes }) as unknown as GradientModel,
  }) as unknown as Classifier;

describe("a client's internalBatchSize on the server", () => {
  it('is capped to the rows that fit the memory budget (the default 2 GB or the given one)', async () => {
    const model = needing(100e6); // ~ densenet121 at 224 px
    expect(await cappedBatch(model, { internalBatchSize: 4096 })).toEqual({ internalBatchSize: 20 });
    expect(await cappedBatch(model, { internalBatchSize: 4096, memoryBudgetMb: 500 })).toEqual({
      internalBatchSize: 5,
    });
    expect(await cappedBatch(model, { internalBatchSize: 8 })).toEqual({ internalBatchSize: 8 });
  });

  it('is left to core when not given or when the model has no estimate or no gradients', async () => {
    expect(await cappedBatch(needing(100e6), {})).toEqual({});
    expect(await cappedBatch(needing(Number.NaN), { internalBatchSize: 64 })).toEqual({
      internalBatchSize: 64,
    });
    expect(await cappedBatch({} as Classifier, { internalBatchSize: 64 })).toEqual({});
  });
});

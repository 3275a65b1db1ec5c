import { describe, expect, it } from 'vitest';
import { KINDS } from '../test/noise-kinds.js';
import { initialAuditForm, paramFieldId, validateAuditForm } from './audit-form.js';

describe('validateAuditForm', () => {
  it('builds the StartAuditInput of the default form', () => {
    const r = validateAuditForm(initialAuditForm('fmnist-cnn'), KINDS);
    expect(r).toEqual({
      input: { models: ['fmnist-cnn'], noise: [{ kind: 'seed-wrap', seed: 0 }], count: 100 },
    });
  });

  it('parses parameters by type and leaves blanks to the server defaults', () => {
    const state = {
      ...initialAuditForm('m'),
      kinds: ['gaussian', 'uniform', 'constant'],
      params: {
        gaussian: { std: ' 12.5 ', mean: '' },
        uniform: { low: '3' },
        constant: { color: '255, 0 0' },
      },
      seed: '7',
      width: '28',
      height: '28',
      channels: '1',
      batchSize: '64',
      topK: '3',
    };
    expect(validateAuditForm(state, KINDS).input).toEqual({
      models: ['m'],
      noise: [
        { kind: 'gaussian', seed: 7, params: { std: 12.5 }, width: 28, height: 28, channels: 1 },
        { kind: 'uniform', seed: 7, params: { low: 3 }, width: 28, height: 28, channels: 1 },
        { kind: 'constant', seed: 7, params: { color: [255, 0, 0] }, width: 28, height: 28, channels: 1 },
      ],
      count: 100,
      batchSize: 64,
      topK: 3,
    });
  });

  it('reports every bad field with the API limits', () => {
    const state = {
      ...initialAuditForm(),
      kinds: ['gaussian', 'uniform', 'constant'],
      params: { gaussian: { std: '-1' }, uniform: { low: '2.5' }, constant: { color: '300' } },
      count: '0',
      seed: 'abc',
      channels: '2',
      batchSize: '5000',
      topK: '101',
    };
    const r = validateAuditForm(state, KINDS);
    expect(r.input).toBeUndefined();
    expect(r.errors).toEqual({
      models: 'choose at least one model',
      count: 'count must be between 1 and 1,000,000',
      seed: 'seed must be a whole number',
      channels: 'channels must be 1 or 3',
      batchSize: 'batch size must be between 1 and 4,096',
      topK: 'top-k must be between 1 and 100',
      [paramFieldId('gaussian', 'std')]: 'std must be at least 0',
      [paramFieldId('uniform', 'low')]: 'low must be a whole number',
      [paramFieldId('constant', 'color')]: 'each byte of color must be between 0 and 255',
    });
  });

  it('needs at least one noise kind and accepts the count limit exactly', () => {
    expect(validateAuditForm({ ...initialAuditForm('m'), kinds: [] }, KINDS).errors).toEqual({
      kinds: 'choose at least one noise kind',
    });
    expect(validateAuditForm({ ...initialAuditForm('m'), count: '1000000' }, KINDS).input?.count).toBe(
      1_000_000,
    );
    expect(
      validateAuditForm({ ...initialAuditForm('m'), count: '1000001' }, KINDS).errors?.['count'],
    ).toBeDefined();
  });
});

import { SnowblindError } from '@snowblind/core';
import { describe, expect, it } from 'vitest';
import { jobFailure, redactPaths } from './redact-paths.js';

const folders = { '/srv/snowblind/data': '<data>', '/srv/models': '' };

describe('redactPaths', () => {
  it('names files in the server folders by their label and keeps only the last part of other paths', () => {
    const error = new SnowblindError(
      'HASH_MISMATCH',
      'worker w1 has /home/alice/.snowblind/models/net.onnx for /srv/models/net/model.onnx; 1/2 shards, N/A',
      { hint: 'compare /srv/snowblind/data/uploads/x.onnx' },
    );
    const clean = redactPaths(error, folders) as SnowblindError;
    expect(clean.code).toBe('HASH_MISMATCH');
    expect(clean.message).toBe('worker w1 has …/net.onnx for net/model.onnx; 1/2 shards, N/A');
    expect(clean.hint).toBe('compare <data>/uploads/x.onnx');
  });
});

describe('jobFailure', () => {
  it('stores a coded error without server paths, anything else as INTERNAL with the fallback', () => {
    const bad = new SnowblindError(
      'BAD_MODEL',
      '/etc/snowblind/secret/model.json is not a usable TF.js model',
    );
    expect(jobFailure(bad, folders, 'failed')).toEqual({
      code: 'BAD_MODEL',
      message: '…/model.json is not a usable TF.js model',
    });
    expect(jobFailure(new RangeError('/srv/models/x: out of memory'), folders, 'failed')).toEqual({
      code: 'INTERNAL',
      message: 'failed',
    });
  });
});

import { describe, expect, it } from 'vitest';
import { imagesDone } from './images-done.js';

describe('imagesDone', () => {
  it('says how far an unfinished audit got and only the count of a finished one', () => {
    expect(imagesDone({ status: 'CANCELLED', count: 3000, processed: 864 })).toBe('864 of 3,000');
    expect(imagesDone({ status: 'RUNNING', count: 48, processed: 0 })).toBe('0 of 48');
    expect(imagesDone({ status: 'SUCCEEDED', count: 3000, processed: 3000 })).toBe('3,000');
    expect(imagesDone({ status: 'QUEUED', count: 48 })).toBe('48');
  });
});

import type { Classifier } from '@snowblind/core';
import { describe, expect, it } from 'vitest';
import { describeRules, judgeSample, resolveRejectionRules } from './rejection-rules.js';

const model = {
  id: 'm',
  labels: ['cat', 'dog', 'none'],
  numClasses: 3,
  outputKind: 'logits',
} as unknown as Classifier;
const logits = [1, 2, 3];

describe('rejection rules', () => {
  it('defaults to max softmax ≤ 0.5', () => {
    const rules = resolveRejectionRules({}, model);
    expect(rules).toMatchObject({
      maxConfidence: 0.5,
      abstain: undefined,
      score: undefined,
      needsLogits: false,
    });
    expect(describeRules(rules)).toBe('max softmax > 0.5');
    expect(judgeSample(rules, { classIndex: 0, confidence: 0.5 }, null, 0, 3).fooled).toBe(false);
    expect(judgeSample(rules, { classIndex: 0, confidence: 0.51 }, null, 0, 3).fooled).toBe(true);
  });

  it('an abstain class alone replaces the default; with maxConfidence either rule rejects', () => {
    const abstain = resolveRejectionRules({ abstainClass: 'none' }, model);
    expect(abstain.maxConfidence).toBeUndefined();
    expect(describeRules(abstain)).toBe('top-1 ≠ "none" (class 2)');
    expect(judgeSample(abstain, { classIndex: 2, confidence: 0.99 }, null, 0, 3).fooled).toBe(false);
    expect(judgeSample(abstain, { classIndex: 1, confidence: 0.4 }, null, 0, 3).fooled).toBe(true);
    const both = resolveRejectionRules({ abstainClass: 2, maxConfidence: 0.5 }, model);
    expect(judgeSample(both, { classIndex: 1, confidence: 0.4 }, null, 0, 3).fooled).toBe(false);
    expect(judgeSample(both, { classIndex: 1, confidence: 0.6 }, null, 0, 3).fooled).toBe(true);
  });

  it('energy = T·logsumexp(logits / T), hand-computed', () => {
    // log(e + e² + e³) = 3.40760596444438
    const energy = resolveRejectionRules({ score: 'energy', threshold: 3.4 }, model);
    const verdict = judgeSample(energy, { classIndex: 2, confidence: 0.665 }, logits, 0, 3);
    expect(verdict.severity).toBeCloseTo(3.40760596444438, 12);
    expect(verdict.fooled).toBe(true);
    // T = 2: 2·log(e^0.5 + e + e^1.5) = 4.3604
    const warm = resolveRejectionRules({ score: 'energy', threshold: 4.4, temperature: 2 }, model);
    const v2 = judgeSample(warm, { classIndex: 2, confidence: 0.665 }, [0, ...logits], 1, 3);
    expect(v2.severity).toBeCloseTo(2 * Math.log(Math.exp(0.5) + Math.exp(1) + Math.exp(1.5)), 12);
    expect(v2.fooled).toBe(false);
    expect(describeRules(warm)).toBe('energy (T=2) > 4.4');
  });

  it('max-logit and msp scores', () => {
    const maxLogit = resolveRejectionRules({ score: 'max-logit', threshold: 3 }, model);
    expect(judgeSample(maxLogit, { classIndex: 2, confidence: 0.665 }, logits, 0, 3)).toMatchObject({
      severity: 3,
      fooled: false,
    });
    const msp = resolveRejectionRules({ score: 'msp', threshold: 0.6 }, model);
    expect(msp.needsLogits).toBe(false);
    expect(judgeSample(msp, { classIndex: 2, confidence: 0.665 }, null, 0, 3).fooled).toBe(true);
  });

  it('rejects bad rules', () => {
    expect(() => resolveRejectionRules({ abstainClass: 3 }, model)).toThrow('abstainClass 3 is not a class');
    expect(() => resolveRejectionRules({ score: 'energy' }, model)).toThrow('needs a finite threshold');
    expect(() => resolveRejectionRules({ score: 'energy', threshold: 1, temperature: 0 }, model)).toThrow(
      'temperature must be > 0',
    );
    const probs = { ...model, outputKind: 'probabilities' } as Classifier;
    expect(() => resolveRejectionRules({ score: 'max-logit', threshold: 1 }, probs)).toThrow('needs logits');
  });
});

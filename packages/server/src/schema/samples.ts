import type { AuditPrediction } from '@snowblind/core';
import { z } from 'zod';
import { builder } from '../builder.js';
import { noiseImagePath } from '../http/noise-images.js';
import type { RunRecord, SampleRow } from '../store/audit-store.js';
import { AuditRunRef } from './audits.js';

/** One class of a top-k: label, class index and softmax probability. */
export const PredictionRef = builder.objectRef<AuditPrediction>('Prediction').implement({
  fields: (t) => ({
    label: t.exposeString('label'),
    classIndex: t.exposeInt('classIndex'),
    score: t.exposeFloat('score', { description: 'Softmax probability.' }),
  }),
});

interface SampleParent {
  readonly run: RunRecord;
  readonly row: SampleRow;
}

const SampleRef = builder.objectRef<SampleParent>('Sample').implement({
  description: 'One classified noise image.',
  fields: (t) => ({
    index: t.int({ resolve: (s) => s.row.index }),
    topK: t.field({ type: [PredictionRef], resolve: (s) => [...s.row.topK] }),
    score: t.float({ description: 'Top-1 confidence.', resolve: (s) => s.row.score }),
    label: t.string({ description: 'Top-1 label.', resolve: (s) => s.row.label }),
    imageUrl: t.string({
      description: 'The noise image as PNG, rendered on demand from (spec, index) and cached.',
      resolve: (s, _args, ctx) => `${ctx.origin}${noiseImagePath(s.run.spec, s.row.index)}`,
    }),
  }),
});

builder.objectField(AuditRunRef, 'samples', (t) =>
  t.field({
    type: [SampleRef],
    description: 'Classified images in index order.',
    args: {
      offset: t.arg.int({ defaultValue: 0, validate: z.number().int().min(0) }),
      limit: t.arg.int({ defaultValue: 20, validate: z.number().int().min(1).max(1000) }),
    },
    complexity: (args) => ({ field: 1, multiplier: Math.min(Number(args['limit'] ?? 20), 1000) }),
    resolve: (run, { offset, limit }, ctx) =>
      ctx.services.auditStore
        .samples(run.auditId, run.runIndex, offset ?? 0, limit ?? 20)
        .map((row) => ({ run, row })),
  }),
);

builder.objectField(AuditRunRef, 'sample', (t) =>
  t.field({
    type: SampleRef,
    nullable: true,
    args: { index: t.arg.int({ required: true, validate: z.number().int().min(0) }) },
    resolve: (run, { index }, ctx) => {
      const row = ctx.services.auditStore.sample(run.auditId, run.runIndex, index);
      return row ? { run, row } : null;
    },
  }),
);

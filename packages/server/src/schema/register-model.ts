import { randomUUID } from 'node:crypto';
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { isPresetName } from '@snowblind/core';
import { z } from 'zod';
import { builder, requireToken } from '../builder.js';
import { coded } from '../errors.js';
import { redactPaths } from '../services/redact-paths.js';
import { readUpload, saveModelUpload } from '../services/uploads.js';
import { ModelRef } from './models.js';

const RegisterModelInput = builder.inputType('RegisterModelInput', {
  description:
    'Exactly one of file (an .onnx file, or a TF.js folder as .zip) and path (inside the models root).',
  fields: (t) => ({
    id: t.string({
      required: true,
      validate: z
        .string()
        .max(100)
        .regex(
          /^[A-Za-z0-9][A-Za-z0-9._-]*$/,
          'letters, digits, ".", "_" or "-", starting with a letter or digit',
        ),
    }),
    file: t.field({ type: 'File' }),
    path: t.string({ validate: z.string().min(1).max(1000) }),
    preset: t.string({
      description: 'A preset name (torchvision, caffe-bgr, tf-mobilenet, fashion-mnist).',
      validate: z.string().refine(isPresetName, 'unknown preset name'),
    }),
    labels: t.stringList({ validate: z.array(z.string().max(200)).min(1).max(100_000) }),
    description: t.string({ validate: z.string().max(2000) }),
    force: t.boolean({ defaultValue: false, description: 'Replace a user model with the same id.' }),
  }),
});

builder.mutationField('registerModel', (t) =>
  t.field({
    type: ModelRef,
    args: { input: t.arg({ type: RegisterModelInput, required: true }) },
    resolve: async (_root, { input }, ctx) => {
      requireToken(ctx);
      const hasFile = input.file !== null && input.file !== undefined;
      const hasPath = input.path !== null && input.path !== undefined;
      if (hasFile === hasPath) throw coded('BAD_INPUT', 'give exactly one of file and path');
      const models = ctx.services.models;
      let uploadDir: string | undefined;
      let path: string;
      if (hasPath) path = await models.insideModelsRoot(input.path!);
      else {
        const bytes = await readUpload(input.file, 'file');
        uploadDir = join(models.home, 'uploads', `${input.id}-${randomUUID()}`);
        path = await saveModelUpload(bytes, uploadDir, input.file!.name).catch(async (error: unknown) => {
          await rm(uploadDir!, { recursive: true, force: true });
          throw error;
        });
      }
      try {
        const registry = await models.registry();
        return await registry.add({
          id: input.id,
          path,
          ...(input.preset ? { preset: input.preset } : {}),
          ...(input.labels ? { labels: input.labels } : {}),
          ...(input.description ? { description: input.description } : {}),
          force: input.force ?? false,
        });
      } catch (error) {
        // Name files as the client knows them: inside its upload, or the models root.
        const clean = redactPaths(error, { ...models.folders(), ...(uploadDir ? { [uploadDir]: '' } : {}) });
        if (uploadDir) await rm(uploadDir, { recursive: true, force: true });
        throw clean;
      }
    },
  }),
);

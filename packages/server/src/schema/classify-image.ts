import { z } from 'zod';
import { builder, requireToken } from '../builder.js';
import { classifyPhoto } from '../services/classify-photo.js';
import { checkImageUpload, readUpload } from '../services/uploads.js';
import { PredictionRef } from './samples.js';

builder.mutationField('classifyImage', (t) =>
  t.field({
    type: [PredictionRef],
    description:
      "A registered model's top-k classes of one photo (PNG/JPEG up to 50 MB and 4096×4096), highest first: a check of its preset and labels on a real image.",
    args: {
      model: t.arg.string({ required: true }),
      image: t.arg({ type: 'File', required: true }),
      topK: t.arg.int({ defaultValue: 5, validate: z.number().int().min(1).max(100) }),
    },
    resolve: async (_root, args, ctx) => {
      requireToken(ctx);
      const bytes = await readUpload(args.image, 'image');
      await checkImageUpload(bytes);
      return classifyPhoto(ctx.services.models, args.model, bytes, args.topK ?? 5);
    },
  }),
);

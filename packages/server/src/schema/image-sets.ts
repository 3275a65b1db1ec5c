import { z } from 'zod';
import { builder, requireToken } from '../builder.js';
import { checkImageSetFiles, IMAGE_SET_LIMITS } from '../services/image-set-files.js';
import type { ImageSetRecord } from '../services/image-sets.js';

export const ImageSetRef = builder.objectRef<ImageSetRecord>('ImageSet').implement({
  description:
    "Real images a user uploaded (their own photos, as the CLI's --in-distribution <folder>) for OOD metrics of any model: AuditRun.ood(inDistributionSet: id).",
  fields: (t) => ({
    id: t.exposeID('id'),
    name: t.exposeString('name'),
    count: t.int({ description: 'Images in the set.', resolve: (s) => s.count }),
    bytes: t.float({ description: 'Bytes of its files.', resolve: (s) => s.bytes }),
    createdAt: t.field({ type: 'DateTime', resolve: (s) => s.createdAt }),
    fileNames: t.stringList({
      description: 'The uploaded file names, in the order the images are scored.',
      resolve: (s) => [...s.files],
    }),
  }),
});

builder.queryField('imageSets', (t) =>
  t.field({
    type: [ImageSetRef],
    description: 'Uploaded in-distribution image sets, newest first.',
    resolve: (_root, _args, ctx) => ctx.services.imageSets.list(),
  }),
);

builder.mutationField('uploadImageSet', (t) =>
  t.field({
    type: ImageSetRef,
    description: `Store photos as an in-distribution image set: at most ${IMAGE_SET_LIMITS.maxImages} PNG/JPEG/WebP/GIF/TIFF images of up to 4096×4096, ${IMAGE_SET_LIMITS.maxBytes / (1024 * 1024)} MB in all (decoded: ${IMAGE_SET_LIMITS.maxPixels} pixels). Every file is decoded first; a bad one refuses the whole set with an error naming it.`,
    args: {
      files: t.arg({ type: ['File'], required: true }),
      name: t.arg.string({
        description: 'Shown in lists; "<n> photos" when absent.',
        validate: z.string().trim().min(1).max(100),
      }),
    },
    resolve: async (_root, args, ctx) => {
      requireToken(ctx);
      const images = await checkImageSetFiles(args.files);
      const name = args.name?.trim() || `${images.length} photo${images.length === 1 ? '' : 's'}`;
      return ctx.services.imageSets.create(name, images);
    },
  }),
);

builder.mutationField('deleteImageSet', (t) =>
  t.field({
    type: ImageSetRef,
    description: 'Remove an uploaded image set and its images; answers with the set removed.',
    args: { id: t.arg.id({ required: true }) },
    resolve: (_root, { id }, ctx) => {
      requireToken(ctx);
      return ctx.services.imageSets.delete(String(id));
    },
  }),
);

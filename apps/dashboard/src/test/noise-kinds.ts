import type { NoiseKind } from '../graphql/types.js';

/** The noise kinds as the server lists them (a subset). */
export const KINDS: NoiseKind[] = [
  { kind: 'seed-wrap', description: 'reference', numpy: true, params: [] },
  {
    kind: 'gaussian',
    description: 'normal',
    numpy: true,
    params: [
      { name: 'mean', type: 'number', description: 'mean', default: [127.5], min: null, max: null },
      { name: 'std', type: 'number', description: 'std', default: [64], min: 0, max: null },
    ],
  },
  {
    kind: 'uniform',
    description: 'uniform',
    numpy: true,
    params: [{ name: 'low', type: 'integer', description: 'low', default: [0], min: 0, max: 255 }],
  },
  {
    kind: 'constant',
    description: 'flat',
    numpy: false,
    params: [
      { name: 'color', type: 'color', description: 'bytes', default: [128, 128, 128], min: 0, max: 255 },
    ],
  },
];

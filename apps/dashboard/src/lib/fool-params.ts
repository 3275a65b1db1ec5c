import type { ParamField } from './attribution-params.js';

/**
 * The fool search's numeric parameters (the `fool` mutation's names and bounds); blank leaves
 * the server's default. Checked with `toAttributionParams`, like the attribution panels.
 */
export const FOOL_FIELDS: readonly ParamField[] = [
  { name: 'budget', label: 'Iterations (budget)', kind: 'int', placeholder: '50', min: 1, max: 10_000 },
  { name: 'linf', label: 'L∞ bound (gray levels)', kind: 'float', placeholder: '8', min: 0, max: 255 },
  { name: 'l2', label: 'L2 bound', kind: 'float', placeholder: 'none', min: 0, max: 1e7 },
  { name: 'smooth', label: 'Smoothness bound', kind: 'int', placeholder: 'none', min: 0, max: 255 },
];

/** The server's budget when the field is blank. */
export const DEFAULT_FOOL_BUDGET = 50;

/** Search methods: blank lets the server pick (gradient when the model gives gradients). */
export const FOOL_METHODS = [
  { value: '', label: 'automatic' },
  { value: 'GRADIENT', label: 'gradient (PGD)' },
  { value: 'EVOLUTION', label: 'evolution' },
] as const;

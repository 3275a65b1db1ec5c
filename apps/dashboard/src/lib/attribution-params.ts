import type { AttributionMethod } from '../graphql/types.js';

/** One editable parameter of an attribution method (Captum's names). */
export interface ParamField {
  readonly name: string;
  readonly label: string;
  readonly kind: 'int' | 'float' | 'ints' | 'ntType';
  /** What the server uses when the field is blank (its `EXPLAIN_DEFAULTS` and core's defaults). */
  readonly placeholder: string;
  readonly min?: number;
  readonly max?: number;
}

/** A panel of the reference experiment: a method, its title and parameters. */
export interface MethodPanel {
  readonly method: AttributionMethod;
  readonly title: string;
  readonly fields: readonly ParamField[];
  /** Preset values: the reference's smoothgrad_sq for the noise tunnel. */
  readonly initial: Readonly<Record<string, string>>;
}

/** The three panels of the reference experiment: IG, noise tunnel (smoothgrad_sq) over IG, occlusion. */
export const METHOD_PANELS: readonly MethodPanel[] = [
  {
    method: 'INTEGRATED_GRADIENTS',
    title: 'Integrated gradients',
    fields: [
      { name: 'nSteps', label: 'Steps (n_steps)', kind: 'int', placeholder: '50', min: 1, max: 1000 },
      {
        name: 'internalBatchSize',
        label: 'Internal batch size',
        kind: 'int',
        placeholder: 'what fits memory',
        min: 1,
        max: 4096,
      },
    ],
    initial: {},
  },
  {
    method: 'NOISE_TUNNEL',
    title: 'Noise tunnel (smoothgrad_sq) over IG',
    fields: [
      { name: 'ntType', label: 'Type (nt_type)', kind: 'ntType', placeholder: 'SMOOTHGRAD_SQ' },
      { name: 'ntSamples', label: 'Samples (nt_samples)', kind: 'int', placeholder: '5', min: 1, max: 100 },
      { name: 'stdevs', label: 'Noise std (stdevs)', kind: 'float', placeholder: '1', min: 0, max: 100 },
      { name: 'nSteps', label: 'IG steps', kind: 'int', placeholder: '50', min: 1, max: 1000 },
      { name: 'seed', label: 'Seed', kind: 'int', placeholder: '0', min: 0 },
    ],
    initial: { ntType: 'SMOOTHGRAD_SQ' },
  },
  {
    method: 'OCCLUSION',
    title: 'Occlusion',
    fields: [
      {
        name: 'slidingWindow',
        label: 'Window (model layout)',
        kind: 'ints',
        placeholder: 'scaled 15×15',
        min: 1,
        max: 4096,
      },
      {
        name: 'strides',
        label: 'Strides (model layout)',
        kind: 'ints',
        placeholder: 'scaled 8×8',
        min: 1,
        max: 4096,
      },
      { name: 'baseline', label: 'Baseline', kind: 'float', placeholder: '0' },
    ],
    initial: {},
  },
];

type Params = Record<string, number | number[] | string>;

function checkRange(n: number, f: ParamField): string | undefined {
  if (f.min !== undefined && n < f.min) return `${f.label} must be at least ${f.min}`;
  if (f.max !== undefined && n > f.max) return `${f.label} must be at most ${f.max}`;
  return undefined;
}

/**
 * Turn the typed parameter values of a panel into `AttributionParamsInput`; blank fields are
 * left out so the server's defaults apply.
 *
 * @returns the params, or errors keyed by field name
 */
export function toAttributionParams(
  fields: readonly ParamField[],
  values: Readonly<Record<string, string>>,
): { params: Params; errors: Record<string, string> } {
  const params: Params = {};
  const errors: Record<string, string> = {};
  for (const f of fields) {
    const text = (values[f.name] ?? '').trim();
    if (text === '') continue;
    if (f.kind === 'ntType') {
      params[f.name] = text;
      continue;
    }
    if (f.kind === 'ints') {
      const parts = text.split(/[\s,×x]+/).filter(Boolean);
      const ints = parts.map(Number);
      if (parts.length < 1 || parts.length > 4 || ints.some((n) => !Number.isInteger(n))) {
        errors[f.name] = `${f.label}: 1 to 4 whole numbers, e.g. 5,5,1`;
        continue;
      }
      const bad = ints.map((n) => checkRange(n, f)).find(Boolean);
      if (bad) errors[f.name] = bad;
      else params[f.name] = ints;
      continue;
    }
    const n = Number(text);
    if (!Number.isFinite(n) || (f.kind === 'int' && !Number.isInteger(n))) {
      errors[f.name] = `${f.label} must be a ${f.kind === 'int' ? 'whole number' : 'number'}`;
      continue;
    }
    const bad = checkRange(n, f);
    if (bad) errors[f.name] = bad;
    else params[f.name] = n;
  }
  return { params, errors };
}

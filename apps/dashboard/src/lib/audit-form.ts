import type { NoiseKind, NoiseParam } from '../graphql/types.js';

/** What the new-audit form holds: raw strings as typed, validated on submit. */
export interface AuditFormState {
  models: string[];
  /** Checked noise kinds, in the order of the `noiseKinds` query. */
  kinds: string[];
  /** Per kind, per parameter name, the text typed (blank = the kind's default). */
  params: Record<string, Record<string, string>>;
  count: string;
  seed: string;
  width: string;
  height: string;
  channels: string;
  batchSize: string;
  topK: string;
}

/** The `StartAuditInput` the form sends. */
export interface StartAuditInput {
  models: string[];
  noise: {
    kind: string;
    seed: number;
    params?: Record<string, number | number[]>;
    width?: number;
    height?: number;
    channels?: number;
  }[];
  count: number;
  batchSize?: number;
  topK?: number;
}

/** Field name → message; keys are form field ids (`count`, `param-gaussian-std`, …). */
export type FormErrors = Record<string, string>;

/** The id of a noise parameter's input, also its key in {@link FormErrors}. */
export const paramFieldId = (kind: string, name: string) => `param-${kind}-${name}`;

/** A fresh form: the default model checked, the reference `seed-wrap` noise, 100 images, seed 0. */
export function initialAuditForm(defaultModel?: string): AuditFormState {
  return {
    models: defaultModel ? [defaultModel] : [],
    kinds: ['seed-wrap'],
    params: {},
    count: '100',
    seed: '0',
    width: '',
    height: '',
    channels: '',
    batchSize: '',
    topK: '',
  };
}

type Parsed<T> = { value: T } | { error: string };

function parseInteger(text: string, min: number, max: number, what: string): Parsed<number> {
  const t = text.trim();
  if (!/^-?\d+$/.test(t)) return { error: `${what} must be a whole number` };
  const n = Number(t);
  if (n < min || n > max)
    return { error: `${what} must be between ${min.toLocaleString('en')} and ${max.toLocaleString('en')}` };
  return { value: n };
}

function parseNumber(text: string, min: number | null, max: number | null, what: string): Parsed<number> {
  const t = text.trim();
  const n = Number(t);
  if (t === '' || !Number.isFinite(n)) return { error: `${what} must be a number` };
  if (min !== null && n < min) return { error: `${what} must be at least ${min}` };
  if (max !== null && n > max) return { error: `${what} must be at most ${max}` };
  return { value: n };
}

function parseParam(param: NoiseParam, text: string): Parsed<number | number[]> {
  const what = param.name;
  if (param.type === 'color') {
    const parts = text.split(/[\s,]+/).filter(Boolean);
    if (parts.length < 1 || parts.length > 4) return { error: `${what} needs 1 to 4 bytes, e.g. 255,0,0` };
    const bytes: number[] = [];
    for (const p of parts) {
      const b = parseInteger(p, 0, 255, `each byte of ${what}`);
      if ('error' in b) return b;
      bytes.push(b.value);
    }
    return { value: bytes };
  }
  const min = param.min ?? null;
  const max = param.max ?? null;
  if (param.type === 'integer') {
    return parseInteger(text, min ?? Number.MIN_SAFE_INTEGER, max ?? Number.MAX_SAFE_INTEGER, what);
  }
  return parseNumber(text, min, max, what);
}

function optionalInt(
  state: AuditFormState,
  field: 'width' | 'height' | 'channels' | 'batchSize' | 'topK',
  min: number,
  max: number,
  what: string,
  errors: FormErrors,
): number | undefined {
  if (state[field].trim() === '') return undefined;
  const r = parseInteger(state[field], min, max, what);
  if ('error' in r) {
    errors[field] = r.error;
    return undefined;
  }
  return r.value;
}

/**
 * Check the new-audit form against the limits the API enforces (count 1..1,000,000, batch
 * 1..4096, top-k 1..100, images ≤ 4096×4096, each noise parameter's bounds from `noiseKinds`),
 * and build the `StartAuditInput` when it passes.
 *
 * @returns the input, or the errors keyed by field id (never both)
 */
export function validateAuditForm(
  state: AuditFormState,
  kinds: readonly NoiseKind[],
): { input: StartAuditInput; errors?: undefined } | { input?: undefined; errors: FormErrors } {
  const errors: FormErrors = {};
  if (state.models.length === 0) errors['models'] = 'choose at least one model';
  if (state.kinds.length === 0) errors['kinds'] = 'choose at least one noise kind';

  const count = parseInteger(state.count, 1, 1_000_000, 'count');
  if ('error' in count) errors['count'] = count.error;
  const seed = parseInteger(state.seed, 0, 2 ** 32 - 1, 'seed');
  if ('error' in seed) errors['seed'] = seed.error;
  const width = optionalInt(state, 'width', 1, 4096, 'width', errors);
  const height = optionalInt(state, 'height', 1, 4096, 'height', errors);
  const channels = optionalInt(state, 'channels', 1, 4, 'channels', errors);
  const batchSize = optionalInt(state, 'batchSize', 1, 4096, 'batch size', errors);
  const topK = optionalInt(state, 'topK', 1, 100, 'top-k', errors);
  if (channels !== undefined && channels !== 1 && channels !== 3)
    errors['channels'] = 'channels must be 1 or 3';

  const noise: StartAuditInput['noise'] = [];
  for (const kindName of state.kinds) {
    const kind = kinds.find((k) => k.kind === kindName);
    if (!kind) {
      errors['kinds'] = `unknown noise kind ${kindName}`;
      continue;
    }
    const params: Record<string, number | number[]> = {};
    for (const p of kind.params) {
      const text = state.params[kind.kind]?.[p.name] ?? '';
      if (text.trim() === '') continue;
      const parsed = parseParam(p, text);
      if ('error' in parsed) errors[paramFieldId(kind.kind, p.name)] = parsed.error;
      else params[p.name] = parsed.value;
    }
    noise.push({
      kind: kind.kind,
      seed: 'value' in seed ? seed.value : 0,
      ...(Object.keys(params).length ? { params } : {}),
      ...(width === undefined ? {} : { width }),
      ...(height === undefined ? {} : { height }),
      ...(channels === undefined ? {} : { channels }),
    });
  }
  if (Object.keys(errors).length > 0 || !('value' in count)) return { errors };
  return {
    input: {
      models: [...state.models],
      noise,
      count: count.value,
      ...(batchSize === undefined ? {} : { batchSize }),
      ...(topK === undefined ? {} : { topK }),
    },
  };
}

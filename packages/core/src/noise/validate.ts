import { z } from 'zod';
import { SnowblindError } from '../errors.js';
import { NOISE_KIND_INFO, type NoiseParamInfo } from './kind-info.js';
import { NOISE_KINDS, type NoiseKind, type NoiseParams, type NoiseSpec, type RngMode } from './types.js';

/** Largest width or height accepted. */
export const MAX_NOISE_SIDE = 4096;
/** numpy's `seed()` accepts only 0..2^32-1. */
const MAX_NUMPY_SEED = 0xffffffff;

/**
 * A {@link NoiseSpec} with every default filled in and only the parameters of its kind:
 * what {@link validateNoiseSpec} returns and what a report should record.
 */
export interface ResolvedNoiseSpec extends NoiseSpec {
  readonly params: Readonly<NoiseParams>;
  readonly width: number;
  readonly height: number;
  readonly channels: 1 | 3;
  readonly rng: RngMode;
}

const side = z.number().int().min(1).max(MAX_NOISE_SIDE);

const specSchema = z.strictObject({
  kind: z.string(),
  params: z.record(z.string(), z.unknown()).optional(),
  seed: z.number().int().min(0).max(Number.MAX_SAFE_INTEGER),
  width: side.default(256),
  height: side.default(256),
  channels: z.literal([1, 3]).default(3),
  rng: z.enum(['default', 'numpy']).default('default'),
});

function paramSchema(info: NoiseParamInfo): z.ZodType {
  let scalar = info.type === 'number' ? z.number() : z.number().int();
  if (info.min !== undefined) scalar = scalar.min(info.min);
  if (info.max !== undefined) scalar = scalar.max(info.max);
  return info.type === 'color' ? z.array(scalar).min(1).max(3) : scalar;
}

// One strict object schema per kind, derived from NOISE_KIND_INFO so the help text, the
// GraphQL schema and the validation cannot drift apart.
const paramsSchemas = Object.fromEntries(
  NOISE_KINDS.map((kind) => [
    kind,
    z.strictObject(
      Object.fromEntries(NOISE_KIND_INFO[kind].params.map((p) => [p.name, paramSchema(p).optional()])),
    ),
  ]),
) as unknown as Record<NoiseKind, z.ZodType>;

function badInput(issues: readonly z.core.$ZodIssue[], hint: string, prefix: string[] = []): SnowblindError {
  const text = issues
    .map((issue) => {
      const path = [...prefix, ...issue.path.map(String)].join('.');
      return path ? `${path}: ${issue.message}` : issue.message;
    })
    .join('; ');
  return new SnowblindError('BAD_INPUT', `Invalid noise spec: ${text}`, { hint });
}

function paramsHint(kind: NoiseKind): string {
  const params = NOISE_KIND_INFO[kind].params;
  if (params.length === 0) return `Noise kind '${kind}' takes no parameters; remove params.`;
  const list = params
    .map((p) => {
      const bounds =
        p.min !== undefined || p.max !== undefined ? ` in ${p.min ?? '-∞'}..${p.max ?? '∞'}` : '';
      return `${p.name} (${p.type}${bounds}, default ${JSON.stringify(p.default)})`;
    })
    .join(', ');
  return `Noise kind '${kind}' takes: ${list}.`;
}

/**
 * The {@link NoiseKind} named `name`.
 * @throws SnowblindError `UNKNOWN_NOISE_KIND` (the hint lists the kinds) for any other name.
 */
export function parseNoiseKind(name: string): NoiseKind {
  if ((NOISE_KINDS as readonly string[]).includes(name)) return name as NoiseKind;
  const what =
    name.trim() === ''
      ? 'No noise kind given (the name is empty)'
      : name.includes(',')
        ? `Unknown noise kind '${name}' (one kind is expected here, not a list)`
        : `Unknown noise kind '${name}'`;
  throw new SnowblindError('UNKNOWN_NOISE_KIND', what, { hint: `Use one of: ${NOISE_KINDS.join(', ')}.` });
}

/**
 * Checks untrusted input (CLI flags, GraphQL arguments, JSON) against the noise spec
 * contract and returns it with every default filled in.
 *
 * @remarks
 * Unknown top-level fields and parameters that the kind does not take are rejected (they
 * are almost always typos). rng `numpy` needs a kind with numpy support (see
 * {@link NOISE_KIND_INFO}) and a seed in 0..2^32-1, as `np.random.seed` does.
 * @throws SnowblindError `UNKNOWN_NOISE_KIND` for an unknown kind, `BAD_INPUT` for anything
 * else that is wrong.
 */
export function validateNoiseSpec(input: unknown): ResolvedNoiseSpec {
  const top = specSchema.safeParse(input);
  if (!top.success) {
    throw badInput(
      top.error.issues,
      'A noise spec is { kind, seed (integer ≥ 0), params?, width?, height? (1..4096), channels? (1|3), rng? (default|numpy) }.',
    );
  }
  const spec = top.data;
  const kind = parseNoiseKind(spec.kind);
  const parsed = paramsSchemas[kind].safeParse(spec.params ?? {});
  if (!parsed.success) throw badInput(parsed.error.issues, paramsHint(kind), ['params']);
  const params = resolveParams(kind, parsed.data as NoiseParams, spec.channels);

  if (spec.rng === 'numpy') {
    if (!NOISE_KIND_INFO[kind].numpy) {
      const supported = NOISE_KINDS.filter((k) => NOISE_KIND_INFO[k].numpy).join(', ');
      throw new SnowblindError('BAD_INPUT', `Noise kind '${kind}' has no numpy reproduction`, {
        hint: `Use rng 'default' for '${kind}', or a kind numpy mode supports: ${supported}.`,
      });
    }
    if (spec.seed > MAX_NUMPY_SEED) {
      throw new SnowblindError('BAD_INPUT', `Seed ${spec.seed} is out of numpy's range`, {
        hint: 'With rng numpy the seed must be in 0..4294967295, as np.random.seed requires.',
      });
    }
  }
  return {
    kind,
    params,
    seed: spec.seed,
    width: spec.width,
    height: spec.height,
    channels: spec.channels,
    rng: spec.rng,
  };
}

function resolveParams(kind: NoiseKind, given: NoiseParams, channels: 1 | 3): NoiseParams {
  const out: Record<string, number | readonly number[]> = {};
  for (const p of NOISE_KIND_INFO[kind].params) out[p.name] = given[p.name] ?? p.default;
  const params = out as NoiseParams;
  if (kind === 'uniform' && params.low! > params.high!) {
    throw new SnowblindError(
      'BAD_INPUT',
      `Invalid noise spec: params.low ${params.low} > high ${params.high}`,
      {
        hint: 'uniform needs low ≤ high (both inclusive, 0..255).',
      },
    );
  }
  if (kind === 'constant') {
    // The documented default is mid-gray on every channel, whatever the channel count.
    const color = given.color ?? [128];
    if (color.length === 1) return { color: Array.from({ length: channels }, () => color[0]!) };
    if (color.length !== channels) {
      throw new SnowblindError(
        'BAD_INPUT',
        `Invalid noise spec: params.color has ${color.length} values for ${channels} channel(s)`,
        { hint: `Give one value per channel (${channels}) or a single value for all channels.` },
      );
    }
    return { color: [...color] };
  }
  return params;
}

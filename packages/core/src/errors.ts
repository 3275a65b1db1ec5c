/**
 * Stable error codes. Faces map them to exit codes (CLI) and `extensions.code` (GraphQL);
 * never rename one, only add.
 */
export const ERROR_CODES = [
  'BAD_INPUT',
  'BAD_IMAGE',
  'BAD_PRESET',
  'BAD_LABELS',
  'BAD_MODEL',
  'MODEL_NOT_FOUND',
  'FILE_NOT_FOUND',
  'UNKNOWN_NOISE_KIND',
  'BACKEND_UNAVAILABLE',
  'DEVICE_UNAVAILABLE',
  'SHAPE_MISMATCH',
  'REGISTRY_ERROR',
  'HASH_MISMATCH',
  'REPORT_INVALID',
  'UNSUPPORTED_OP',
  'CANCELLED',
  'PATH_OUTSIDE_ROOT',
  'WRITE_FAILED',
  'OUT_OF_MEMORY',
  'INTERNAL',
] as const;

/** One of {@link ERROR_CODES}. */
export type ErrorCode = (typeof ERROR_CODES)[number];

/**
 * The one error class of snowblind. Every failure a user can cause (bad file, unknown model,
 * absurd count) is a `SnowblindError` with a stable {@link ErrorCode} and a hint that says what
 * to do next. Anything else reaching a face is a bug and is reported as `INTERNAL`.
 *
 * @typeParam C - The codes it may carry: core's by default. A package that adds its own codes
 *   (e.g. `@snowblind/distributed`'s `REDIS_UNAVAILABLE`) names them explicitly,
 *   `new SnowblindError<DistributedErrorCode>(…)`; the code is never inferred from the argument,
 *   so a typo in core's codes stays a type error. The faces print any code the same way.
 */
export class SnowblindError<C extends string = ErrorCode> extends Error {
  override readonly name = 'SnowblindError';
  /** Stable machine-readable code. */
  readonly code: C;
  /** One sentence telling the user how to fix the problem. */
  readonly hint: string | undefined;

  constructor(code: NoInfer<C>, message: string, options: { hint?: string; cause?: unknown } = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.code = code;
    this.hint = options.hint;
  }
}

/**
 * True when `error` is a {@link SnowblindError} (optionally with the given code). Its code may
 * be another package's, so it is typed `string`; compare it with a code, or pass one here.
 */
export function isSnowblindError(error: unknown): error is SnowblindError<string>;
export function isSnowblindError<C extends string = ErrorCode>(
  error: unknown,
  code: NoInfer<C>,
): error is SnowblindError<C>;
export function isSnowblindError(error: unknown, code?: string): error is SnowblindError<string> {
  return error instanceof SnowblindError && (code === undefined || error.code === code);
}

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
 * What each code means, one line each: the error-code table of docs/errors.md is generated from
 * it (`npm run docs`). A record over {@link ErrorCode}, so a new code without a line fails typecheck.
 */
export const ERROR_CODE_DESCRIPTIONS: Readonly<Record<ErrorCode, string>> = {
  BAD_INPUT: 'an option, argument or field is out of range, malformed, or conflicts with another',
  BAD_IMAGE: 'an image cannot be decoded, or is larger than the pixel limits',
  BAD_PRESET: 'an input preset is unknown, or its JSON file is invalid',
  BAD_LABELS: "a labels file is unreadable, empty, or does not match the model's classes",
  BAD_MODEL: 'a model file or folder is not a usable ONNX or TF.js classifier',
  MODEL_NOT_FOUND: 'no model has this id in the registry, and no file has this path',
  FILE_NOT_FOUND: 'an input file or folder does not exist',
  UNKNOWN_NOISE_KIND: 'a noise kind that is not one of the noise kinds snowblind generates',
  BACKEND_UNAVAILABLE: 'the engine or TF.js backend asked for is not installed or cannot start here',
  DEVICE_UNAVAILABLE: 'the device asked for (e.g. CUDA) is not usable on this machine',
  SHAPE_MISMATCH: "a model's input or output shape does not fit the preset, the labels or the images",
  REGISTRY_ERROR: 'the model registry cannot be read or written, or lists an id twice',
  HASH_MISMATCH: "a model's files differ from the sha256 its registry entry records",
  REPORT_INVALID: 'a JSON report does not match the snowblind report schema',
  UNSUPPORTED_OP: 'the model uses an operator snowblind cannot differentiate or convert',
  CANCELLED: 'the work was cancelled before it finished',
  PATH_OUTSIDE_ROOT: 'a path points outside the folder it must stay in',
  WRITE_FAILED: 'an output file could not be written (the results were printed anyway)',
  OUT_OF_MEMORY: 'the work does not fit the memory budget',
  INTERNAL: 'a bug in snowblind: anything else that reaches a face',
};

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

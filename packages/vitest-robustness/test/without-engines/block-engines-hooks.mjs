// ESM resolve hook for block-engines.mjs: engine packages are not found.
const BLOCKED = /^(onnxruntime-node|onnxruntime-common|@tensorflow\/)/;

export async function resolve(specifier, context, next) {
  if (BLOCKED.test(specifier)) {
    const error = new Error(`Cannot find package '${specifier}' imported from ${context.parentURL}`);
    error.code = 'ERR_MODULE_NOT_FOUND';
    throw error;
  }
  return next(specifier, context);
}

// Preload (`node --import`) that makes the engine packages look uninstalled, for both `import`
// and `require`: what a project gets after `npm install @snowblind/vitest-robustness` alone.
import Module, { register } from 'node:module';

const BLOCKED = /^(onnxruntime-node|onnxruntime-common|@tensorflow\/)/;

register('./block-engines-hooks.mjs', import.meta.url);

const resolveFilename = Module._resolveFilename;
Module._resolveFilename = function (request, ...rest) {
  if (BLOCKED.test(request)) {
    const error = new Error(`Cannot find module '${request}'`);
    error.code = 'MODULE_NOT_FOUND';
    throw error;
  }
  return resolveFilename.call(this, request, ...rest);
};

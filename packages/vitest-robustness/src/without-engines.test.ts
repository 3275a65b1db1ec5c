import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';

const REPO = fileURLToPath(new URL('../../../', import.meta.url));
const FIXTURES = fileURLToPath(new URL('../test/without-engines/', import.meta.url));
const BUILT = ['core', 'vitest-robustness'].every((p) => existsSync(`${REPO}packages/${p}/dist/index.js`));

/**
 * The built packages in a Node where onnxruntime-node and every @tensorflow package fail to
 * resolve (block-engines.mjs hooks `import` and `require`): the optional peer dependencies of
 * @snowblind/core are loaded on first use only.
 */
function runWithoutEngines(): Record<
  string,
  { ok?: unknown; code?: string; message?: string; hint?: string }
> {
  const out = execFileSync(
    process.execPath,
    ['--import', `${FIXTURES}block-engines.mjs`, `${FIXTURES}plain-function.mjs`],
    { cwd: REPO, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] },
  );
  return JSON.parse(out);
}

describe.skipIf(!BUILT)('without onnxruntime-node and TF.js installed', () => {
  if (!BUILT) console.warn('skipped: packages/core or vitest-robustness dist not built (npm run build)');
  let result: ReturnType<typeof runWithoutEngines> = {};
  beforeAll(() => {
    result = runWithoutEngines();
  });

  it('the harness really hides both engines from import and require', () => {
    expect(result['blockedImport']?.code).toBe('ERR_MODULE_NOT_FOUND');
    expect(result['blockedRequire']?.code).toBe('MODULE_NOT_FOUND');
  });

  it('@snowblind/core imports and a plain function is gated', () => {
    expect(result['confident']).toEqual({ ok: { pass: false, fooled: 40, total: 40 } });
    expect(result['unsure']).toEqual({ ok: { pass: true, fooled: 0, total: 40 } });
  });

  it('an ONNX model names onnxruntime-node', () => {
    expect(result['onnxModel']).toEqual({
      code: 'BACKEND_UNAVAILABLE',
      message: 'onnxruntime-node is not installed; this model needs it',
      hint: 'npm install onnxruntime-node',
    });
  });

  it('a TF.js model names @tensorflow/tfjs', () => {
    expect(result['tfjsModel']).toEqual({
      code: 'BACKEND_UNAVAILABLE',
      message: '@tensorflow/tfjs is not installed; this model needs it',
      hint: 'npm install @tensorflow/tfjs',
    });
  });
});

/**
 * Rewrite the supported-op list in tools/onnx/README.md from `DIFFERENTIABLE_OPS`:
 *
 *     npx tsx tools/onnx/supported-ops.ts
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { withSupportedOps } from '../../packages/core/src/onnx/supported-ops.js';

const readme = fileURLToPath(new URL('./README.md', import.meta.url));
writeFileSync(readme, withSupportedOps(readFileSync(readme, 'utf8')));
console.log(`updated ${readme}`);

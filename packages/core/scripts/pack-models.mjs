// `npm pack` / `npm publish` of @snowblind/core: the repository's models/ (registry.json and every
// model folder it names) is copied into the package as models/, where findBuiltinRegistry() finds
// it from dist/ once installed, so built-in ids such as fmnist-cnn-oe resolve without
// SNOWBLIND_MODELS. `postpack` (`node scripts/pack-models.mjs clean`) removes the copy.
import { cpSync, existsSync, readFileSync, rmSync } from 'node:fs';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

const source = fileURLToPath(new URL('../../../models/', import.meta.url));
const target = fileURLToPath(new URL('../models/', import.meta.url));

rmSync(target, { recursive: true, force: true });
if (process.argv[2] !== 'clean') {
  if (!existsSync(`${source}registry.json`)) {
    console.error(`pack-models: ${source}registry.json not found`);
    process.exit(1);
  }
  const registry = JSON.parse(readFileSync(`${source}registry.json`, 'utf8'));
  cpSync(`${source}registry.json`, `${target}registry.json`);
  cpSync(`${source}README.md`, `${target}README.md`);
  for (const folder of new Set(registry.models.map((m) => dirname(m.path)))) {
    cpSync(`${source}${folder}`, `${target}${folder}`, { recursive: true });
  }
}

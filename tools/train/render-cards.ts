/**
 * Re-renders every `models/<id>/README.md` and `models/registry.json` from the
 * `models/<id>/training.json` records the trainer wrote, without retraining (for edits to the
 * card template or the registry format).
 *
 *   npx tsx tools/train/render-cards.ts
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { ARCHS } from './architectures.js';
import { renderCard, type TrainingRecord, upsertRegistry } from './card.js';

const modelsDir = resolve(dirname(new URL(import.meta.url).pathname), '../../models');
for (const id of ARCHS) {
  const file = join(modelsDir, id, 'training.json');
  if (!existsSync(file)) {
    console.log(`${id}: not trained yet (no ${file})`);
    continue;
  }
  const record = JSON.parse(readFileSync(file, 'utf8')) as TrainingRecord;
  writeFileSync(join(modelsDir, id, 'README.md'), renderCard(record));
  upsertRegistry(modelsDir, record);
  console.log(`${id}: card and registry entry written`);
}

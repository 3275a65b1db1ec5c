import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** Absolute path of `../shared/zoo` beside the repository (read-only, present on CI). */
export const ZOO_DIR = fileURLToPath(new URL('../../../../shared/zoo/', import.meta.url));

/** True when the shared model zoo is present. */
export const hasZoo = existsSync(ZOO_DIR);

/** Message used by tests that skip without the zoo. */
export const NO_ZOO_MESSAGE = `skipped: ../shared/zoo not found at ${ZOO_DIR} (tests that need the real ImageNet models run in CI)`;

/** Path of a file inside the zoo. */
export function zooPath(relative: string): string {
  return ZOO_DIR + relative;
}

if (!hasZoo) console.warn(NO_ZOO_MESSAGE);

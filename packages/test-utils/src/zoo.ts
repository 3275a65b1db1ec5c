/** The shared model zoo (`../shared/zoo` beside the repository): real ImageNet models and photos. */
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** Absolute path of `../shared/zoo` beside the repository (read-only, present on CI). */
export const ZOO_DIR = fileURLToPath(new URL('../../../../shared/zoo/', import.meta.url));

/**
 * Why the tests that read the zoo cannot run, or null when it is present. Pass it to
 * {@link missingTestDependency}: `describe.skipIf(missingTestDependency(ZOO, zooMissing))`.
 */
export const zooMissing: string | null = existsSync(ZOO_DIR)
  ? null
  : `${ZOO_DIR} not found (the tests that need the real ImageNet models run in CI)`;

/** What {@link zooMissing} is about, as skip and failure messages name it. */
export const ZOO = 'the shared model zoo';

/** Path of a file inside the zoo. */
export function zooPath(relative: string): string {
  return ZOO_DIR + relative;
}

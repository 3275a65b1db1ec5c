import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { expectUserError, runCli, tempHome } from '../test/run-cli.js';
import { tinyModelFlags } from '../test/tiny-model.js';

describe('--labels must match the model', () => {
  // The tiny model has 5 outputs.
  it.each([
    ['too few', 'a\nb\n', /5 outputs but 2 labels/],
    ['too many', 'a\nb\nc\nd\ne\nf\n', /5 outputs but 6 labels/],
  ])('%s: audit exits 2 with BAD_LABELS naming both counts', async (_name, text, message) => {
    const home = tempHome();
    const labels = join(home, 'labels.txt');
    writeFileSync(labels, text);
    const run = await runCli(['audit', ...tinyModelFlags(home), '--labels', labels, '--count', '2'], {
      SNOWBLIND_HOME: home,
    });
    expectUserError(run, 'BAD_LABELS');
    expect(run.stderr).toMatch(message);
  });
});

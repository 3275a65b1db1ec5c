import { describe, expect, it } from 'vitest';
import { expectUserError, runCli } from '../test/run-cli.js';
import { runOnTinyModel } from '../test/tiny-model.js';

/** Flags that would be silently ignored, or silently read as something else, are refused. */
describe('a careless command line gets a coded error naming the flag, not a silent default', () => {
  it.each([
    [
      'explain --samples with IG',
      ['explain', '--method', 'ig', '--samples', '5'],
      '--samples: has no effect with --method ig',
    ],
    [
      'explain --window and --stride with saliency',
      ['explain', '--method', 'saliency', '--window', '4', '--stride', '2'],
      '--window, --stride: have no effect with --method saliency',
    ],
    [
      'explain --steps with occlusion',
      ['explain', '--method', 'occlusion', '--steps', '9'],
      '--steps: has no effect with --method occlusion',
    ],
    [
      'explain --image with --noise',
      ['explain', '--image', 'x.png', '--noise', 'gaussian'],
      '--noise: has no effect with --image',
    ],
    [
      'explain an empty --outlier-perc',
      ['explain', '--outlier-perc', ''],
      '--outlier-perc: "" is not a number in [0, 100)',
    ],
    [
      'explain an empty --stdevs',
      ['explain', '--method', 'vargrad', '--stdevs', ' '],
      '--stdevs: " " is not a number in [0, 1000000]',
    ],
    [
      'fool --step with evolution',
      ['fool', '--method', 'evolution', '--step', 'sign'],
      '--step: has no effect with --method evolution',
    ],
    [
      'fool --encoding with gradient ascent',
      ['fool', '--method', 'gradient', '--encoding', 'pixels', '--population', '8'],
      '--encoding, --population: have no effect with --method gradient',
    ],
    [
      'fool --encoding and --step-size without --method',
      ['fool', '--encoding', 'pixels', '--step-size', '2'],
      '--step-size: has no effect with evolution (chosen by --encoding)',
    ],
    [
      'fool --id-count alone',
      ['fool', '--id-count', '10'],
      '--id-count: has no effect without --in-distribution',
    ],
    ['fool an empty --step-size', ['fool', '--step-size', ''], '--step-size: "" is not a number in (0, 255]'],
    [
      'audit --id-count alone',
      ['audit', '--id-count', '10'],
      '--id-count: has no effect without --in-distribution',
    ],
    [
      'audit a noise kind twice',
      ['audit', '--noise', 'uniform,uniform'],
      '--noise: "uniform" is listed twice',
    ],
    [
      'gradcheck an empty --epsilon',
      ['gradcheck', '--model', 'm.onnx', '--epsilon', ''],
      '--epsilon: "" is not a number in [0.000001, 1000]',
    ],
    [
      'gradcheck an --input-scale that overflows float32 (it printed NaN and FAIL)',
      ['gradcheck', '--model', 'm.onnx', '--input-scale', '1e308'],
      '--input-scale: "1e308" is not a number in (0, 10000]',
    ],
    [
      'gradcheck an --epsilon that vanishes in float32 (it printed numeric 0 and FAIL)',
      ['gradcheck', '--model', 'm.onnx', '--epsilon', '1e-300'],
      '--epsilon: "1e-300" is not a number in [0.000001, 1000]',
    ],
    [
      'explain the last safe --index (it failed inside core, naming an "end")',
      ['explain', '--index', String(Number.MAX_SAFE_INTEGER)],
      '--index: 9007199254740991 is out of range',
    ],
    [
      'explain a far --index with --rng numpy (it replayed for centuries)',
      ['explain', '--rng', 'numpy', '--index', '900719925474'],
      '--index: 900719925474 is too far for --rng numpy at 256×256: it replays every image before it (at most 100000 here)',
    ],
    [
      'explain a far --index with --rng numpy at 4096 px',
      ['explain', '--rng', 'numpy', '--size', '4096', '--index', '391'],
      '--index: 391 is too far for --rng numpy at 4096×4096: it replays every image before it (at most 390 here)',
    ],
    [
      'fool an --index whose last start is not a safe integer',
      ['fool', '--index', String(Number.MAX_SAFE_INTEGER - 2), '--starts', '3'],
      '--index: 9007199254740989 is out of range',
    ],
  ])('%s', async (_name, args, message) => {
    const run = await runCli([...args, '--model', '/nonexistent/model.onnx']);
    expectUserError(run, 'BAD_INPUT');
    expect(run.stderr).toContain(`error [BAD_INPUT]: ${message}`);
  });

  it.each([
    ['--targets 1,,2', ['--targets', '1,,2'], '--targets: empty item in "1,,2"'],
    ['--targets 1,1', ['--targets', '1,1'], '--targets: "1" is listed twice'],
  ])('fool %s', async (_name, flags, message) => {
    const run = await runOnTinyModel('fool', (home) => [...flags, '-o', home]);
    expectUserError(run, 'BAD_INPUT');
    expect(run.stderr).toContain(message);
  });

  it.each([
    [
      'a window larger than the input',
      ['--window', '99'],
      "--window: 99 px does not fit in tiny's 8×8 input",
      'pass --window 8 or less',
    ],
    [
      'a stride larger than the window',
      ['--window', '4', '--stride', '5'],
      '--stride: 5 px is larger than the 4 px window',
      'pass --stride 4 or less',
    ],
  ])('explain --method occlusion with %s', async (_name, flags, message, hint) => {
    const run = await runOnTinyModel('explain', (home) => [
      '--method',
      'occlusion',
      ...flags,
      '-o',
      `${home}/h.png`,
    ]);
    expectUserError(run, 'BAD_INPUT');
    expect(run.stderr).toContain(message);
    expect(run.stderr).toContain(`hint: ${hint}`);
  });

  it('fool --encoding alone chooses evolution (it was ignored by gradient ascent before)', async () => {
    const run = await runOnTinyModel('fool', (home) => [
      '--encoding',
      'pixels',
      '--budget',
      '2',
      '--json',
      '-o',
      home,
    ]);
    expect(run.code, run.stderr).toBe(0);
    expect(JSON.parse(run.stdout)).toMatchObject({ results: [{ method: 'evolution', encoding: 'pixels' }] });
  });
});

import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { expectUserError, runCli, tempHome } from '../test/run-cli.js';
import { TINY_ONNX, tinyModelFlags } from '../test/tiny-model.js';

describe('CLI bad input gets a coded one-line error with a hint', () => {
  it.each([
    ['zero count', ['audit', '--count', '0'], 'BAD_INPUT'],
    ['negative count', ['audit', '--count', '-5'], 'BAD_INPUT'],
    ['absurd count', ['audit', '--count', '99999999999'], 'BAD_INPUT'],
    ['non-numeric count', ['audit', '--count', 'lots'], 'BAD_INPUT'],
    ['zero batch', ['audit', '--batch', '0'], 'BAD_INPUT'],
    ['bad noise param', ['audit', '--noise-param', 'std'], 'BAD_INPUT'],
    ['unknown noise kind', ['audit', '--noise', 'snow'], 'UNKNOWN_NOISE_KIND'],
    ['unknown model id', ['audit', '--model', 'no-such-model'], 'MODEL_NOT_FOUND'],
    ['missing model file', ['audit', '--model', '/nonexistent/model.onnx'], 'MODEL_NOT_FOUND'],
    ['unknown backend', ['audit', '--backend', 'gpu'], 'BAD_INPUT'],
    ['empty model name (explain)', ['explain', '--model', ''], 'BAD_INPUT'],
    ['empty model name (classify)', ['classify', 'x.png', '--model', ' '], 'BAD_INPUT'],
    ['empty model name (fool)', ['fool', '--model', ''], 'BAD_INPUT'],
    ['unknown option', ['audit', '--frobnicate'], 'BAD_INPUT'],
    ['unknown command', ['frobnicate'], 'BAD_INPUT'],
    [
      'unknown preset',
      ['classify', 'x.png', '--model', TINY_ONNX, '--preset', 'no-such-preset'],
      'BAD_PRESET',
    ],
    ['remove unknown model', ['models', 'remove', 'no-such-model'], 'MODEL_NOT_FOUND'],
    ['serve on a port that cannot exist', ['serve', '--port', '70000'], 'BAD_INPUT'],
    [
      'native size with --redis',
      ['audit', '--redis', 'redis://127.0.0.1:1', '--size', 'native'],
      'BAD_INPUT',
    ],
    ['unreachable Redis', ['audit', '--redis', 'redis://127.0.0.1:1', '--count', '10'], 'REDIS_UNAVAILABLE'],
  ])('%s', async (_name, args, code) => {
    expectUserError(await runCli(args), code);
  });

  it.each([
    ['--noise ,', ['--noise', ','], /--noise: empty item in ","/],
    ['a trailing comma', ['--noise', 'gaussian,'], /--noise: empty item in "gaussian,"/],
    ['an empty repeat', ['--noise', 'gaussian', '--noise', ''], /--noise: empty item in "gaussian" ""/],
  ])(
    '%s is an error listing the noise kinds, not a silent seed-wrap audit',
    async (_name, flags, message) => {
      const run = await runCli(['audit', '--model', '/nonexistent/model.onnx', ...flags]);
      expectUserError(run, 'BAD_INPUT');
      expect(run.stderr).toMatch(message);
      expect(run.stderr).toMatch(/hint: use one or more of: seed-wrap, .*gaussian/);
    },
  );

  it('--model , is an error, not the default model', async () => {
    const run = await runCli(['audit', '--model', ',', '--count', '1']);
    expectUserError(run, 'BAD_INPUT');
    expect(run.stderr).toContain('--model: empty item');
  });

  it('a corrupt ONNX file is BAD_MODEL', async () => {
    const home = tempHome();
    const file = join(home, 'broken.onnx');
    writeFileSync(file, 'this is not a protobuf');
    expectUserError(await runCli(['classify', file, '--model', file], { SNOWBLIND_HOME: home }), 'BAD_MODEL');
  });

  it('an unreadable or missing image is a coded error', async () => {
    const home = tempHome();
    const image = join(home, 'not-an-image.png');
    writeFileSync(image, 'garbage');
    const model = tinyModelFlags(home);
    expectUserError(await runCli(['classify', image, ...model], { SNOWBLIND_HOME: home }), 'BAD_IMAGE');
    const missing = join(home, 'missing.png');
    expectUserError(
      await runCli(['classify', missing, ...model], { SNOWBLIND_HOME: home }),
      'FILE_NOT_FOUND',
    );
  });

  it('asking for a native TF.js backend that is not installed says so', async () => {
    // The default model is an embedded TF.js model.
    const run = await runCli(['audit', '--backend', 'tensorflow', '--count', '2']);
    expectUserError(run, 'BACKEND_UNAVAILABLE');
    expect(run.stderr).toMatch(/tfjs-node/);
  });

  it('asking for CUDA without it is DEVICE_UNAVAILABLE', async () => {
    expectUserError(
      await runCli(['audit', '--model', TINY_ONNX, '--device', 'cuda', '--count', '2']),
      'DEVICE_UNAVAILABLE',
    );
  });
});

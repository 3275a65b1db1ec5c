import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { expectUserError, runCli, tempHome } from '../test/run-cli.js';

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
    ['unknown option', ['audit', '--frobnicate'], 'BAD_INPUT'],
    ['unknown command', ['frobnicate'], 'BAD_INPUT'],
    ['unknown preset', ['classify', 'x.png', '--preset', 'no-such-preset'], 'BAD_PRESET'],
    ['remove unknown model', ['models', 'remove', 'no-such-model'], 'MODEL_NOT_FOUND'],
  ])('%s', async (_name, args, code) => {
    expectUserError(await runCli(args), code);
  });

  it('a corrupt ONNX file is BAD_MODEL', async () => {
    const home = tempHome();
    const file = join(home, 'broken.onnx');
    writeFileSync(file, 'this is not a protobuf');
    expectUserError(await runCli(['classify', file, '--model', file], { SNOWBLIND_HOME: home }), 'BAD_MODEL');
  });

  it('an unreadable image is a coded error', async () => {
    const home = tempHome();
    const image = join(home, 'not-an-image.png');
    writeFileSync(image, 'garbage');
    expectUserError(await runCli(['classify', image], { SNOWBLIND_HOME: home }), 'BAD_IMAGE');
    expectUserError(
      await runCli(['classify', join(home, 'missing.png')], { SNOWBLIND_HOME: home }),
      'FILE_NOT_FOUND',
    );
  });

  it('asking for a native TF.js backend that is not installed says so', async () => {
    const run = await runCli(['audit', '--backend', 'tensorflow', '--count', '2']);
    expectUserError(run, 'BACKEND_UNAVAILABLE');
    expect(run.stderr).toMatch(/tfjs-node/);
  });

  it('asking for CUDA without it is DEVICE_UNAVAILABLE', async () => {
    const home = tempHome();
    const file = join(home, 'x.onnx');
    writeFileSync(file, 'x');
    const run = await runCli(['audit', '--model', file, '--device', 'cuda', '--count', '2'], {
      SNOWBLIND_HOME: home,
    });
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/error \[(DEVICE_UNAVAILABLE|BAD_MODEL)\]/);
  });
});

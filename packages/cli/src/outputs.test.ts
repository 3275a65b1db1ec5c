import {
  copyFileSync,
  existsSync,
  linkSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  writeFileSync,
} from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { expectUserError, runCli, tempHome } from '../test/run-cli.js';
import { spawnCli } from '../test/spawn-cli.js';
import { TINY_ONNX, tinyModelFlags, tinyPreset } from '../test/tiny-model.js';
import { memoryIo } from './io.js';
import { checkOutputs, writeThenPrint } from './outputs.js';

/** Writing to /dev/full fails with ENOSPC: a disk that fills up while the work runs. */
const HAS_DEV_FULL = existsSync('/dev/full');
const MISSING_MODEL = '/nonexistent/model.onnx';

describe('output paths are checked before any work', () => {
  // A missing model would fail later with MODEL_NOT_FOUND: BAD_INPUT on the output flag shows the
  // output was checked first, before the model (and the audit) ran.
  it.each([
    [
      'audit -o into a missing folder',
      ['audit', '--model', MISSING_MODEL, '-o', '/missing/dir/r.json'],
      /--out: folder \/missing\/dir does not exist/,
    ],
    [
      'explain -o into a missing folder',
      ['explain', '--model', MISSING_MODEL, '-o', '/missing/dir/h.png'],
      /--out: folder \/missing\/dir does not exist/,
    ],
    [
      'explain --save-attributions into a missing folder',
      ['explain', '--model', MISSING_MODEL, '--save-attributions', '/missing/a.npy'],
      /--save-attributions: folder \/missing does not exist/,
    ],
    [
      'audit -o with an empty path',
      ['audit', '--model', MISSING_MODEL, '-o', ''],
      /--out: the path is empty/,
    ],
  ])('%s', async (_name, args, message) => {
    const run = await runCli(args);
    expectUserError(run, 'BAD_INPUT');
    expect(run.stderr).toMatch(message);
    expect(run.stdout).toBe('');
  });

  it('a folder where a file is expected is refused, with a file name in the hint', async () => {
    const home = tempHome();
    const run = await runCli(['audit', '--model', MISSING_MODEL, '-o', home]);
    expectUserError(run, 'BAD_INPUT');
    expect(run.stderr).toContain(`--out: ${home} is a folder`);
    expect(run.stderr).toContain(`hint: name a file, e.g. --out ${join(home, 'report.json')}`);
  });

  it('an output that is one of the inputs is refused, before it is overwritten', async () => {
    const home = tempHome();
    // A copy: were the check missing, the audit would overwrite the model it was given.
    const model = join(home, 'tiny.onnx');
    copyFileSync(TINY_ONNX, model);
    const flags = ['--model', model, '--preset', tinyPreset(home)];
    const photo = join(home, 'photo.png');
    writeFileSync(photo, 'the only copy');
    const explain = await runCli(['explain', ...flags, '--image', photo, '-o', join(home, '.', 'photo.png')]);
    expectUserError(explain, 'BAD_INPUT');
    expect(explain.stderr).toContain(`is an input of this command (${photo})`);
    const audit = await runCli(['audit', ...flags, '-n', '2', '-o', model]);
    expectUserError(audit, 'BAD_INPUT');
    expect(audit.stderr).toContain(`--out: ${model} is an input of this command`);
    expect(readFileSync(photo, 'utf8')).toBe('the only copy');
    expect(readFileSync(model)).toEqual(readFileSync(TINY_ONNX));
  });

  it('explain refuses the heat map and the attributions in one file', async () => {
    const home = tempHome();
    const path = join(home, 'same');
    const run = await runCli(['explain', '--model', MISSING_MODEL, '-o', path, '--save-attributions', path]);
    expectUserError(run, 'BAD_INPUT');
    expect(run.stderr).toContain('--save-attributions: writes the same file as --out');
  });

  it('fool refuses an output folder that is a file, and one under a file', async () => {
    const home = tempHome();
    const file = join(home, 'file');
    writeFileSync(file, 'x');
    for (const out of [file, join(file, 'sub')]) {
      const run = await runCli(['fool', '--model', MISSING_MODEL, '-o', out]);
      expectUserError(run, 'BAD_INPUT');
      expect(run.stderr).toContain(`--out: ${file} is a file, not a folder`);
    }
  });

  it('as a process, the reported `audit -o /missing/dir/r.json` exits 2 with the message and a hint', async () => {
    const home = tempHome();
    const run = await spawnCli(['audit', '--count', '2', '-o', '/missing/dir/r.json'], { cwd: home, home });
    expectUserError(run, 'BAD_INPUT');
    expect(run.stderr).toContain('hint: create it first (mkdir -p /missing/dir) or write somewhere else');
  }, 60_000);
});

describe.skipIf(!HAS_DEV_FULL)('a write that fails after the work still prints the result', () => {
  it('audit -o on a full disk prints the tables and the JSON report, then WRITE_FAILED', async () => {
    const home = tempHome();
    const run = await runCli(['audit', ...tinyModelFlags(home), '--count', '4', '-q', '-o', '/dev/full']);
    expectUserError(run, 'WRITE_FAILED');
    expect(run.stderr).toContain('could not write --out /dev/full (no space left on the device)');
    expect(run.stderr).toContain('hint: The JSON report was printed to stdout after the tables.');
    const json = run.stdout.slice(run.stdout.indexOf('\n{') + 1);
    expect(JSON.parse(json)).toMatchObject({ runs: [{ count: 4 }] });
  });

  it('audit --json -o on a full disk prints the JSON report once', async () => {
    const home = tempHome();
    const run = await runCli(['audit', ...tinyModelFlags(home), '-n', '3', '--json', '-o', '/dev/full']);
    expectUserError(run, 'WRITE_FAILED');
    expect(JSON.parse(run.stdout)).toMatchObject({ runs: [{ count: 3 }] });
  });

  it('explain on a full disk prints its summary and names both lost files', async () => {
    const home = tempHome();
    const npy = join(home, 'a.npy');
    const run = await runCli(
      [
        'explain',
        ...tinyModelFlags(home),
        '--steps',
        '4',
        '--json',
        '-o',
        '/dev/full',
        '--save-attributions',
        npy,
      ],
      { SNOWBLIND_HOME: home },
    );
    expectUserError(run, 'WRITE_FAILED');
    expect(run.stderr).toContain('could not write --out /dev/full (no space left on the device)');
    expect(JSON.parse(run.stdout)).toMatchObject({ method: 'ig', heatmap: '/dev/full', attributions: npy });
    // The other file is still written.
    expect(readFileSync(npy).subarray(1, 6).toString('latin1')).toBe('NUMPY');
  });
});

describe('writeThenPrint', () => {
  it('prints, then names a folder it could not create and writes nothing into it', async () => {
    const home = tempHome();
    const blocker = join(home, 'file');
    writeFileSync(blocker, 'x');
    const io = memoryIo();
    const folder = join(blocker, 'out');
    const error = await writeThenPrint(
      io,
      [{ flag: '--out', path: join(folder, 'a.json'), data: '{}' }],
      (failed) => `failed=${failed}\n`,
      {
        lost: 'Printed.',
        folder,
      },
    ).catch((e: unknown) => e);
    expect(error).toMatchObject({
      code: 'WRITE_FAILED',
      hint: 'Printed. Free some space or pick another path, and rerun.',
    });
    expect((error as Error).message).toBe(`could not write ${folder} (a parent is not a folder)`);
    expect(io.out()).toBe('failed=true\n');
  });

  it('creates the folder and writes every file when it can', async () => {
    const folder = join(tempHome(), 'a', 'b');
    const io = memoryIo();
    await writeThenPrint(
      io,
      [{ flag: '--out', path: join(folder, 'x.txt'), data: 'hi' }],
      (failed) => `failed=${failed}\n`,
      {
        lost: '',
        folder,
      },
    );
    expect(readdirSync(folder)).toEqual(['x.txt']);
    expect(io.out()).toBe('failed=false\n');
  });

  it('replaces an existing file atomically: a hard link to the old file keeps the old report', async () => {
    const home = tempHome();
    const report = join(home, 'report.json');
    writeFileSync(report, 'old');
    linkSync(report, join(home, 'old.json'));
    await writeThenPrint(memoryIo(), [{ flag: '--out', path: report, data: 'new' }], () => '', { lost: '' });
    // An in-place write (truncate, then write) would have changed both names of the one file.
    expect(readFileSync(report, 'utf8')).toBe('new');
    expect(readFileSync(join(home, 'old.json'), 'utf8')).toBe('old');
    expect(readdirSync(home).sort()).toEqual(['old.json', 'report.json']);
  });

  it('checkOutputs accepts a missing output folder under a writable one and an existing file', async () => {
    const home = tempHome();
    mkdirSync(join(home, 'existing'));
    writeFileSync(join(home, 'old.json'), '{}');
    await expect(
      checkOutputs([
        { flag: '--out', path: join(home, 'new', 'deeper'), kind: 'dir' },
        { flag: '--report', path: join(home, 'old.json') },
        undefined,
      ]),
    ).resolves.toBeUndefined();
  });
});

/**
 * Issue 19 item 5 at the terminal: parallel `snowblind models add` processes all keep their
 * entries, and `--force` never replaces a built-in model.
 */
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { expectUserError, runCli, tempHome } from '../test/run-cli.js';
import { spawnCli } from '../test/spawn-cli.js';
import { TINY_ONNX } from '../test/tiny-model.js';

/** The tiny model's 8×8 preset, written into `home`. */
function tinyPreset(home: string): string {
  const preset = join(home, 'tiny-preset.json');
  writeFileSync(preset, JSON.stringify({ base: 'torchvision', resize: 8, crop: [8, 8] }));
  return preset;
}

describe('snowblind models add', () => {
  it('8 processes adding at once keep all 8 entries', { timeout: 180_000 }, async () => {
    const home = tempHome();
    const preset = tinyPreset(home);
    const ids = Array.from({ length: 8 }, (_, i) => `proc-${i}`);
    const runs = await Promise.all(
      ids.map((id) =>
        spawnCli(['models', 'add', TINY_ONNX, '--id', id, '--preset', preset], { cwd: home, home }),
      ),
    );
    for (const run of runs) expect(run.code, run.stderr).toBe(0);
    const stored = JSON.parse(readFileSync(join(home, 'registry.json'), 'utf8'));
    expect(stored.models.map((e: { id: string }) => e.id).sort()).toEqual([...ids].sort());
    // No lock folder or temporary file is left behind.
    expect(
      readdirSync(home)
        .filter((n) => n.startsWith('registry.json'))
        .sort(),
    ).toEqual(['registry.json']);
  });

  it('--force on a built-in id is REGISTRY_ERROR (exit 2) and leaves the registry alone', {
    timeout: 60_000,
  }, async () => {
    const home = tempHome();
    const list = await spawnCli(['models', '--json'], { cwd: home, home });
    const builtin = JSON.parse(list.stdout).find((e: { source: string }) => e.source === 'builtin');
    expect(builtin, 'the repository has built-in models').toBeDefined();
    const run = await spawnCli(
      ['models', 'add', TINY_ONNX, '--id', builtin.id, '--preset', tinyPreset(home), '--force'],
      { cwd: home, home },
    );
    expectUserError(run, 'REGISTRY_ERROR');
    expect(run.stderr).toMatch(/built-in/);
    expect(run.stderr).toMatch(/another id/);
    expect(readdirSync(home).filter((n) => n.startsWith('registry.json'))).toEqual([]);
  });
});

describe('snowblind models list', () => {
  it('--json after list prints JSON, like models --json', async () => {
    const home = tempHome();
    const [list, bare] = await Promise.all([
      runCli(['models', 'list', '--json'], { SNOWBLIND_HOME: home }),
      runCli(['models', '--json'], { SNOWBLIND_HOME: home }),
    ]);
    expect(list.code).toBe(0);
    expect(JSON.parse(list.stdout)).toEqual(JSON.parse(bare.stdout));
  });
});

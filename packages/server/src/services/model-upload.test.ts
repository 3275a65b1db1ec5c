import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempDir } from '../../test/helpers.js';
import { saveModelUpload } from './uploads.js';

const notAZip = new TextEncoder().encode('not a zip archive at all');

describe('saveModelUpload', () => {
  it('refuses a file named .zip that is not a zip archive, naming it, and writes nothing', async () => {
    const dir = join(tempDir(), 'upload');
    await expect(saveModelUpload(notAZip, dir, 'mobilenet.zip')).rejects.toMatchObject({
      message: 'mobilenet.zip is not a zip archive',
      extensions: { code: 'BAD_MODEL' },
    });
    expect(existsSync(dir)).toBe(false);
  });

  it('stores any other non-zip upload as model.onnx, for the registry to check', async () => {
    const dir = join(tempDir(), 'upload');
    const file = await saveModelUpload(notAZip, dir, 'model.onnx');
    expect(file).toBe(join(dir, 'model.onnx'));
    expect(readFileSync(file)).toEqual(Buffer.from(notAZip));
  });
});

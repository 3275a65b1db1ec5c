import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { missingTestDependency, ZOO, zooMissing, zooPath } from '@snowblind/test-utils';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { runCli } from '../test/run-cli.js';

/** The built-in ImageNet model (models/squeezenet1.1): no --preset, no --labels. */
const BUILTIN = ['--model', 'squeezenet1.1'];

interface ClassifyJson {
  model: string;
  preset: string;
  backend: string;
  results: { image: string; top: { classIndex: number; label: string; probability: number }[] }[];
}

async function classify(images: readonly string[]): Promise<ClassifyJson> {
  const run = await runCli(['classify', ...images, ...BUILTIN, '--top', '5', '--json']);
  expect(run.stderr).toBe('');
  expect(run.code).toBe(0);
  return JSON.parse(run.stdout) as ClassifyJson;
}

/** Class indices of the first `within` labels of one result. */
function firstClasses(result: ClassifyJson['results'][number], within: number): number[] {
  return result.top.slice(0, within).map((t) => t.classIndex);
}

describe('the built-in ImageNet model squeezenet1.1', () => {
  const dir = mkdtempSync(join(tmpdir(), 'snowblind-photos-'));

  it('`snowblind models` lists it as a built-in ONNX model with the caffe-bgr preset', async () => {
    const run = await runCli(['models']);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(
      /^squeezenet1\.1\s+builtin\s+onnx\s+caffe-bgr\s+\S+squeezenet1\.1-fp16\.onnx$/m,
    );
  });

  it('classifies a gray 300×200 PNG with its own preset and labels: 549 envelope, p≈0.099', async () => {
    // Any resize and crop of a constant image is constant, so this checks preset and labels
    // without a photo: zoo.test.ts in core measured 549 (p≈0.099) for gray 128 with caffe-bgr.
    const gray = join(dir, 'gray.png');
    await sharp({ create: { width: 300, height: 200, channels: 3, background: { r: 128, g: 128, b: 128 } } })
      .png()
      .toFile(gray);
    const json = await classify([gray]);
    expect(json).toMatchObject({ model: 'squeezenet1.1', preset: 'caffe-bgr', backend: 'onnx' });
    const top = json.results[0]!.top[0]!;
    expect(top).toMatchObject({ classIndex: 549, label: 'envelope' });
    expect(top.probability).toBeCloseTo(0.099, 3);
  });

  it('prints text with ImageNet names when no flag but --model is given', async () => {
    const gray = join(dir, 'gray-text.png');
    await sharp({ create: { width: 64, height: 64, channels: 3, background: { r: 128, g: 128, b: 128 } } })
      .png()
      .toFile(gray);
    const run = await runCli(['classify', gray, ...BUILTIN]);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^model squeezenet1\.1 · preset caffe-bgr · backend onnx$/m);
    expect(run.stdout).toMatch(/ 1\. 0\.099\d {2}envelope \(549\)/);
  });

  const noZoo = missingTestDependency(ZOO, zooMissing);
  describe.skipIf(noZoo)('on the zoo photos and photos made from them', () => {
    it('kitten and dog first, tench in the top 3 (the numbers in models/squeezenet1.1/README.md)', async () => {
      const json = await classify(
        ['images/kitten_224.png', 'images/dog.jpg', 'images/fish.png'].map(zooPath),
      );
      const [kitten, dog, fish] = json.results;
      expect(firstClasses(kitten!, 1)).toEqual([281]);
      expect(kitten!.top[0]!.probability).toBeCloseTo(0.905, 3);
      expect(firstClasses(dog!, 1)).toEqual([207]);
      expect(dog!.top[0]!.probability).toBeCloseTo(0.994, 3);
      expect(firstClasses(fish!, 3)).toContain(0);
    });

    it('photos re-shot as a user would: 4:3 progressive JPEG, mirrored WebP, padded JPEG', async () => {
      const made = {
        dog: join(dir, 'dog-4x3.jpg'),
        kitten: join(dir, 'kitten-mirrored.webp'),
        fish: join(dir, 'fish-padded.jpg'),
      };
      await sharp(zooPath('images/dog.jpg'))
        .resize(1200, 900, { fit: 'contain', background: { r: 240, g: 236, b: 228 } })
        .jpeg({ quality: 80, progressive: true })
        .toFile(made.dog);
      await sharp(zooPath('images/kitten_224.png'))
        .removeAlpha()
        .flop()
        .resize(500, 375, { fit: 'cover' })
        .webp({ quality: 85 })
        .toFile(made.kitten);
      await sharp(zooPath('images/fish.png'))
        .extend({ top: 40, bottom: 40, background: '#ffffff' })
        .jpeg()
        .toFile(made.fish);
      const [dog, kitten, fish] = (await classify([made.dog, made.kitten, made.fish])).results;
      expect(firstClasses(dog!, 1)).toEqual([207]);
      // Mirrored and cropped, the kitten is an "Egyptian cat" (285) before a tabby (281): both cats.
      expect(firstClasses(kitten!, 2).sort()).toEqual([281, 285]);
      expect(firstClasses(fish!, 3)).toContain(0);
    });

    it('a phone-style photo stored sideways with an EXIF orientation tag is classified upright', async () => {
      const sideways = join(dir, 'dog-exif-8.jpg');
      // Pixels turned 90° clockwise, tagged 8 ("turn 90° counter-clockwise to view").
      await sharp(zooPath('images/dog.jpg'))
        .rotate(90)
        .withMetadata({ orientation: 8 })
        .jpeg()
        .toFile(sideways);
      const [dog] = (await classify([sideways])).results;
      expect(firstClasses(dog!, 1)).toEqual([207]);
      expect(dog!.top[0]!.probability).toBeGreaterThan(0.99);
    });
  });
});

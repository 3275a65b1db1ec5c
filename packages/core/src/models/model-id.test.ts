import { describe, expect, it } from 'vitest';
import { modelIdFromPath } from './model-id.js';
import { MODEL_ID_PATTERN } from './registry-schema.js';

describe('modelIdFromPath', () => {
  it.each([
    ['models/resnet18.onnx', 'resnet18'],
    ['/zoo/squeezenet1.1-fp16/SqueezeNet_fp16.onnx', 'SqueezeNet_fp16'],
    ['/zoo/mobilenet-v1-0.75-tfjs/model.json', 'mobilenet-v1-0.75-tfjs'],
    ['/zoo/mobilenet-v1-0.75-tfjs/', 'mobilenet-v1-0.75-tfjs'],
    ['./my model (v2).onnx', 'my-model-v2-'],
    ['/.../___.onnx', 'model'],
  ])('%s → %s', (path, id) => {
    expect(modelIdFromPath(path)).toBe(id);
    expect(MODEL_ID_PATTERN.test(modelIdFromPath(path))).toBe(true);
  });
});

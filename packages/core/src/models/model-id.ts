import { basename, dirname, extname } from 'node:path';

/** Extensions dropped from a model file name (a folder keeps its dots: `mobilenet-v1-0.75`). */
const MODEL_EXTENSIONS = new Set(['.onnx', '.ort', '.json']);

/**
 * A short id for a model given by path, as reports and tables show it:
 * `models/resnet18.onnx` → `resnet18`; `zoo/mobilenet/model.json` or `zoo/mobilenet/` →
 * `mobilenet`. Characters outside `[A-Za-z0-9._-]` become `-`.
 */
export function modelIdFromPath(path: string): string {
  const trimmed = path.replace(/[/\\]+$/, '');
  const file = basename(trimmed);
  const ext = extname(file).toLowerCase();
  let stem = file;
  if (file === 'model.json') stem = basename(dirname(trimmed));
  else if (MODEL_EXTENSIONS.has(ext)) stem = file.slice(0, -ext.length);
  return stem.replace(/[^A-Za-z0-9._-]+/g, '-').replace(/^[^A-Za-z0-9]+/, '') || 'model';
}

import { readFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { SnowblindError } from '../errors.js';
import { parseOnnxModel, serializeOnnxModel } from '../onnx/index.js';
import { onnxHasExternalData } from './onnx-graph.js';

/**
 * The bytes of an `.onnx` file, ready for onnxruntime. A model saved with external data has it
 * inlined here, read only from inside the model's folder (symlinks followed): onnxruntime,
 * given bytes, would resolve those files against the process's working directory instead.
 *
 * @throws SnowblindError `FILE_NOT_FOUND` for an unreadable file, `PATH_OUTSIDE_ROOT` for an
 * external data path that leaves the model's folder, `BAD_MODEL` for external data snowblind
 * cannot inline (sparse, function or training tensors).
 */
export async function readOnnxFile(file: string): Promise<Uint8Array> {
  let bytes: Uint8Array;
  try {
    bytes = await readFile(file);
  } catch (error) {
    throw new SnowblindError('FILE_NOT_FOUND', `cannot read ONNX model ${file}`, {
      hint: 'check the path, or list registered models with `snowblind models list`',
      cause: error,
    });
  }
  if (!onnxHasExternalData(bytes)) return bytes;
  const inlined = serializeOnnxModel(parseOnnxModel(bytes, { baseDir: dirname(file) }));
  if (onnxHasExternalData(inlined)) {
    throw new SnowblindError(
      'BAD_MODEL',
      'the model keeps sparse, function or training tensors in external data files',
      {
        hint: 're-save it with all tensors inside the .onnx file (onnx.save_model(..., save_as_external_data=False))',
      },
    );
  }
  return inlined;
}

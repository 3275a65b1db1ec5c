import type * as TF from '@tensorflow/tfjs';
import type { OnnxModel } from '../../onnx/types.js';
import { unconverted } from '../unconverted.js';

/** Convert a LayersModel (Keras topology + weights) to ONNX. */
export function convertLayersModel(_artifacts: TF.io.ModelArtifacts): OnnxModel {
  throw unconverted('LayersModel (no layer rules yet)');
}

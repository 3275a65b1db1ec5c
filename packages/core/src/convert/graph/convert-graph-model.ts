import type * as TF from '@tensorflow/tfjs';
import type { OnnxModel } from '../../onnx/types.js';
import { unconverted } from '../unconverted.js';

/** Convert a GraphModel (tfjs-converter GraphDef + weights) to ONNX. */
export function convertGraphModel(_artifacts: TF.io.ModelArtifacts): OnnxModel {
  throw unconverted('GraphModel (no op rules yet)');
}

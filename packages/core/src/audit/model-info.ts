import type { Classifier } from '../models/types.js';
import type { AuditModelInfo } from './audit-types.js';

/** What a report (audit run, fool result, server job) says about `model`. */
export function auditModelInfo(model: Classifier): AuditModelInfo {
  return {
    id: model.id,
    format: model.format,
    backend: model.backend,
    engine: model.backend === 'onnx' ? 'onnx' : 'tfjs',
    ...(model.fallback === undefined ? {} : { fallback: model.fallback }),
    preset: model.preset.name,
    outputKind: model.outputKind,
    numClasses: model.numClasses,
  };
}

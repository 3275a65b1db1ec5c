import { fileURLToPath } from 'node:url';

/**
 * Core's tiny ONNX classifier (a conv net on 3×8×8, dynamic batch, 5 logits) written by
 * tools/fixtures/onnx_tiny.py, for the faces' uploads, registrations and CLI runs.
 */
export const TINY_ONNX = fileURLToPath(new URL('../../core/test/fixtures/models/tiny.onnx', import.meta.url));

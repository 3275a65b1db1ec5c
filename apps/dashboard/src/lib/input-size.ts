import { imageSizeOf } from './first-audit.js';

/** Dimensions joined with ×, an unknown one as ?; a dash for none. */
export const dimsText = (xs: readonly (number | null)[] | null) =>
  xs ? xs.map((x) => x ?? '?').join(' × ') : '—';

/**
 * A model's input in one order for every model, height × width × channels (the registry gives
 * HWC, an ONNX file CHW with a batch dimension); the shape as declared when it is read otherwise.
 */
export function inputSizeText(shape: readonly (number | null)[] | null): string {
  const size = imageSizeOf(shape);
  if (!size) return dimsText(shape);
  const hwc = `${size.height} × ${size.width} × ${size.channels} (height × width × channels)`;
  const declared = dimsText(shape);
  return declared === dimsText([size.height, size.width, size.channels])
    ? hwc
    : `${hwc}; declared ${declared}`;
}

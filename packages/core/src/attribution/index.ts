export {
  APPROXIMATION_METHODS,
  type ApproximationMethod,
  type ApproximationParameters,
  approximationParameters,
} from './approximation-methods.js';
export { type Baseline, DEFAULT_BLUR_SIGMA, gaussianKernel, resolveBaseline } from './baselines.js';
export { checkInteger } from './batch.js';
export {
  BLUES,
  type Color,
  type Colormap,
  type ColorStop,
  colorAt,
  colormapFromStops,
  GRAY,
  GREENS,
  RED_WHITE_GREEN,
  REDS,
} from './colormaps.js';
export { type GaussLegendre, gaussLegendre } from './gauss-legendre.js';
export { type InputXGradientOptions, inputXGradient } from './input-x-gradient.js';
export {
  type IntegratedGradientsOptions,
  type IntegratedGradientsResult,
  integratedGradients,
} from './integrated-gradients.js';
export {
  DEFAULT_MEMORY_BUDGET,
  isOutOfMemory,
  rowsWithinBudget,
  splitGradientCalls,
} from './memory-budget.js';
export {
  NOISE_TUNNEL_TYPES,
  type NoiseTunnelOptions,
  type NoiseTunnelType,
  noiseTunnel,
} from './noise-tunnel.js';
export { toNpy } from './npy.js';
export { type OcclusionOptions, occlusion, occlusionWindowStarts } from './occlusion.js';
export { legibleScale, type Panel, type RenderPanelsOptions, renderPanels, renderPng } from './panels.js';
export { normalStream, uniformStream } from './random.js';
export { type SaliencyOptions, saliency } from './saliency.js';
export { type TfjsDifferentiable, tfjsGradientModel } from './tfjs-gradient-model.js';
export {
  channelSum,
  cumulativeSumThreshold,
  type NormalizedMap,
  normalizeAttribution,
  VISUALIZE_SIGNS,
  type VisualizeSign,
} from './threshold.js';
export type {
  AttributionMethod,
  ForwardModel,
  GradientModel,
  GradientResult,
  ProgressCallback,
  Target,
} from './types.js';
export {
  type AttributionImage,
  VISUALIZE_METHODS,
  type VisualizeMethod,
  type VisualizeOptions,
  visualizeImageAttr,
} from './visualize.js';

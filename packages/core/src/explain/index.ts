/**
 * explain — why a classifier gives an image its label: preprocess, predict, pick the target
 * (top-1 unless given) and run one attribution method (IG, saliency, input × gradient, the noise
 * tunnels, occlusion) on the model's gradients or forward passes.
 * @packageDocumentation
 */
export {
  EXPLAIN_METHODS,
  type ExplainMethod,
  type ExplainOptions,
  type Explanation,
  explain,
  type OcclusionPlan,
  occlusionPlan,
} from './explain.js';

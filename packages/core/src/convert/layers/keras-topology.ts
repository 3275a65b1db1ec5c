/**
 * Keras topologies as TF.js stores them, normalised to one graph form: Sequential and Functional
 * models, in the old Keras 2.1 `model_config` wrapper (the zoo MobileNet) or the tfjs 4.x
 * `model.save()` form, with nested models kept as layers that hold their own graph.
 */
import { SnowblindError } from '../../errors.js';
import { unconverted } from '../unconverted.js';

/** A Keras layer config: snake_case keys as written in `model.json`. */
export type LayerConfig = Readonly<Record<string, unknown>>;

/** One tensor a layer call produced: `[layer, nodeIndex, tensorIndex]` in Keras terms. */
export interface TensorRef {
  readonly layer: string;
  readonly node: number;
  readonly tensor: number;
}

/** A layer and the calls made to it inside its model (Keras "inbound nodes"). */
export interface KerasLayer {
  readonly name: string;
  readonly className: string;
  readonly config: LayerConfig;
  /** For each call of the layer, the tensors it was called on. */
  readonly calls: readonly (readonly TensorRef[])[];
  /** Set when the layer is itself a model (Sequential or Functional). */
  readonly nested?: KerasGraph;
}

/** A model's layers in file order with its input and output tensors. */
export interface KerasGraph {
  readonly name: string;
  readonly layers: readonly KerasLayer[];
  readonly inputs: readonly TensorRef[];
  readonly outputs: readonly TensorRef[];
  /** Shape of each input without the batch dim, from `batch_input_shape` (`null` = any). */
  readonly inputShapes: readonly (readonly (number | null)[])[];
}

const MODEL_CLASSES = new Set(['Sequential', 'Model', 'Functional']);

/** Parse the `modelTopology` of a LayersModel `model.json`. */
export function parseKerasTopology(topology: unknown): KerasGraph {
  const root = asRecord(topology, 'modelTopology');
  const model = root['model_config'] === undefined ? root : asRecord(root['model_config'], 'model_config');
  return parseModel(String(model['class_name']), model['config'], 'model');
}

function parseModel(className: string, config: unknown, fallbackName: string): KerasGraph {
  if (className === 'Sequential') return parseSequential(config, fallbackName);
  if (className === 'Model' || className === 'Functional') return parseFunctional(config, fallbackName);
  throw bad(`the top-level class is ${className}, not Sequential or a functional Model`);
}

function parseSequential(config: unknown, fallbackName: string): KerasGraph {
  // Keras 2.1 writes the layer list itself; later versions write `{ name, layers }`.
  const layerList = Array.isArray(config) ? config : asRecord(config, 'config')['layers'];
  const name = Array.isArray(config)
    ? fallbackName
    : String(asRecord(config, 'config')['name'] ?? fallbackName);
  if (!Array.isArray(layerList) || layerList.length === 0)
    throw bad(`Sequential model ${name} has no layers`);
  const layers: KerasLayer[] = [];
  let previous: TensorRef | undefined;
  let inputShape: (number | null)[] | undefined;
  for (const raw of layerList) {
    const spec = asRecord(raw, 'layer');
    const className = String(spec['class_name']);
    const cfg = asRecord(spec['config'], 'layer config');
    const layerName = String(cfg['name'] ?? spec['name'] ?? `${name}_layer${layers.length}`);
    inputShape ??= batchInputShape(cfg);
    if (previous === undefined) {
      if (inputShape === undefined) throw bad(`the first layer of ${name} declares no input shape`);
      if (className === 'InputLayer') {
        layers.push({ name: layerName, className, config: cfg, calls: [] });
        previous = { layer: layerName, node: 0, tensor: 0 };
        continue;
      }
      // No InputLayer in the file: the first layer's batch_input_shape defines one.
      const inputName = `${name}_input`;
      layers.push({ name: inputName, className: 'InputLayer', config: {}, calls: [] });
      previous = { layer: inputName, node: 0, tensor: 0 };
    }
    layers.push(layerOf(layerName, className, cfg, [[previous]]));
    previous = { layer: layerName, node: 0, tensor: 0 };
  }
  return {
    name,
    layers,
    inputs: [{ layer: layers[0]!.name, node: 0, tensor: 0 }],
    outputs: [previous!],
    inputShapes: [inputShape!],
  };
}

function parseFunctional(config: unknown, fallbackName: string): KerasGraph {
  const cfg = asRecord(config, 'config');
  const name = String(cfg['name'] ?? fallbackName);
  const rawLayers = cfg['layers'];
  if (!Array.isArray(rawLayers)) throw bad(`model ${name} has no layer list`);
  const layers = rawLayers.map((raw): KerasLayer => {
    const spec = asRecord(raw, 'layer');
    const layerCfg = asRecord(spec['config'], 'layer config');
    const layerName = String(spec['name'] ?? layerCfg['name']);
    const calls = (Array.isArray(spec['inbound_nodes']) ? spec['inbound_nodes'] : []).map(parseCall);
    return layerOf(layerName, String(spec['class_name']), layerCfg, calls);
  });
  const inputs = refList(cfg['input_layers'], 'input_layers');
  const inputShapes = inputs.map((ref) => {
    const layer = layers.find((l) => l.name === ref.layer);
    const shape = layer && batchInputShape(layer.config);
    if (!shape) throw bad(`input layer ${ref.layer} declares no input shape`);
    return shape;
  });
  return { name, layers, inputs, outputs: refList(cfg['output_layers'], 'output_layers'), inputShapes };
}

function layerOf(name: string, className: string, config: LayerConfig, calls: TensorRef[][]): KerasLayer {
  if (!MODEL_CLASSES.has(className)) return { name, className, config, calls };
  return { name, className, config, calls, nested: parseModel(className, config, name) };
}

/** One inbound node: tfjs/Keras 2 list form `[[name, node, tensor, kwargs], …]` or Keras 3 `{args}`. */
function parseCall(node: unknown): TensorRef[] {
  if (Array.isArray(node)) return node.map((entry) => refOf(entry, 'inbound node'));
  const args = asRecord(node, 'inbound node')['args'];
  if (!Array.isArray(args)) throw bad('an inbound node has neither a tensor list nor args');
  return args.flat().map((arg) => {
    const history = asRecord(asRecord(arg, 'inbound argument')['config'], 'keras tensor')['keras_history'];
    return refOf(history, 'keras_history');
  });
}

function refList(value: unknown, what: string): TensorRef[] {
  if (!Array.isArray(value) || value.length === 0) throw bad(`${what} is missing`);
  // A single output may be written as one flat ref instead of a list of refs.
  return typeof value[0] === 'string' ? [refOf(value, what)] : value.map((v) => refOf(v, what));
}

function refOf(value: unknown, what: string): TensorRef {
  if (!Array.isArray(value) || typeof value[0] !== 'string')
    throw bad(`${what} holds ${JSON.stringify(value)}`);
  return { layer: value[0], node: Number(value[1] ?? 0), tensor: Number(value[2] ?? 0) };
}

/** `batch_input_shape` (Keras 2, tfjs) or `batch_shape` (Keras 3) without the batch dim. */
function batchInputShape(config: LayerConfig): (number | null)[] | undefined {
  const shape = config['batch_input_shape'] ?? config['batch_shape'];
  if (!Array.isArray(shape)) return undefined;
  return shape.slice(1).map((d) => (typeof d === 'number' && d >= 0 ? d : null));
}

function asRecord(value: unknown, what: string): Record<string, unknown> {
  if (value === null || typeof value !== 'object') throw bad(`${what} is not an object`);
  return value as Record<string, unknown>;
}

function bad(why: string): SnowblindError {
  return new SnowblindError('BAD_MODEL', `the LayersModel topology cannot be read: ${why}`, {
    hint: 'check that model.json is the one tfjs-converter or model.save() wrote',
  });
}

/** The model must be an image classifier: one input, one output. */
export function checkSingleInputOutput(graph: KerasGraph): void {
  if (graph.inputs.length !== 1) throw unconverted(`model "${graph.name}" (${graph.inputs.length} inputs)`);
  if (graph.outputs.length !== 1)
    throw unconverted(`model "${graph.name}" (${graph.outputs.length} outputs)`);
}

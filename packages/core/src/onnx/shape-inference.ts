/**
 * Static shape inference, just enough for the backward rules: element types, ranks, dimension
 * sizes (`null` when unknown, typically the batch), and the values of the small integer tensors
 * exporters compute shapes with (Shape → Gather → Unsqueeze → Concat → Reshape), so a Reshape's
 * target is known even when it is built at run time from a symbolic batch size.
 *
 * Dynamic input dims (the batch) are handled by inferring twice with two different concrete sizes
 * substituted and keeping what agrees: every integer subgraph an exporter builds (Shape → Gather →
 * Mul/Div/Mod → Concat → Reshape/Expand, Where/Equal/ConstantOfShape, Range) is then evaluated with
 * plain numbers, and only what really depends on the batch ends up unknown.
 *
 * Runs on a graph already upgraded to opset ≥ 13 (axes and pads are inputs, not attributes).
 */
import { attr, attrFloat, attrInt, attrInts, attrString } from './attributes.js';
import { einsumSizes, expandOutput, parseEinsum } from './einsum-equation.js';
import { windowGeometry } from './geometry.js';
import { resizeOutputDims } from './resize-geometry.js';
import {
  castValues,
  elementwiseValues,
  expandValues,
  filledInfo,
  isElementwiseValueOp,
  isIntegral,
  MAX_TRACKED_VALUES,
  pickValues,
  rangeInfo,
  sliceRange,
  valuesOf,
  withValues,
} from './shape-values.js';
import { elementCount, isFloatType, tensorToFloat32, tensorToNumbers } from './tensor-data.js';
import { ONNX_DATA_TYPE as DT, type OnnxGraph, type OnnxNode, type OnnxTensor } from './types.js';

/** A dimension size, `null` when not known statically. */
export type Dim = number | null;

/** What is known about one tensor. */
export interface ValueInfo {
  dtype: number;
  /** Shape, `undefined` when even the rank is unknown. */
  dims: Dim[] | undefined;
  /** Element values of small integer tensors (shape arithmetic), `null` where unknown. */
  value?: (number | null)[];
  /** Element values of small float constants (Resize scales), kept apart from `value` so float
   * constants never enter the integer shape arithmetic. */
  floats?: number[];
}

/** Two sizes stood in for each dynamic input dim; what differs between the runs depends on it. */
const PROBE_SIZES = [5, 7] as const;

/** Infer what can be known about every tensor of `graph`. */
export function inferShapes(graph: OnnxGraph): Map<string, ValueInfo> {
  const dynamic = (graph.input ?? []).some((i) =>
    i.type?.tensorType?.shape?.dim?.some((d) => !(d.dimValue !== undefined && d.dimValue > 0)),
  );
  if (!dynamic) return inferWith(graph);
  let probes: Map<string, ValueInfo>[];
  try {
    probes = PROBE_SIZES.map((size) => inferWith(graph, size));
  } catch {
    // A probe size some op cannot take (e.g. a dynamic image side smaller than a kernel).
    return inferWith(graph);
  }
  const [a, b] = probes;
  const merged = new Map<string, ValueInfo>();
  for (const [name, info] of a!) merged.set(name, agree(info, b!.get(name)));
  // Graph inputs keep their own unknown dims (not a probe size that happened to agree).
  for (const [name, info] of inferWith(graph, undefined, true)) merged.set(name, info);
  return merged;
}

/** What two probe runs agree on: dims and values that differ are unknown. */
function agree(a: ValueInfo, b: ValueInfo | undefined): ValueInfo {
  const same = <T>(x: T[] | undefined, y: T[] | undefined): (T | null)[] | undefined =>
    x && y && x.length === y.length ? x.map((v, i) => (v === y[i] ? v : null)) : undefined;
  const info: ValueInfo = { dtype: a.dtype, dims: same(a.dims, b?.dims) };
  const value = same(a.value, b?.value);
  if (value) info.value = value;
  const floats = same(a.floats, b?.floats);
  if (floats?.every((v) => v !== null)) info.floats = floats as number[];
  return info;
}

/**
 * One inference pass; dynamic input dims are `probe` when given, else unknown. `inputsOnly`
 * stops after the graph inputs.
 */
function inferWith(graph: OnnxGraph, probe?: number, inputsOnly = false): Map<string, ValueInfo> {
  const infos = new Map<string, ValueInfo>();
  for (const input of graph.input ?? []) {
    const t = input.type?.tensorType;
    if (!t) continue;
    const dims = t.shape?.dim?.map((d) =>
      d.dimValue !== undefined && d.dimValue > 0 ? d.dimValue : (probe ?? null),
    );
    infos.set(input.name, { dtype: t.elemType ?? DT.FLOAT, dims });
  }
  if (inputsOnly) return infos;
  for (const tensor of graph.initializer ?? []) infos.set(tensor.name ?? '', tensorInfo(tensor));
  for (const node of graph.node ?? []) {
    const outputs = inferNode(node, (name) => (name ? infos.get(name) : undefined));
    (node.output ?? []).forEach((name, i) => {
      const info = outputs[i];
      if (name && info) infos.set(name, info);
    });
  }
  return infos;
}

/** What is known about a constant tensor (values kept when it is small and integral). */
export function tensorInfo(tensor: OnnxTensor): ValueInfo {
  const info: ValueInfo = { dtype: tensor.dataType, dims: [...(tensor.dims ?? [])] };
  if (isIntegral(tensor.dataType) && elementCount(tensor) <= MAX_TRACKED_VALUES)
    info.value = tensorToNumbers(tensor);
  else if (isFloatType(tensor.dataType) && elementCount(tensor) <= MAX_TRACKED_VALUES)
    info.floats = Array.from(tensorToFloat32(tensor));
  return info;
}

type Lookup = (name: string | undefined) => ValueInfo | undefined;

const SAME_SHAPE = new Set([
  'Relu', 'LeakyRelu', 'Sigmoid', 'HardSigmoid', 'HardSwish', 'Clip', 'Identity', 'Dropout', 'Neg',
  'Exp', 'Log', 'Sqrt', 'Tanh', 'Abs', 'Erf', 'Softmax', 'LogSoftmax', 'LRN', 'BatchNormalization',
  'Floor', 'Ceil', 'Reciprocal', 'Elu', 'Selu', 'PRelu', 'Not', 'Gelu', 'Mish', 'Softplus',
  'InstanceNormalization', 'LayerNormalization', 'Sin', 'Cos', 'Sign', 'Round', 'IsNaN', 'Softsign',
  'Celu', 'GroupNormalization', 'CumSum', 'ThresholdedRelu', 'Shrink', 'Hardmax', 'IsInf',
  'ScatterND', 'ScatterElements', 'LpNormalization', 'Trilu',
]); // biome-ignore format: a list

const BROADCAST = new Set([
  'Add', 'Sub', 'Mul', 'Div', 'Pow', 'Equal', 'Greater', 'Less', 'GreaterOrEqual', 'LessOrEqual',
  'Where', 'Max', 'Min', 'Sum', 'Mean', 'And', 'Or', 'Xor', 'Mod',
]); // biome-ignore format: a list

const COMPARISON = new Set([
  'Equal', 'Greater', 'Less', 'GreaterOrEqual', 'LessOrEqual', 'And', 'Or', 'Xor', 'Not', 'IsNaN', 'IsInf',
]); // biome-ignore format: a list

function inferNode(node: OnnxNode, get: Lookup): (ValueInfo | undefined)[] {
  const inputs = node.input ?? [];
  const x = get(inputs[0]);
  const op = node.opType;
  if (node.domain && node.domain !== 'ai.onnx') return [];
  if (SAME_SHAPE.has(op)) {
    if (!x) return [];
    const dtype = COMPARISON.has(op) ? DT.BOOL : x.dtype;
    const out = withValues({ dtype, dims: x.dims }, elementwiseValues(node, [x], x.dims, dtype));
    return op === 'Dropout' ? [out, { dtype: DT.BOOL, dims: x.dims }] : [out];
  }
  if (BROADCAST.has(op)) return [broadcastNode(node, inputs.map(get))];
  switch (op) {
    case 'Cast': {
      if (!x) return [];
      const to = attrInt(node, 'to', DT.FLOAT);
      const values = valuesOf(x);
      return [withValues({ dtype: to, dims: x.dims }, values && castValues(values, to))];
    }
    case 'Constant':
      return [constantInfo(node)];
    case 'Conv': {
      const w = get(inputs[1]);
      if (!x?.dims || !w?.dims) return [{ dtype: x?.dtype ?? DT.FLOAT, dims: undefined }];
      return [
        { dtype: x.dtype, dims: [x.dims[0]!, w.dims[0]!, ...spatialOut(node, x.dims, w.dims.slice(2))] },
      ];
    }
    case 'MaxPool':
    case 'AveragePool':
    case 'LpPool': {
      if (!x?.dims) return [];
      const kernel = attrInts(node, 'kernel_shape') ?? [];
      const dims = [x.dims[0]!, x.dims[1]!, ...spatialOut(node, x.dims, kernel)];
      return [
        { dtype: x.dtype, dims },
        { dtype: DT.INT64, dims },
      ];
    }
    case 'GlobalAveragePool':
    case 'GlobalMaxPool':
      return x?.dims
        ? [{ dtype: x.dtype, dims: [x.dims[0]!, x.dims[1]!, ...x.dims.slice(2).map(() => 1)] }]
        : [];
    case 'Gemm': {
      const b = get(inputs[1]);
      if (!x?.dims || !b?.dims) return [{ dtype: x?.dtype ?? DT.FLOAT, dims: [null, null] }];
      const m = attrInt(node, 'transA', 0) ? x.dims[1]! : x.dims[0]!;
      const n = attrInt(node, 'transB', 0) ? b.dims[0]! : b.dims[1]!;
      return [{ dtype: x.dtype, dims: [m, n] }];
    }
    case 'MatMul':
      return [matMulInfo(x, get(inputs[1]))];
    case 'Flatten': {
      if (!x?.dims) return [{ dtype: x?.dtype ?? DT.FLOAT, dims: [null, null] }];
      let axis = attrInt(node, 'axis', 1);
      if (axis < 0) axis += x.dims.length;
      return [{ dtype: x.dtype, dims: [product(x.dims.slice(0, axis)), product(x.dims.slice(axis))] }];
    }
    case 'Reshape':
      return [reshapeInfo(node, x, get(inputs[1]))];
    case 'Transpose': {
      if (!x?.dims) return [];
      const perm = attrInts(node, 'perm') ?? x.dims.map((_, i) => x.dims!.length - 1 - i);
      const dims = perm.map((p) => x.dims![p]!);
      const values = pickValues(x.value, x.dims, dims, (c) => {
        const s = new Array<number>(c.length);
        perm.forEach((p, i) => {
          s[p] = c[i]!;
        });
        return s;
      });
      return [withValues({ dtype: x.dtype, dims }, values)];
    }
    case 'Squeeze':
    case 'Unsqueeze':
      return [squeezeInfo(op, x, get(inputs[1]))];
    case 'Concat':
      return [concatInfo(node, inputs.map(get))];
    case 'Split':
      return splitInfo(node, x, get(inputs[1]));
    case 'Pad': {
      const pads = get(inputs[1])?.value;
      const axesValue = inputs[3] ? get(inputs[3])?.value : undefined;
      if (!x?.dims || !pads || (inputs[3] && !axesValue))
        return [{ dtype: x?.dtype ?? DT.FLOAT, dims: x?.dims?.map(() => null) }];
      const r = x.dims.length;
      // Opset 18 `axes`: pads hold begins then ends for the listed axes only.
      const axes = axesValue
        ? axesValue.map((a) => (a === null ? -1 : (a + r) % r))
        : x.dims.map((_, i) => i);
      const k = axes.length;
      const dims = [...x.dims];
      axes.forEach((a, j) => {
        if (a >= 0) dims[a] = add(dims[a]!, add(pads[j] ?? null, pads[j + k] ?? null));
      });
      return [{ dtype: x.dtype, dims }];
    }
    case 'Shape': {
      if (!x?.dims) return [{ dtype: DT.INT64, dims: [null] }];
      const r = x.dims.length;
      const start = clampAxis(attrInt(node, 'start', 0), r);
      const end = clampAxis(attrInt(node, 'end', r), r);
      const value = x.dims.slice(start, end);
      return [{ dtype: DT.INT64, dims: [value.length], value }];
    }
    case 'Size':
      return [{ dtype: DT.INT64, dims: [], value: [x?.dims ? product(x.dims) : null] }];
    case 'Gather':
      return [gatherInfo(node, x, get(inputs[1]))];
    case 'Slice':
      return [sliceInfo(x, inputs.slice(1).map(get))];
    case 'ConstantOfShape': {
      const t = attr(node, 'value')?.t;
      const fill = t ? (valuesOf(tensorInfo(t))?.[0] ?? 0) : 0;
      return [filledInfo(x?.value, t?.dataType ?? DT.FLOAT, fill ?? 0)];
    }
    case 'Expand': {
      const shape = get(inputs[1]);
      const target: ValueInfo = {
        dtype: x?.dtype ?? DT.FLOAT,
        dims: shape?.value
          ? [...shape.value]
          : shape?.dims?.[0]
            ? new Array<Dim>(shape.dims[0]).fill(null)
            : undefined,
      };
      const out = broadcastNode(node, [x, target]);
      return [withValues(out, expandValues(x, out.dims))];
    }
    case 'Range':
      return [rangeInfo(inputs.map(get), x?.dtype ?? DT.INT64)];
    case 'NonZero':
      return [{ dtype: DT.INT64, dims: [x?.dims?.length ?? null, null] }];
    case 'Tile': {
      const repeats = get(inputs[1])?.value;
      if (!x?.dims) return [{ dtype: x?.dtype ?? DT.FLOAT, dims: undefined }];
      return [{ dtype: x.dtype, dims: x.dims.map((d, i) => mul(d, repeats?.[i] ?? null)) }];
    }
    case 'DepthToSpace':
    case 'SpaceToDepth': {
      if (!x?.dims) return [{ dtype: x?.dtype ?? DT.FLOAT, dims: undefined }];
      const k = attrInt(node, 'blocksize', 1);
      const [n, c, ...spatial] = x.dims;
      const toSpace = op === 'DepthToSpace';
      const channels = c === null || c === undefined ? null : toSpace ? c / (k * k) : c * k * k;
      const sides = spatial.map((d) => (d === null ? null : toSpace ? d * k : d / k));
      return [{ dtype: x.dtype, dims: [n ?? null, channels, ...sides] }];
    }
    case 'GatherElements':
      return [{ dtype: x?.dtype ?? DT.FLOAT, dims: get(inputs[1])?.dims }];
    case 'TopK': {
      const k = get(inputs[1])?.value?.[0] ?? null;
      if (!x?.dims) return [];
      const axis = (attrInt(node, 'axis', -1) + x.dims.length) % x.dims.length;
      const dims = x.dims.map((d, i) => (i === axis ? k : d));
      return [
        { dtype: x.dtype, dims },
        { dtype: DT.INT64, dims },
      ];
    }
    case 'GatherND': {
      const indices = get(inputs[1])?.dims;
      const last = indices?.at(-1);
      if (!x?.dims || !indices || last === null || last === undefined || attrInt(node, 'batch_dims', 0) !== 0)
        return [{ dtype: x?.dtype ?? DT.FLOAT, dims: undefined }];
      return [{ dtype: x.dtype, dims: [...indices.slice(0, -1), ...x.dims.slice(last)] }];
    }
    case 'Einsum':
      return [einsumInfo(node, inputs.map(get))];
    case 'ConvTranspose':
      return [convTransposeInfo(node, x, get(inputs[1]))];
    case 'Resize':
    case 'Upsample':
      return [{ dtype: x?.dtype ?? DT.FLOAT, dims: resizeOutputDims(node, inputs.map(get)) }];
    case 'ReduceMean':
    case 'ReduceSum':
    case 'ReduceMax':
    case 'ReduceMin':
    case 'ReduceProd':
    case 'ReduceL2':
    case 'ReduceL1':
    case 'ReduceLogSum':
    case 'ReduceLogSumExp':
    case 'ReduceSumSquare':
      return [reduceInfo(node, x, get(inputs[1]))];
    case 'ArgMax':
    case 'ArgMin': {
      if (!x?.dims) return [{ dtype: DT.INT64, dims: undefined }];
      const axis = (attrInt(node, 'axis', 0) + x.dims.length) % x.dims.length;
      const keep = attrInt(node, 'keepdims', 1) === 1;
      const dims = keep ? x.dims.map((d, i) => (i === axis ? 1 : d)) : x.dims.filter((_, i) => i !== axis);
      return [{ dtype: DT.INT64, dims }];
    }
    default:
      return [];
  }
}

function spatialOut(node: OnnxNode, dims: Dim[], kernel: Dim[]): Dim[] {
  const spatial = dims.slice(2);
  if (spatial.some((d) => d === null) || kernel.some((d) => d === null)) return spatial.map(() => null);
  return windowGeometry(node, spatial as number[], kernel as number[]).output;
}

function product(dims: Dim[]): Dim {
  return dims.reduce<Dim>((a, b) => (a === null || b === null ? null : a * b), 1);
}

function add(a: Dim, b: Dim): Dim {
  return a === null || b === null ? null : a + b;
}

function mul(a: Dim, b: Dim): Dim {
  return a === null || b === null ? null : a * b;
}

function clampAxis(axis: number, rank: number): number {
  const a = axis < 0 ? axis + rank : axis;
  return Math.min(Math.max(a, 0), rank);
}

/** NumPy broadcasting of known shapes; an unknown dim broadcast against 1 stays unknown. */
export function broadcastDims(shapes: (Dim[] | undefined)[]): Dim[] | undefined {
  if (shapes.some((s) => s === undefined)) return undefined;
  const rank = Math.max(...shapes.map((s) => s!.length));
  const out: Dim[] = [];
  for (let i = 0; i < rank; i++) {
    let dim: Dim = 1;
    for (const s of shapes) {
      const d = s![s!.length - rank + i];
      if (d === undefined || d === 1) continue;
      if (d === null) dim = dim === 1 ? null : dim;
      else dim = d;
    }
    out.push(dim);
  }
  return out;
}

function broadcastNode(node: OnnxNode, inputs: (ValueInfo | undefined)[]): ValueInfo {
  const op = node.opType;
  const data = op === 'Where' ? inputs[1] : inputs[0];
  const dtype = COMPARISON.has(op) ? DT.BOOL : (data?.dtype ?? DT.FLOAT);
  const dims = broadcastDims(inputs.map((i) => i?.dims));
  // Shape arithmetic (e.g. batch × channels, window padding) is elementwise on small tensors.
  if (!isElementwiseValueOp(op)) return { dtype, dims };
  return withValues({ dtype, dims }, elementwiseValues(node, inputs, dims, dtype));
}

function einsumInfo(node: OnnxNode, inputs: (ValueInfo | undefined)[]): ValueInfo {
  const dtype = inputs[0]?.dtype ?? DT.FLOAT;
  const equation = parseEinsum(attrString(node, 'equation', ''));
  if (!equation || inputs.some((i) => !i?.dims)) return { dtype, dims: undefined };
  const sizes = einsumSizes(
    equation,
    inputs.map((i) => i!.dims!),
  );
  return { dtype, dims: sizes ? expandOutput(equation, sizes).map((l) => sizes.get(l) ?? null) : undefined };
}

function convTransposeInfo(node: OnnxNode, x: ValueInfo | undefined, w: ValueInfo | undefined): ValueInfo {
  const dtype = x?.dtype ?? DT.FLOAT;
  if (!x?.dims || !w?.dims) return { dtype, dims: undefined };
  const spatial = x.dims.slice(2);
  const channels = mul(w.dims[1]!, attrInt(node, 'group', 1));
  const fixed = attrInts(node, 'output_shape');
  if (fixed) return { dtype, dims: [x.dims[0]!, channels, ...fixed.slice(-spatial.length)] };
  const n = spatial.length;
  const strides = attrInts(node, 'strides') ?? new Array<number>(n).fill(1);
  const dilations = attrInts(node, 'dilations') ?? new Array<number>(n).fill(1);
  const pads = attrInts(node, 'pads') ?? new Array<number>(2 * n).fill(0);
  const extra = attrInts(node, 'output_padding') ?? new Array<number>(n).fill(0);
  const out = spatial.map((d, i) => {
    const k = w.dims![2 + i];
    if (d === null || k === null || k === undefined) return null;
    return strides[i]! * (d - 1) + extra[i]! + (k - 1) * dilations[i]! + 1 - pads[i]! - pads[i + n]!;
  });
  return { dtype, dims: [x.dims[0]!, channels, ...out] };
}

function constantInfo(node: OnnxNode): ValueInfo {
  const t = attr(node, 'value')?.t;
  if (t) return tensorInfo(t);
  const ints = attrInts(node, 'value_ints');
  if (ints) return { dtype: DT.INT64, dims: [ints.length], value: ints };
  const valueInt = attr(node, 'value_int');
  if (valueInt) return { dtype: DT.INT64, dims: [], value: [valueInt.i ?? 0] };
  if (attr(node, 'value_float'))
    return { dtype: DT.FLOAT, dims: [], value: [attrFloat(node, 'value_float', 0)] };
  const floats = attr(node, 'value_floats')?.floats;
  return { dtype: DT.FLOAT, dims: floats ? [floats.length] : undefined, ...(floats ? { floats } : {}) };
}

function matMulInfo(a: ValueInfo | undefined, b: ValueInfo | undefined): ValueInfo {
  const dtype = a?.dtype ?? DT.FLOAT;
  if (!a?.dims || !b?.dims || a.dims.length < 2 || b.dims.length < 2) return { dtype, dims: undefined };
  const batch = broadcastDims([a.dims.slice(0, -2), b.dims.slice(0, -2)]) ?? [];
  return { dtype, dims: [...batch, a.dims[a.dims.length - 2]!, b.dims[b.dims.length - 1]!] };
}

function reshapeInfo(node: OnnxNode, x: ValueInfo | undefined, shape: ValueInfo | undefined): ValueInfo {
  const dtype = x?.dtype ?? DT.FLOAT;
  if (!shape?.value)
    return { dtype, dims: shape?.dims?.[0] ? new Array<Dim>(shape.dims[0]).fill(null) : undefined };
  const allowZero = attrInt(node, 'allowzero', 0) === 1;
  const dims: Dim[] = shape.value.map((d, i) => (d === 0 && !allowZero ? (x?.dims?.[i] ?? null) : d));
  const minus = dims.indexOf(-1);
  if (minus >= 0) {
    const known = product(dims.filter((_, i) => i !== minus));
    const total = x?.dims ? product(x.dims) : null;
    dims[minus] = known === null || total === null ? null : total / known;
  }
  const values = x?.value && product(dims) === x.value.length ? { value: x.value } : {};
  return { dtype, dims, ...values };
}

function squeezeInfo(op: string, x: ValueInfo | undefined, axesInfo: ValueInfo | undefined): ValueInfo {
  const dtype = x?.dtype ?? DT.FLOAT;
  if (!x?.dims) return { dtype, dims: undefined };
  const axes = axesInfo?.value;
  let dims: Dim[] | undefined;
  let value = x.value;
  if (op === 'Squeeze') {
    if (!axes) dims = x.dims.some((d) => d === null) ? undefined : x.dims.filter((d) => d !== 1);
    else {
      const r = x.dims.length;
      const drop = new Set(axes.map((a) => ((a ?? 0) + r) % r));
      dims = x.dims.filter((_, i) => !drop.has(i));
    }
  } else if (axes) {
    const r = x.dims.length + axes.length;
    const add = new Set(axes.map((a) => ((a ?? 0) + r) % r));
    const rest = [...x.dims];
    dims = Array.from({ length: r }, (_, i) => (add.has(i) ? 1 : (rest.shift() ?? null)));
  }
  if (dims && value && product(dims) !== value.length) value = undefined;
  return { dtype, dims, ...(value ? { value } : {}) };
}

function concatInfo(node: OnnxNode, inputs: (ValueInfo | undefined)[]): ValueInfo {
  const first = inputs[0];
  const dtype = first?.dtype ?? DT.FLOAT;
  if (inputs.some((i) => !i?.dims)) return { dtype, dims: undefined };
  const rank = first!.dims!.length;
  let axis = attrInt(node, 'axis', 0);
  if (axis < 0) axis += rank;
  const dims = [...first!.dims!];
  dims[axis] = inputs.reduce<Dim>((s, i) => add(s, i!.dims![axis]!), 0);
  const info: ValueInfo = { dtype, dims };
  if (rank === 1 && inputs.every((i) => i!.value)) info.value = inputs.flatMap((i) => i!.value!);
  return info;
}

function splitInfo(node: OnnxNode, x: ValueInfo | undefined, splitInput: ValueInfo | undefined): ValueInfo[] {
  const n = node.output?.length ?? 1;
  const dtype = x?.dtype ?? DT.FLOAT;
  if (!x?.dims) return new Array(n).fill({ dtype, dims: undefined });
  let axis = attrInt(node, 'axis', 0);
  if (axis < 0) axis += x.dims.length;
  const total = x.dims[axis]!;
  const sizes: Dim[] =
    splitInput?.value ??
    Array.from({ length: n }, (_, i) => (total === null ? null : splitSize(total, n, i)));
  return sizes.map((s) => {
    const dims = [...x.dims!];
    dims[axis] = s;
    return { dtype, dims };
  });
}

// Equal parts, the last one smaller when the size does not divide (opset 18 rule).
function splitSize(total: number, n: number, i: number): number {
  const part = Math.ceil(total / n);
  return Math.max(0, Math.min(part, total - part * i));
}

function gatherInfo(node: OnnxNode, x: ValueInfo | undefined, indices: ValueInfo | undefined): ValueInfo {
  const dtype = x?.dtype ?? DT.FLOAT;
  if (!x?.dims || !indices?.dims) return { dtype, dims: undefined };
  let axis = attrInt(node, 'axis', 0);
  if (axis < 0) axis += x.dims.length;
  const dims = [...x.dims.slice(0, axis), ...indices.dims, ...x.dims.slice(axis + 1)];
  const info: ValueInfo = { dtype, dims };
  const picked = indices.value;
  if (!picked || picked.some((i) => i === null)) return info;
  const size = x.dims[axis];
  const q = indices.dims.length;
  const values = pickValues(x.value, x.dims, dims, (c) => {
    const flat = c.slice(axis, axis + q).reduce((acc, v, k) => acc * (indices.dims![k] as number) + v, 0);
    const i = picked[flat]!;
    return [...c.slice(0, axis), i < 0 && size !== null ? i + size! : i, ...c.slice(axis + q)];
  });
  return withValues(info, values);
}

function sliceInfo(x: ValueInfo | undefined, args: (ValueInfo | undefined)[]): ValueInfo {
  const dtype = x?.dtype ?? DT.FLOAT;
  if (!x?.dims) return { dtype, dims: undefined };
  const [starts, ends, axesInfo, stepsInfo] = args.map((a) => a?.value);
  if (!starts || !ends) return { dtype, dims: x.dims.map(() => null) };
  const r = x.dims.length;
  const axes = axesInfo ?? starts.map((_, i) => i);
  const dims = [...x.dims];
  const ranges: [number, number, number][] = x.dims.map((d) => [0, d ?? 0, 1]);
  for (let k = 0; k < axes.length; k++) {
    const axis = ((axes[k] ?? 0) + r) % r;
    const size = x.dims[axis];
    const step = stepsInfo?.[k] ?? 1;
    const s0 = starts[k];
    const e0 = ends[k];
    if (
      size === null ||
      size === undefined ||
      s0 === null ||
      e0 === null ||
      step === null ||
      s0 === undefined ||
      e0 === undefined
    ) {
      dims[axis] = null;
      continue;
    }
    const [s, e, , count] = sliceRange(s0, e0, step, size);
    dims[axis] = count;
    ranges[axis] = [s, e, step];
  }
  const values = pickValues(x.value, x.dims, dims, (c) => c.map((v, k) => ranges[k]![0] + v * ranges[k]![2]));
  return withValues({ dtype, dims }, values);
}

function reduceInfo(node: OnnxNode, x: ValueInfo | undefined, axesInput: ValueInfo | undefined): ValueInfo {
  const dtype = x?.dtype ?? DT.FLOAT;
  if (!x?.dims) return { dtype, dims: undefined };
  const r = x.dims.length;
  const axesRaw = attrInts(node, 'axes') ?? axesInput?.value;
  if (axesRaw?.some((a) => a === null)) return { dtype, dims: undefined };
  // Opset 18: no axes with noop_with_empty_axes = 1 is the identity.
  if (!axesRaw?.length && attrInt(node, 'noop_with_empty_axes', 0) === 1) return { dtype, dims: x.dims };
  const listed = axesRaw?.length ? axesRaw : x.dims.map((_, i) => i);
  const axes = new Set(listed.map((a) => ((a as number) + r) % r));
  const keep = attrInt(node, 'keepdims', 1) === 1;
  const dims = keep ? x.dims.map((d, i) => (axes.has(i) ? 1 : d)) : x.dims.filter((_, i) => !axes.has(i));
  return { dtype, dims };
}

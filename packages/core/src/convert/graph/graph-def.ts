/**
 * The TF GraphDef JSON that tfjs-converter writes as a GraphModel's `modelTopology`, and typed
 * readers for its node attributes (strings are base64, int64s are decimal strings).
 */

/** One attribute value, as protobuf's JSON mapping writes it. */
export interface TfAttrValue {
  s?: string;
  i?: string | number;
  f?: number;
  b?: boolean;
  type?: string;
  shape?: { dim?: { size?: string | number }[]; unknownRank?: boolean };
  list?: { s?: string[]; i?: (string | number)[]; f?: number[]; b?: boolean[] };
  tensor?: unknown;
}

/** One GraphDef node: `input` entries are `name`, `name:index` or `^control`. */
export interface TfNode {
  name: string;
  op: string;
  input?: string[];
  attr?: Record<string, TfAttrValue>;
}

/** The part of a GraphDef the converter reads. */
export interface TfGraphDef {
  node?: TfNode[];
  library?: { function?: unknown[] };
}

/** Node label for messages: `op "Conv2D" (node conv_1/Conv2D)`. */
export function describeNode(node: TfNode): string {
  return `op "${node.op}" (node ${node.name})`;
}

/** A data input `name` or `name:k` split into node and output index (`^control` inputs are not data). */
export function parseInputRef(ref: string): { node: string; index: number } {
  const at = ref.lastIndexOf(':');
  if (at < 0) return { node: ref, index: 0 };
  return { node: ref.slice(0, at), index: Number(ref.slice(at + 1)) };
}

/** The node's data inputs (control dependencies dropped). */
export function dataInputs(node: TfNode): string[] {
  return (node.input ?? []).filter((ref) => !ref.startsWith('^'));
}

/** String attribute (base64 in the JSON), as written (case kept), or `fallback`. */
export function attrString(node: TfNode, name: string, fallback: string): string {
  const s = node.attr?.[name]?.s;
  return s === undefined ? fallback : Buffer.from(s, 'base64').toString('utf8');
}

/** String list attribute (e.g. `fused_ops`), or `[]`. */
export function attrStrings(node: TfNode, name: string): string[] {
  return (node.attr?.[name]?.list?.s ?? []).map((s) => Buffer.from(s, 'base64').toString('utf8'));
}

/** Integer list attribute (e.g. `strides`), or `fallback` when absent. */
export function attrInts(node: TfNode, name: string, fallback: number[]): number[] {
  const list = node.attr?.[name]?.list;
  if (list === undefined) return fallback;
  return (list.i ?? []).map(Number);
}

/** Number attribute (`i` or `f`, as tfjs-converter reads it), or `fallback`. */
export function attrNumber(node: TfNode, name: string, fallback: number): number {
  const a = node.attr?.[name];
  if (a?.i !== undefined) return Number(a.i);
  if (a?.f !== undefined) return a.f;
  return fallback;
}

/** Boolean attribute, or `fallback`. */
export function attrBool(node: TfNode, name: string, fallback: boolean): boolean {
  return node.attr?.[name]?.b ?? fallback;
}

/** Shape attribute (Placeholder `shape`): `null` for unknown sizes, `undefined` for unknown rank. */
export function attrShape(node: TfNode, name: string): (number | null)[] | undefined {
  const shape = node.attr?.[name]?.shape;
  if (shape === undefined || shape.unknownRank) return undefined;
  return (shape.dim ?? []).map((d) => {
    const size = Number(d.size ?? -1);
    return size < 0 ? null : size;
  });
}

/**
 * Just enough of the ONNX protobuf to see which operator produces each graph output, so
 * `outputKind: 'auto'` can recognise a final Softmax without the `onnx` package (onnxruntime's
 * JS API exposes no graph). Field numbers from onnx.proto: ModelProto.graph = 7;
 * GraphProto.node = 1, GraphProto.output = 12; NodeProto.output = 2, NodeProto.op_type = 4;
 * ValueInfoProto.name = 1.
 */

interface Field {
  readonly num: number;
  readonly wire: number;
  /** For length-delimited fields: [start, end) of the payload. */
  readonly start: number;
  readonly end: number;
}

function* fields(buf: Uint8Array, start: number, end: number): Generator<Field> {
  let pos = start;
  const varint = (): number => {
    let result = 0;
    let shift = 0;
    for (;;) {
      if (pos >= end) throw new Error('truncated varint');
      const byte = buf[pos++]!;
      // Multiplication instead of << keeps values above 2^31 exact (lengths, skipped int64s).
      result += (byte & 0x7f) * 2 ** shift;
      if ((byte & 0x80) === 0) return result;
      shift += 7;
      if (shift > 63) throw new Error('varint too long');
    }
  };
  while (pos < end) {
    const key = varint();
    const num = Math.floor(key / 8);
    const wire = key % 8;
    if (wire === 0) {
      varint();
      yield { num, wire, start: pos, end: pos };
    } else if (wire === 1) {
      pos += 8;
      yield { num, wire, start: pos, end: pos };
    } else if (wire === 2) {
      const len = varint();
      const s = pos;
      pos += len;
      if (pos > end) throw new Error('truncated field');
      yield { num, wire, start: s, end: pos };
    } else if (wire === 5) {
      pos += 4;
      yield { num, wire, start: pos, end: pos };
    } else {
      throw new Error(`unsupported wire type ${wire}`);
    }
  }
}

const utf8 = new TextDecoder();

/**
 * Map each graph output name of an ONNX model to the `op_type` of the node that produces it.
 * Returns an empty map when the bytes are not a parseable model (the caller then falls back to
 * looking at the numbers).
 */
export function onnxOutputOps(model: Uint8Array): Map<string, string> {
  const result = new Map<string, string>();
  try {
    for (const top of fields(model, 0, model.length)) {
      if (top.num !== 7 || top.wire !== 2) continue;
      const producers = new Map<string, string>();
      const outputs: string[] = [];
      for (const g of fields(model, top.start, top.end)) {
        if (g.wire !== 2) continue;
        if (g.num === 1) {
          let op = '';
          const outs: string[] = [];
          for (const n of fields(model, g.start, g.end)) {
            if (n.wire !== 2) continue;
            if (n.num === 2) outs.push(utf8.decode(model.subarray(n.start, n.end)));
            else if (n.num === 4) op = utf8.decode(model.subarray(n.start, n.end));
          }
          for (const o of outs) producers.set(o, op);
        } else if (g.num === 12) {
          for (const v of fields(model, g.start, g.end)) {
            if (v.num === 1 && v.wire === 2) outputs.push(utf8.decode(model.subarray(v.start, v.end)));
          }
        }
      }
      for (const o of outputs) {
        const op = producers.get(o);
        if (op !== undefined) result.set(o, op);
      }
    }
  } catch {
    return new Map();
  }
  return result;
}

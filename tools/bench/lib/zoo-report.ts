/** The zoo MobileNet rows of the bench: a real TF.js model on TF.js wasm and converted to ONNX. */
import type { AuditBenchResult, ExplainOnceResult, RawResult } from './tasks.js';

interface Measured<T> {
  readonly result: T;
  readonly loadBefore: number;
  readonly loadAfter: number;
  readonly wallSeconds: number;
}

/** One engine's rows: `wasm` (TF.js) or `onnx` (converted, onnxruntime). */
export interface ZooEngineRows {
  readonly backend: string;
  raw?: Measured<RawResult & { backend: string }>;
  audit?: Measured<AuditBenchResult>;
  saliency?: Measured<ExplainOnceResult>;
  ig?: Measured<ExplainOnceResult>;
}

/** The targets of issue 18 on the zoo MobileNet, as the summary lists them. */
export interface ZooTarget {
  name: string;
  goal: string;
  value: string;
  met: boolean | null;
}

const f = (v: number | undefined, digits = 1) =>
  v === undefined || Number.isNaN(v) ? '—' : v.toFixed(digits);

function loads(ms: readonly (Measured<unknown> | undefined)[]): string {
  const all = ms.filter((m) => m !== undefined).flatMap((m) => [m.loadBefore, m.loadAfter]);
  return all.length === 0 ? '' : `${Math.min(...all).toFixed(2)}–${Math.max(...all).toFixed(2)}`;
}

const label = (backend: string) => (backend === 'onnx' ? 'converted, onnxruntime' : `TF.js ${backend}`);

/** Audit rate converted ÷ wasm, and whole-process seconds of the converted explanations. */
export function zooTargets(rows: readonly ZooEngineRows[]): ZooTarget[] {
  const wasm = rows.find((r) => r.backend === 'wasm');
  const onnx = rows.find((r) => r.backend === 'onnx');
  const rate = (r: ZooEngineRows | undefined) => r?.audit?.result.imagesPerSecond;
  const speedup =
    rate(onnx) !== undefined && rate(wasm) !== undefined ? rate(onnx)! / rate(wasm)! : undefined;
  const within = (name: string, goal: number, m: Measured<ExplainOnceResult> | undefined): ZooTarget => ({
    name,
    goal: `< ${goal} s, whole process`,
    value:
      m === undefined
        ? 'not measured'
        : `${m.wallSeconds.toFixed(1)} s (explain ${m.result.seconds.toFixed(1)} s)`,
    met: m === undefined ? null : m.wallSeconds < goal,
  });
  return [
    {
      name: 'zoo MobileNet audit, converted vs TF.js wasm',
      goal: '≥ 5×',
      value: speedup === undefined ? 'not measured' : `${speedup.toFixed(1)}×`,
      met: speedup === undefined ? null : speedup >= 5,
    },
    within('zoo MobileNet IG (200 steps, default batch), converted', 30, onnx?.ig),
    within('zoo MobileNet saliency, converted', 3, onnx?.saliency),
  ];
}

/** The Markdown table of the zoo MobileNet rows, each with its ratio to TF.js wasm. */
export function renderZoo(rows: readonly ZooEngineRows[]): string[] {
  if (rows.length === 0) return [];
  const wasm = rows.find((r) => r.backend === 'wasm');
  const lines = [
    '',
    '| zoo MobileNet v1 0.75 (TF.js LayersModel) | engine | value | vs TF.js wasm | whole process s | peak RSS MB | load |',
    '|---|---|---|---|---|---|---|',
  ];
  const rate = (name: string, key: 'raw' | 'audit') => {
    for (const r of rows) {
      const m = r[key];
      if (!m) continue;
      const base = wasm?.[key]?.result.imagesPerSecond;
      const v = m.result.imagesPerSecond;
      lines.push(
        `| ${name} | ${label(r.backend)} | ${f(v, 2)} img/s | ${base ? `${(v / base).toFixed(1)}×` : '—'} | ${f(m.wallSeconds)} | ${f(m.result.peakRssMb, 0)} | ${loads([m])} |`,
      );
    }
  };
  const seconds = (name: string, key: 'saliency' | 'ig') => {
    for (const r of rows) {
      const m = r[key];
      if (!m) continue;
      const base = wasm?.[key]?.wallSeconds;
      const batch = m.result.params['internalBatchSize'];
      lines.push(
        `| ${name}${batch === undefined ? '' : ` (internal batch ${batch})`} | ${label(r.backend)} | ${f(m.result.seconds, 2)} s explain, ${f(m.result.loadSeconds, 2)} s load | ${base ? `${(base / m.wallSeconds).toFixed(1)}× faster` : '—'} | ${f(m.wallSeconds)} | ${f(m.result.peakRssMb, 0)} | ${loads([m])} |`,
      );
    }
  };
  rate('raw predict', 'raw');
  rate('audit', 'audit');
  seconds('saliency, noise image 0', 'saliency');
  seconds('IG 200 steps, noise image 0', 'ig');
  return lines;
}

/** The bench's result file and the table it prints. */

import { type IgSection, igRounds, igSummary } from './ig-rounds.js';
import type { Machine } from './machine.js';
import type { AuditBenchResult, RawResult } from './tasks.js';
import { renderZoo, type ZooEngineRows, zooTargets } from './zoo-report.js';

interface Measured<T> {
  readonly result: T;
  readonly loadBefore: number;
  readonly loadAfter: number;
  readonly wallSeconds: number;
}

interface TorchMode {
  readonly imagesPerSecond: number;
  readonly seconds: number;
  readonly timings: { noiseMs: number; preprocessMs: number; inferenceMs: number; aggregationMs: number };
  readonly top1: number[];
}

interface TorchRun {
  readonly torch: string;
  readonly count: number;
  readonly single?: TorchMode;
  readonly batched?: TorchMode;
  readonly ig?: { secondsPerExplanation: number; target: number; delta: number };
  readonly peakRssMb: number;
}

interface IgResult {
  readonly secondsPerExplanation: number;
  readonly coldSeconds: number;
  readonly target: number;
  readonly delta: number | undefined;
  readonly peakRssMb: number;
}

interface RssResult {
  readonly imagesPerSecond: number;
  readonly rssAfterWarmupMb: number;
  readonly maxRssMb: number;
  readonly growthMb: number;
  readonly samples: [number, number][];
  readonly backend: string;
}

export interface Report {
  startedAt: string;
  finishedAt?: string;
  mode: 'full' | 'quick';
  machine: Machine;
  settings: Record<string, unknown>;
  notes: string[];
  rounds: {
    rawOnnx?: Measured<RawResult>;
    auditOnnx?: Measured<AuditBenchResult>;
    /** The same audit with one noise worker filling batches while onnxruntime runs. */
    auditOnnxWorker?: Measured<AuditBenchResult>;
    torch?: Measured<TorchRun>;
  }[];
  /** IG in rounds that alternate the two sides (`lib/ig-rounds.ts`). */
  ig: IgSection<IgResult, TorchRun>;
  tfjs: {
    backend: string;
    raw: Measured<RawResult & { backend: string }>;
    audit: Measured<AuditBenchResult>;
  }[];
  embedded: {
    model: string;
    backend: string;
    raw: Measured<RawResult & { backend: string }>;
    audit: Measured<AuditBenchResult>;
  }[];
  rss?: Measured<RssResult>;
  /** The zoo MobileNet on TF.js wasm and converted (absent from runs before issue 18). */
  zoo?: ZooEngineRows[];
}

/** How a TF.js row names its engine: `onnx` is the model converted to ONNX, on onnxruntime. */
const engineLabel = (backend: string) => (backend === 'onnx' ? 'converted, onnxruntime' : backend);

function median(values: readonly number[]): number {
  if (values.length === 0) return Number.NaN;
  const s = [...values].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}

function defined<T>(values: readonly (T | undefined)[]): T[] {
  return values.filter((v): v is T => v !== undefined);
}

/** "1.23–1.40" or "1.23": the 1-minute load averages seen by the measurements of a row. */
function loads(ms: readonly (Measured<unknown> | undefined)[]): string {
  const all = defined(ms).flatMap((m) => [m.loadBefore, m.loadAfter]);
  if (all.length === 0) return '';
  const lo = Math.min(...all);
  const hi = Math.max(...all);
  return lo === hi ? lo.toFixed(2) : `${lo.toFixed(2)}–${hi.toFixed(2)}`;
}

export interface Summary {
  torchSingle?: number;
  torchBatched?: number;
  /** PyTorch's faster mode, images/s (median over rounds of the per-round maximum). */
  torchFaster?: number;
  rawOnnx?: number;
  auditOnnx?: number;
  auditOnnxWorker?: number;
  /** Medians over rounds of the per-round ratios. */
  auditVsTorch?: number;
  auditVsRaw?: number;
  workerVsRaw?: number;
  top1Agreement?: number;
  igSnowblindSeconds?: number;
  igTorchSeconds?: number;
  /** Median over rounds of PyTorch's time ÷ snowblind's. */
  igSpeedup?: number;
  /** The per-round ratios. */
  igRatios?: number[];
  rssGrowthMb?: number;
  targets: { name: string; goal: string; value: string; met: boolean | null }[];
}

export function summarise(report: Report): Summary {
  const rounds = report.rounds;
  const perRound = rounds.map((r) => {
    const raw = r.rawOnnx?.result.imagesPerSecond;
    const audit = r.auditOnnx?.result.imagesPerSecond;
    const worker = r.auditOnnxWorker?.result.imagesPerSecond;
    const single = r.torch?.result.single?.imagesPerSecond;
    const batched = r.torch?.result.batched?.imagesPerSecond;
    const faster = single !== undefined && batched !== undefined ? Math.max(single, batched) : undefined;
    return {
      raw,
      audit,
      worker,
      single,
      batched,
      faster,
      vsTorch: audit !== undefined && faster !== undefined ? audit / faster : undefined,
      vsRaw: audit !== undefined && raw !== undefined ? audit / raw : undefined,
      workerVsRaw: worker !== undefined && raw !== undefined ? worker / raw : undefined,
    };
  });
  const med = (key: keyof (typeof perRound)[number]) => {
    const v = defined(perRound.map((p) => p[key]));
    return v.length > 0 ? median(v) : undefined;
  };
  const s: Summary = { targets: [] };
  s.torchSingle = med('single');
  s.torchBatched = med('batched');
  s.torchFaster = med('faster');
  s.rawOnnx = med('raw');
  s.auditOnnx = med('audit');
  s.auditOnnxWorker = med('worker');
  s.auditVsTorch = med('vsTorch');
  s.auditVsRaw = med('vsRaw');
  s.workerVsRaw = med('workerVsRaw');
  const last = rounds.at(-1);
  const ours = last?.auditOnnx?.result.top1;
  const theirs = last?.torch?.result.single?.top1;
  if (ours && theirs && ours.length === theirs.length && ours.length > 0) {
    s.top1Agreement = ours.filter((v, i) => v === theirs[i]).length / ours.length;
  }
  Object.assign(s, igSummary(report.ig));
  s.rssGrowthMb = report.rss?.result.growthMb;
  const target = (
    name: string,
    goal: string,
    value: number | undefined,
    ok: (v: number) => boolean,
    fmt: (v: number) => string,
  ) =>
    s.targets.push({
      name,
      goal,
      value: value === undefined ? 'not measured' : fmt(value),
      met: value === undefined ? null : ok(value),
    });
  target(
    'audit vs PyTorch (faster mode)',
    '≥ 2.5×',
    s.auditVsTorch,
    (v) => v >= 2.5,
    (v) => `${v.toFixed(2)}×`,
  );
  target(
    'audit vs raw onnxruntime',
    '≥ 90%',
    s.auditVsRaw,
    (v) => v >= 0.9,
    (v) => `${(v * 100).toFixed(1)}%`,
  );
  target(
    'IG vs PyTorch autograd',
    '≥ 1.5× faster (issue 17)',
    s.igSpeedup,
    (v) => v >= 1.5,
    (v) => `${v.toFixed(2)}×`,
  );
  target(
    'RSS growth over the long audit',
    '< 100 MB',
    s.rssGrowthMb,
    (v) => v < 100,
    (v) => `${v.toFixed(1)} MB`,
  );
  const tfjsAudit = (backend: string) =>
    report.tfjs.find((t) => t.backend === backend)?.audit.result.imagesPerSecond;
  const converted = tfjsAudit('onnx');
  const wasm = tfjsAudit('wasm');
  target(
    'TF.js ResNet-18 audit, converted vs wasm',
    '≥ 5×',
    converted !== undefined && wasm !== undefined ? converted / wasm : undefined,
    (v) => v >= 5,
    (v) => `${v.toFixed(1)}×`,
  );
  // Issue 18: TF.js models run converted by default, unless wasm measures faster for them.
  for (const model of new Set(report.embedded.map((e) => e.model))) {
    const rows = report.embedded.filter((e) => e.model === model);
    // By raw predict: the audits of these 28 × 28 models are bound by making 256 × 256 noise.
    const best = rows.reduce((a, b) => (b.raw.result.imagesPerSecond > a.raw.result.imagesPerSecond ? b : a));
    const auto = rows.find((r) => r.backend === 'onnx');
    target(
      `${model}: default engine (converted) is its fastest`,
      'converted ≥ wasm, cpu',
      auto ? auto.audit.result.imagesPerSecond : undefined,
      () => best.backend === 'onnx',
      (v) => `converted audit ${v.toFixed(0)} img/s; fastest raw predict: ${engineLabel(best.backend)}`,
    );
  }
  s.targets.push(...zooTargets(report.zoo ?? []));
  return s;
}

const f = (v: number | undefined, digits = 1) =>
  v === undefined || Number.isNaN(v) ? '—' : v.toFixed(digits);
const ratio = (a: number | undefined, b: number | undefined, digits = 2) =>
  a === undefined || b === undefined ? '—' : `${(a / b).toFixed(digits)}×`;

/** Markdown tables of the run (what the README shows). */
export function renderTable(report: Report, s: Summary): string {
  const m = report.machine;
  const lines: string[] = [];
  lines.push(
    `Machine: ${m.cpu}, ${m.cores} cores, ${m.memoryGb} GB, Node ${m.node}; mode ${report.mode}, ${String(report.settings.threads)} threads, ` +
      `${String(report.settings.count)} images, batch ${String(report.settings.batch)}, ${report.rounds.length} round(s), ${report.startedAt}`,
  );
  lines.push('');
  lines.push(
    '| measurement | value | vs PyTorch (faster mode) | vs raw onnxruntime | peak RSS MB | load (1 min) |',
  );
  lines.push('|---|---|---|---|---|---|');
  const rss = (ms: readonly (Measured<{ peakRssMb: number }> | undefined)[]) =>
    f(median(defined(ms).map((x) => x.result.peakRssMb)), 0);
  const rawRounds = report.rounds.map((r) => r.rawOnnx);
  const torchRounds = report.rounds.map((r) => r.torch);
  lines.push(
    `| PyTorch ${torchRounds[0]?.result.torch ?? ''} one image at a time | ${f(s.torchSingle)} img/s | ${ratio(s.torchSingle, s.torchFaster)} | ${ratio(s.torchSingle, s.rawOnnx)} | ${rss(torchRounds)} | ${loads(torchRounds)} |`,
  );
  lines.push(
    `| PyTorch batched by ${String(report.settings.batch)} | ${f(s.torchBatched)} img/s | ${ratio(s.torchBatched, s.torchFaster)} | ${ratio(s.torchBatched, s.rawOnnx)} | (same process) | |`,
  );
  lines.push(
    `| raw onnxruntime, pre-made tensors (ceiling) | ${f(s.rawOnnx)} img/s | ${ratio(s.rawOnnx, s.torchFaster)} | 1.00× | ${rss(rawRounds)} | ${loads(rawRounds)} |`,
  );
  const auditRounds = report.rounds.map((r) => r.auditOnnx);
  const workerRounds = report.rounds.map((r) => r.auditOnnxWorker);
  lines.push(
    `| **snowblind audit, onnxruntime, noise auto (in the audit thread)** | **${f(s.auditOnnx)} img/s** | **${f(s.auditVsTorch, 2)}×** | **${f(s.auditVsRaw === undefined ? undefined : s.auditVsRaw * 100)}%** | ${rss(auditRounds)} | ${loads(auditRounds)} |`,
  );
  lines.push(
    `| snowblind audit, onnxruntime, one noise worker alongside inference | ${f(s.auditOnnxWorker)} img/s | ${ratio(s.auditOnnxWorker, s.torchFaster)} | ${f(s.workerVsRaw === undefined ? undefined : s.workerVsRaw * 100)}% | ${rss(workerRounds)} | ${loads(workerRounds)} |`,
  );
  for (const t of report.tfjs) {
    lines.push(
      `| TF.js ${engineLabel(t.backend)}, same ResNet-18: raw predict | ${f(t.raw.result.imagesPerSecond, 2)} img/s | ${ratio(t.raw.result.imagesPerSecond, s.torchFaster, 3)} | ${ratio(t.raw.result.imagesPerSecond, s.rawOnnx, 3)} | ${f(t.raw.result.peakRssMb, 0)} | ${loads([t.raw])} |`,
    );
    lines.push(
      `| TF.js ${engineLabel(t.backend)}, same ResNet-18: audit | ${f(t.audit.result.imagesPerSecond, 2)} img/s | ${ratio(t.audit.result.imagesPerSecond, s.torchFaster, 3)} | ${ratio(t.audit.result.imagesPerSecond, s.rawOnnx, 3)} | ${f(t.audit.result.peakRssMb, 0)} | ${loads([t.audit])} |`,
    );
  }
  const igS = igRounds(report.ig).map((r) => r.snowblind);
  const igT = igRounds(report.ig).map((r) => r.torch);
  if (igS.length > 0) {
    const peak = (mbs: number[]) => (mbs.length > 0 ? Math.max(...mbs) : undefined);
    const torchPeak = peak(defined(igT).map((m) => m.result.peakRssMb));
    const oursPeak = peak(defined(igS).map((m) => m.result.peakRssMb));
    const cold = median(defined(igS).map((m) => m.result.coldSeconds));
    const rounds = `median of ${String(s.igRatios?.length ?? 0)} alternating rounds: ${(s.igRatios ?? []).map((r) => `${r.toFixed(2)}×`).join(', ')}`;
    lines.push(
      `| IG (${String(report.settings.igSteps)} steps, internal batch ${String(report.settings.igBatch)}), PyTorch autograd | ${f(s.igTorchSeconds, 2)} s | 1.00× | | ${f(torchPeak, 0)} | ${loads(igT)} |`,
    );
    lines.push(
      `| **IG, snowblind explain (ONNX backward graph)** | **${f(s.igSnowblindSeconds, 2)} s** (cold first call ${f(cold, 2)} s) | **${f(s.igSpeedup, 2)}× faster** (${rounds}) | | ${f(oursPeak, 0)} | ${loads(igS)} |`,
    );
  }
  lines.push('');
  // Time split, ms per image, from the last round.
  const last = report.rounds.at(-1);
  const a = last?.auditOnnx?.result;
  const tb = last?.torch?.result.batched;
  const ts = last?.torch?.result.single;
  const raw = last?.rawOnnx?.result;
  if (a) {
    const n = Number(report.settings.count);
    const per = (ms: number | undefined) => (ms === undefined ? undefined : ms / n);
    lines.push(
      'Time split, ms per image (last round), of the main audit row: noise and preprocessing are made in the audit thread',
    );
    lines.push(
      'between forward passes, so the phases add up to the wall time. "vs raw" compares with raw onnxruntime\'s wall time per image.',
    );
    lines.push('');
    lines.push(
      '| phase | snowblind audit | PyTorch batched | PyTorch single | snowblind ÷ PyTorch batched | snowblind ÷ raw onnxruntime |',
    );
    lines.push('|---|---|---|---|---|---|');
    const rawMs = raw ? 1000 / raw.imagesPerSecond : undefined;
    for (const [name, key] of [
      ['noise', 'noiseMs'],
      ['preprocessing', 'preprocessMs'],
      ['inference', 'inferenceMs'],
      ['aggregation', 'aggregationMs'],
    ] as const) {
      const ours = per(a.timings[key]);
      const theirs = per(tb?.timings[key]);
      lines.push(
        `| ${name} | ${f(ours, 3)} | ${f(theirs, 3)} | ${f(per(ts?.timings[key]), 3)} | ${ratio(ours, theirs)} | ${name === 'inference' ? ratio(ours, rawMs) : ''} |`,
      );
    }
    const wall = 1000 / a.imagesPerSecond;
    lines.push(
      `| wall | ${f(wall, 3)} | ${f(tb ? 1000 / tb.imagesPerSecond : undefined, 3)} | ${f(ts ? 1000 / ts.imagesPerSecond : undefined, 3)} | ${ratio(wall, tb ? 1000 / tb.imagesPerSecond : undefined)} | ${ratio(wall, rawMs)} |`,
    );
    if (s.top1Agreement !== undefined)
      lines.push(
        `\nTop-1 agreement with PyTorch on the same ${n} noise images: ${(s.top1Agreement * 100).toFixed(1)}%.`,
      );
  }
  if (report.embedded.length > 0) {
    lines.push('');
    lines.push(
      '| embedded model | engine | raw predict img/s | audit img/s | audit ÷ raw | peak RSS MB | load |',
    );
    lines.push('|---|---|---|---|---|---|---|');
    for (const e of report.embedded) {
      lines.push(
        `| ${e.model} | ${engineLabel(e.backend)} | ${f(e.raw.result.imagesPerSecond, 0)} | ${f(e.audit.result.imagesPerSecond, 0)} | ${ratio(e.audit.result.imagesPerSecond, e.raw.result.imagesPerSecond)} | ${f(e.audit.result.peakRssMb, 0)} | ${loads([e.raw, e.audit])} |`,
      );
    }
  }
  lines.push(...renderZoo(report.zoo ?? []));
  if (report.rss) {
    const r = report.rss.result;
    lines.push('');
    lines.push(
      `Long audit: ${String(report.settings.rssCount)} images through fmnist-cnn (${r.backend}), ${f(r.imagesPerSecond, 0)} img/s: RSS ${f(r.rssAfterWarmupMb, 0)} MB after 5% → max ${f(r.maxRssMb, 0)} MB, growth ${f(r.growthMb, 1)} MB (load ${loads([report.rss])}).`,
    );
  }
  lines.push('');
  lines.push('| target | goal | measured | met |');
  lines.push('|---|---|---|---|');
  for (const t of s.targets)
    lines.push(`| ${t.name} | ${t.goal} | ${t.value} | ${t.met === null ? '—' : t.met ? 'yes' : 'no'} |`);
  for (const note of report.notes) lines.push(`\nNote: ${note}`);
  return lines.join('\n');
}

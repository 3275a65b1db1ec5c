import cliProgress from 'cli-progress';
import type { CliIo } from './io.js';

/** A progress update from a long-running core job. */
export interface ProgressUpdate {
  /** What is being worked on, e.g. `fmnist-cnn · seed-wrap`. */
  readonly label: string;
  readonly processed: number;
  readonly total: number;
  /** Work units per second; measured by the reporter when the job does not say. */
  readonly rate?: number;
  /** What is counted, e.g. `img` or `steps`. @defaultValue 'img' */
  readonly unit?: string;
}

/** Reports progress to the user; `stop()` must be called before printing results. */
export interface ProgressReporter {
  update(progress: ProgressUpdate): void;
  stop(): void;
}

/**
 * A live bar with rate and ETA on an interactive terminal (cli-progress, on stderr), plain
 * lines at every 10% in CI and pipes, nothing with `quiet`.
 */
export function createProgress(io: CliIo, options: { quiet?: boolean } = {}): ProgressReporter {
  if (options.quiet) return { update() {}, stop() {} };
  const interactive = Boolean(io.stderr.isTTY) && !io.env['CI'];
  return interactive ? barProgress(io) : lineProgress(io);
}

function barProgress(io: CliIo): ProgressReporter {
  const bar = new cliProgress.SingleBar(
    {
      format: '{label} |{bar}| {value}/{total} · {rate} {unit}/s · ETA {eta_formatted}',
      stream: io.stderr as NodeJS.WritableStream,
      hideCursor: true,
      clearOnComplete: true,
      etaBuffer: 50,
    },
    cliProgress.Presets.shades_classic,
  );
  let current = '';
  const rate = rateMeter();
  return {
    update(p) {
      const payload = { label: p.label, rate: rate(p).toFixed(1), unit: p.unit ?? 'img' };
      if (p.label !== current) {
        if (current) bar.stop();
        current = p.label;
        bar.start(p.total, p.processed, payload);
      } else {
        bar.update(p.processed, payload);
      }
    },
    stop() {
      if (current) bar.stop();
      current = '';
    },
  };
}

function lineProgress(io: CliIo): ProgressReporter {
  let label = '';
  let nextTenth = 1;
  const rate = rateMeter();
  return {
    update(p) {
      if (p.label !== label) {
        label = p.label;
        nextTenth = 1;
      }
      const tenth = Math.floor((p.processed / p.total) * 10);
      if (tenth < nextTenth && p.processed < p.total) return;
      nextTenth = tenth + 1;
      const perSecond = rate(p);
      const eta = perSecond > 0 ? (p.total - p.processed) / perSecond : 0;
      io.stderr.write(
        `${p.label}: ${p.processed}/${p.total} (${Math.round((100 * p.processed) / p.total)}%) ` +
          `${perSecond.toFixed(1)} ${p.unit ?? 'img'}/s, ETA ${eta.toFixed(0)}s\n`,
      );
    },
    stop() {},
  };
}

/** The job's own rate when it gives one, else units per second since its label first appeared. */
function rateMeter(): (p: ProgressUpdate) => number {
  let label = '';
  let start = 0;
  return (p) => {
    if (p.label !== label) {
      label = p.label;
      start = performance.now();
    }
    if (p.rate !== undefined) return p.rate;
    const seconds = (performance.now() - start) / 1000;
    return seconds > 0 ? p.processed / seconds : 0;
  };
}

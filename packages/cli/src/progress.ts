import cliProgress from 'cli-progress';
import type { CliIo } from './io.js';

/** A progress update from a long-running core job. */
export interface ProgressUpdate {
  /** What is being worked on, e.g. `fmnist-cnn · seed-wrap`. */
  readonly label: string;
  readonly processed: number;
  readonly total: number;
  readonly imagesPerSecond: number;
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
      format: '{label} |{bar}| {value}/{total} · {rate} img/s · ETA {eta_formatted}',
      stream: io.stderr as NodeJS.WritableStream,
      hideCursor: true,
      clearOnComplete: true,
      etaBuffer: 50,
    },
    cliProgress.Presets.shades_classic,
  );
  let current = '';
  return {
    update(p) {
      const payload = { label: p.label, rate: p.imagesPerSecond.toFixed(1) };
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
  return {
    update(p) {
      if (p.label !== label) {
        label = p.label;
        nextTenth = 1;
      }
      const tenth = Math.floor((p.processed / p.total) * 10);
      if (tenth < nextTenth && p.processed < p.total) return;
      nextTenth = tenth + 1;
      const eta = p.imagesPerSecond > 0 ? (p.total - p.processed) / p.imagesPerSecond : 0;
      io.stderr.write(
        `${p.label}: ${p.processed}/${p.total} (${Math.round((100 * p.processed) / p.total)}%) ` +
          `${p.imagesPerSecond.toFixed(1)} img/s, ETA ${eta.toFixed(0)}s\n`,
      );
    },
    stop() {},
  };
}

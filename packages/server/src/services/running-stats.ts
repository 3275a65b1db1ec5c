import type { RunColumns } from '../store/audit-store.js';
import type { RunningStats } from './pubsub.js';

/** Streaming mean / max / most frequent top-1 label of one run, for progress events. */
export class RunningRun {
  private n = 0;
  private sum = 0;
  private max = Number.NEGATIVE_INFINITY;
  private readonly counts = new Map<string, number>();

  constructor(
    readonly runIndex: number,
    readonly model: string,
    readonly kind: string,
  ) {}

  add(score: number, label: string): void {
    this.n++;
    this.sum += score;
    if (score > this.max) this.max = score;
    this.counts.set(label, (this.counts.get(label) ?? 0) + 1);
  }

  addColumns(columns: RunColumns): void {
    for (let i = 0; i < columns.score.length; i++) this.add(columns.score[i]!, columns.labels[i]!);
  }

  stats(): RunningStats {
    let topLabel: string | null = null;
    let topLabelCount = 0;
    for (const [label, count] of this.counts) {
      if (count > topLabelCount) {
        topLabel = label;
        topLabelCount = count;
      }
    }
    return {
      runIndex: this.runIndex,
      model: this.model,
      kind: this.kind,
      processed: this.n,
      meanScore: this.n > 0 ? this.sum / this.n : null,
      maxScore: this.n > 0 ? this.max : null,
      topLabel,
      topLabelCount,
    };
  }
}

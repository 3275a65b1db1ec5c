import type {
  AuditModelInfo,
  AuditPrediction,
  AuditSample,
  Describe,
  LabelCount,
  NoiseSpec,
} from '@snowblind/core';
import type { Db } from './db.js';

/** Life of an audit. `INTERRUPTED`: the server stopped while it ran; a resume continues it. */
export const AUDIT_STATUSES = [
  'QUEUED',
  'RUNNING',
  'SUCCEEDED',
  'FAILED',
  'CANCELLED',
  'INTERRUPTED',
] as const;
export type AuditStatus = (typeof AUDIT_STATUSES)[number];
export const TERMINAL_STATUSES: ReadonlySet<AuditStatus> = new Set([
  'SUCCEEDED',
  'FAILED',
  'CANCELLED',
  'INTERRUPTED',
]);

/** A stored error of a job. */
export interface JobError {
  readonly code: string;
  readonly message: string;
}

export interface AuditRecord {
  readonly seq: number;
  readonly id: string;
  readonly createdAt: string;
  readonly startedAt: string | null;
  readonly finishedAt: string | null;
  readonly status: AuditStatus;
  readonly count: number;
  readonly seed: number;
  readonly batchSize: number;
  readonly topK: number;
  readonly models: readonly string[];
  /** Noise specs with every default filled in. */
  readonly noise: readonly NoiseSpec[];
  /** Images per run committed so far (a multiple of batchSize, or count). */
  readonly processed: number;
  /**
   * Seconds the audit spent running, summed over its first start and every resume: not the
   * time it sat queued, cancelled or interrupted. Up to now while it runs; for a stretch a
   * killed server ended, up to its last committed batch.
   */
  readonly workingSeconds: number;
  readonly error: JobError | null;
}

/** Final statistics of a run, recomputed from its stored samples. */
export interface RunSummary {
  readonly describe: Describe;
  readonly labelCounts: readonly LabelCount[];
  readonly maxLogit: Describe | null;
  readonly energy: Describe | null;
}

export interface RunRecord {
  readonly auditId: string;
  /** Position in the audit: models outer, noise specs inner (as runAudit orders runs). */
  readonly runIndex: number;
  readonly model: string;
  readonly kind: string;
  readonly spec: NoiseSpec;
  readonly modelInfo: AuditModelInfo | null;
  readonly summary: RunSummary | null;
}

/** One classified noise image. */
export interface SampleRow {
  readonly index: number;
  /** Top-1 softmax probability (MSP). */
  readonly score: number;
  readonly label: string;
  readonly classIndex: number;
  readonly maxLogit: number | null;
  readonly energy: number | null;
  readonly topK: readonly AuditPrediction[];
}

/** The stored form of one sample of a core audit run (top-1 pulled out for queries). */
export function toSampleRow(sample: AuditSample): SampleRow {
  const top = sample.topK[0]!;
  return {
    index: sample.index,
    score: top.score,
    label: top.label,
    classIndex: top.classIndex,
    maxLogit: sample.maxLogit ?? null,
    energy: sample.energy ?? null,
    topK: sample.topK,
  };
}

/** The samples of one run in one committed batch. */
export interface RunBatch {
  readonly runIndex: number;
  readonly samples: readonly SampleRow[];
}

/** Per-image columns of a run, in image order: what describe/labelCounts/OOD metrics read. */
export interface RunColumns {
  readonly score: Float64Array;
  readonly labels: string[];
  readonly maxLogit: Float64Array | null;
  readonly energy: Float64Array | null;
}

interface AuditRow {
  seq: number;
  id: string;
  created_at: string;
  started_at: string | null;
  finished_at: string | null;
  status: AuditStatus;
  count: number;
  seed: number;
  batch_size: number;
  top_k: number;
  models: string;
  noise: string;
  processed: number;
  error_code: string | null;
  error_message: string | null;
  worked_seconds: number;
  running_since: string | null;
  committed_at: string | null;
}

/** Seconds from one ISO time to another (0 when either is missing or they are out of order). */
function secondsBetween(from: string | null, to: string | null): number {
  if (from === null || to === null) return 0;
  return Math.max(0, (Date.parse(to) - Date.parse(from)) / 1000);
}

/** The plain-words message of an audit a stopped server left running (no API names: people read it). */
export const INTERRUPTED_MESSAGE =
  'the server stopped while this audit ran; the batches it finished are kept, and resuming the audit (Resume on its dashboard page) continues from there';

function toAudit(r: AuditRow, now: string): AuditRecord {
  return {
    seq: r.seq,
    id: r.id,
    createdAt: r.created_at,
    startedAt: r.started_at,
    finishedAt: r.finished_at,
    status: r.status,
    count: r.count,
    seed: r.seed,
    batchSize: r.batch_size,
    topK: r.top_k,
    models: JSON.parse(r.models),
    noise: JSON.parse(r.noise),
    processed: r.processed,
    workingSeconds: r.worked_seconds + (r.status === 'RUNNING' ? secondsBetween(r.running_since, now) : 0),
    error: r.error_code ? { code: r.error_code, message: r.error_message ?? '' } : null,
  };
}

/** Audits, their runs and per-sample predictions in SQLite. */
export class AuditStore {
  constructor(
    private readonly db: Db,
    /** The clock of start, stop and commit times (tests pass a fake one). */
    private readonly now: () => Date = () => new Date(),
  ) {}

  insert(
    audit: Omit<AuditRecord, 'seq' | 'startedAt' | 'finishedAt' | 'processed' | 'workingSeconds' | 'error'>,
  ): void {
    this.db.transaction(() => {
      this.db
        .prepare(
          `INSERT INTO audits (id, created_at, status, count, seed, batch_size, top_k, models, noise)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
        )
        .run(
          audit.id,
          audit.createdAt,
          audit.status,
          audit.count,
          audit.seed,
          audit.batchSize,
          audit.topK,
          JSON.stringify(audit.models),
          JSON.stringify(audit.noise),
        );
      const run = this.db.prepare(
        'INSERT INTO runs (audit_id, run_index, model, kind, spec) VALUES (?, ?, ?, ?, ?)',
      );
      audit.models.forEach((model, m) => {
        audit.noise.forEach((spec, s) => {
          run.run(audit.id, m * audit.noise.length + s, model, spec.kind, JSON.stringify(spec));
        });
      });
    })();
  }

  get(id: string): AuditRecord | undefined {
    const row = this.db.prepare('SELECT * FROM audits WHERE id = ?').get(id) as AuditRow | undefined;
    return row && toAudit(row, this.now().toISOString());
  }

  /** Newest first. */
  list(offset: number, limit: number): AuditRecord[] {
    const rows = this.db
      .prepare('SELECT * FROM audits ORDER BY seq DESC LIMIT ? OFFSET ?')
      .all(limit, offset) as AuditRow[];
    const now = this.now().toISOString();
    return rows.map((r) => toAudit(r, now));
  }

  total(): number {
    return (this.db.prepare('SELECT COUNT(*) AS n FROM audits').get() as { n: number }).n;
  }

  /**
   * Record a new status. `RUNNING` opens a stretch of work (at the first start and at every
   * resume); leaving it adds the stretch to the audit's working time.
   */
  setStatus(id: string, status: AuditStatus, error: JobError | null = null): void {
    const now = this.now().toISOString();
    const terminal = TERMINAL_STATUSES.has(status);
    this.db.transaction(() => {
      const row = this.db.prepare('SELECT running_since FROM audits WHERE id = ?').get(id) as
        | Pick<AuditRow, 'running_since'>
        | undefined;
      const stretch = status === 'RUNNING' ? 0 : secondsBetween(row?.running_since ?? null, now);
      this.db
        .prepare(
          `UPDATE audits SET status = ?, error_code = ?, error_message = ?,
             started_at = CASE WHEN ? = 'RUNNING' THEN COALESCE(started_at, ?) ELSE started_at END,
             finished_at = CASE WHEN ? THEN ? ELSE NULL END,
             worked_seconds = worked_seconds + ?,
             running_since = CASE WHEN ? = 'RUNNING' THEN ? ELSE NULL END
           WHERE id = ?`,
        )
        .run(
          status,
          error?.code ?? null,
          error?.message ?? null,
          status,
          now,
          terminal ? 1 : 0,
          now,
          stretch,
          status,
          now,
          id,
        );
    })();
  }

  /**
   * On start: audits a previous process left queued or running can only be resumed. Their
   * working time counts up to their last committed batch (when the process died is unknown).
   */
  markInterrupted(): string[] {
    const rows = this.db
      .prepare(`SELECT id, running_since, committed_at FROM audits WHERE status IN ('QUEUED', 'RUNNING')`)
      .all() as Pick<AuditRow, 'id' | 'running_since' | 'committed_at'>[];
    const update = this.db.prepare(
      `UPDATE audits SET status = 'INTERRUPTED', error_code = 'INTERRUPTED', error_message = ?,
         worked_seconds = worked_seconds + ?, running_since = NULL
       WHERE id = ?`,
    );
    this.db.transaction(() => {
      for (const r of rows)
        update.run(INTERRUPTED_MESSAGE, secondsBetween(r.running_since, r.committed_at), r.id);
    })();
    return rows.map((r) => r.id);
  }

  /** One transaction per batch: the samples of every run plus the new high-water mark. */
  commitBatch(id: string, processed: number, batches: readonly RunBatch[]): void {
    const insert = this.db.prepare(
      `INSERT OR REPLACE INTO samples
         (audit_id, run_index, idx, score, label, class_index, max_logit, energy, top_k)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    );
    this.db.transaction(() => {
      for (const batch of batches) {
        for (const s of batch.samples) {
          insert.run(
            id,
            batch.runIndex,
            s.index,
            s.score,
            s.label,
            s.classIndex,
            s.maxLogit,
            s.energy,
            JSON.stringify(s.topK),
          );
        }
      }
      this.db
        .prepare('UPDATE audits SET processed = ?, committed_at = ? WHERE id = ?')
        .run(processed, this.now().toISOString(), id);
    })();
  }

  /** Drop samples at or past the committed mark (never there after a clean commit; cheap insurance). */
  truncateSamples(id: string, from: number): void {
    this.db.prepare('DELETE FROM samples WHERE audit_id = ? AND idx >= ?').run(id, from);
  }

  runs(id: string): RunRecord[] {
    const rows = this.db.prepare('SELECT * FROM runs WHERE audit_id = ? ORDER BY run_index').all(id) as {
      audit_id: string;
      run_index: number;
      model: string;
      kind: string;
      spec: string;
      model_info: string | null;
      summary: string | null;
    }[];
    return rows.map((r) => ({
      auditId: r.audit_id,
      runIndex: r.run_index,
      model: r.model,
      kind: r.kind,
      spec: JSON.parse(r.spec),
      modelInfo: r.model_info ? JSON.parse(r.model_info) : null,
      summary: r.summary ? JSON.parse(r.summary) : null,
    }));
  }

  setModelInfo(id: string, runIndex: number, info: AuditModelInfo): void {
    this.db
      .prepare('UPDATE runs SET model_info = ? WHERE audit_id = ? AND run_index = ?')
      .run(JSON.stringify(info), id, runIndex);
  }

  setSummary(id: string, runIndex: number, summary: RunSummary): void {
    this.db
      .prepare('UPDATE runs SET summary = ? WHERE audit_id = ? AND run_index = ?')
      .run(JSON.stringify(summary), id, runIndex);
  }

  samples(id: string, runIndex: number, offset: number, limit: number, only?: number): SampleRow[] {
    const rows = (
      only === undefined
        ? this.db
            .prepare(
              'SELECT * FROM samples WHERE audit_id = ? AND run_index = ? ORDER BY idx LIMIT ? OFFSET ?',
            )
            .all(id, runIndex, limit, offset)
        : this.db
            .prepare('SELECT * FROM samples WHERE audit_id = ? AND run_index = ? AND idx = ?')
            .all(id, runIndex, only)
    ) as {
      idx: number;
      score: number;
      label: string;
      class_index: number;
      max_logit: number | null;
      energy: number | null;
      top_k: string;
    }[];
    return rows.map((r) => ({
      index: r.idx,
      score: r.score,
      label: r.label,
      classIndex: r.class_index,
      maxLogit: r.max_logit,
      energy: r.energy,
      topK: JSON.parse(r.top_k),
    }));
  }

  sample(id: string, runIndex: number, index: number): SampleRow | undefined {
    return this.samples(id, runIndex, 0, 1, index)[0];
  }

  columns(id: string, runIndex: number): RunColumns {
    const rows = this.db
      .prepare(
        'SELECT score, label, max_logit, energy FROM samples WHERE audit_id = ? AND run_index = ? ORDER BY idx',
      )
      .raw()
      .all(id, runIndex) as [number, string, number | null, number | null][];
    const score = new Float64Array(rows.length);
    const labels: string[] = new Array(rows.length);
    const hasLogits = rows.length > 0 && rows[0]![2] !== null;
    const maxLogit = hasLogits ? new Float64Array(rows.length) : null;
    const energy = hasLogits ? new Float64Array(rows.length) : null;
    rows.forEach((r, i) => {
      score[i] = r[0];
      labels[i] = r[1];
      if (maxLogit) maxLogit[i] = r[2] ?? Number.NaN;
      if (energy) energy[i] = r[3] ?? Number.NaN;
    });
    return { score, labels, maxLogit, energy };
  }
}

import type { JobError } from './audit-store.js';
import type { Db } from './db.js';

export const EXPLANATION_STATUSES = [
  'QUEUED',
  'RUNNING',
  'SUCCEEDED',
  'FAILED',
  'CANCELLED',
  'INTERRUPTED',
] as const;
export type ExplanationStatus = (typeof EXPLANATION_STATUSES)[number];

/** What an attribution job produced: artifact file names (served under /artifacts/) and numbers. */
export interface ExplanationResult {
  readonly target: number;
  readonly targetLabel: string;
  readonly score: number;
  readonly heatmap: string;
  readonly blended: string;
  readonly original: string;
  readonly delta: number | null;
}

export interface ExplanationRecord {
  readonly id: string;
  readonly createdAt: string;
  readonly finishedAt: string | null;
  readonly status: ExplanationStatus;
  readonly model: string;
  readonly method: string;
  readonly result: ExplanationResult | null;
  readonly error: JobError | null;
}

interface Row {
  id: string;
  created_at: string;
  finished_at: string | null;
  status: ExplanationStatus;
  input: string;
  result: string | null;
  error_code: string | null;
  error_message: string | null;
}

/** Attribution jobs and their results. */
export class ExplainStore {
  constructor(private readonly db: Db) {}

  insert(id: string, input: { model: string; method: string }): void {
    this.db
      .prepare('INSERT INTO explanations (id, created_at, status, input) VALUES (?, ?, ?, ?)')
      .run(id, new Date().toISOString(), 'QUEUED', JSON.stringify(input));
  }

  get(id: string): ExplanationRecord | undefined {
    const r = this.db.prepare('SELECT * FROM explanations WHERE id = ?').get(id) as Row | undefined;
    if (!r) return undefined;
    const input = JSON.parse(r.input) as { model: string; method: string };
    return {
      id: r.id,
      createdAt: r.created_at,
      finishedAt: r.finished_at,
      status: r.status,
      model: input.model,
      method: input.method,
      result: r.result ? JSON.parse(r.result) : null,
      error: r.error_code ? { code: r.error_code, message: r.error_message ?? '' } : null,
    };
  }

  finish(
    id: string,
    status: ExplanationStatus,
    result: ExplanationResult | null,
    error: JobError | null,
  ): void {
    this.db
      .prepare(
        'UPDATE explanations SET status = ?, result = ?, error_code = ?, error_message = ?, finished_at = ? WHERE id = ?',
      )
      .run(
        status,
        result ? JSON.stringify(result) : null,
        error?.code ?? null,
        error?.message ?? null,
        new Date().toISOString(),
        id,
      );
  }

  setStatus(id: string, status: ExplanationStatus): void {
    this.db.prepare('UPDATE explanations SET status = ? WHERE id = ?').run(status, id);
  }

  markInterrupted(): void {
    this.db
      .prepare(
        `UPDATE explanations SET status = 'INTERRUPTED', error_code = 'INTERRUPTED',
           error_message = 'the server stopped during this attribution; run explain again'
         WHERE status IN ('QUEUED', 'RUNNING')`,
      )
      .run();
  }

  idScores<T>(key: string): T | undefined {
    const row = this.db.prepare('SELECT scores FROM id_scores WHERE key = ?').get(key) as
      | { scores: string }
      | undefined;
    return row && JSON.parse(row.scores);
  }

  setIdScores(key: string, scores: unknown): void {
    this.db
      .prepare('INSERT OR REPLACE INTO id_scores (key, scores) VALUES (?, ?)')
      .run(key, JSON.stringify(scores));
  }
}

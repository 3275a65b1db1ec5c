import type { AuditPrediction, ConstraintCheck } from '@snowblind/core';
import type { JobError } from './audit-store.js';
import type { Db } from './db.js';
import { EXPLANATION_STATUSES, type ExplanationStatus } from './explain-store.js';

/** Fool searches have the same life cycle as explanations. */
export const FOOL_STATUSES = EXPLANATION_STATUSES;
export type FoolStatus = ExplanationStatus;

/** What a fool job produced: numbers and the found PNG's file name (served under /artifacts/). */
export interface FoolJobResult {
  readonly reachedClass: number;
  readonly label: string;
  readonly startConfidence: number;
  readonly confidence: number;
  readonly curve: readonly number[];
  readonly iterations: number;
  readonly stopReason: string;
  readonly top5: readonly AuditPrediction[];
  readonly constraints: readonly ConstraintCheck[];
  readonly constraintsHeld: boolean;
  readonly image: string;
}

/** The settings a fool job was queued with. */
export interface FoolInputRecord {
  readonly model: string;
  readonly target: number | 'any';
  readonly method: string | null;
  readonly budget: number;
}

export interface FoolRecord extends FoolInputRecord {
  readonly id: string;
  readonly createdAt: string;
  readonly finishedAt: string | null;
  readonly status: FoolStatus;
  readonly result: FoolJobResult | null;
  readonly error: JobError | null;
}

interface Row {
  id: string;
  created_at: string;
  finished_at: string | null;
  status: FoolStatus;
  input: string;
  result: string | null;
  error_code: string | null;
  error_message: string | null;
}

/** Fool jobs and their results (table `fool_searches`). */
export class FoolStore {
  constructor(private readonly db: Db) {}

  insert(id: string, input: FoolInputRecord): void {
    this.db
      .prepare('INSERT INTO fool_searches (id, created_at, status, input) VALUES (?, ?, ?, ?)')
      .run(id, new Date().toISOString(), 'QUEUED', JSON.stringify(input));
  }

  get(id: string): FoolRecord | undefined {
    const r = this.db.prepare('SELECT * FROM fool_searches WHERE id = ?').get(id) as Row | undefined;
    if (!r) return undefined;
    return {
      ...(JSON.parse(r.input) as FoolInputRecord),
      id: r.id,
      createdAt: r.created_at,
      finishedAt: r.finished_at,
      status: r.status,
      result: r.result ? JSON.parse(r.result) : null,
      error: r.error_code ? { code: r.error_code, message: r.error_message ?? '' } : null,
    };
  }

  finish(id: string, status: FoolStatus, result: FoolJobResult | null, error: JobError | null): void {
    this.db
      .prepare(
        'UPDATE fool_searches SET status = ?, result = ?, error_code = ?, error_message = ?, finished_at = ? WHERE id = ?',
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

  setStatus(id: string, status: FoolStatus): void {
    this.db.prepare('UPDATE fool_searches SET status = ? WHERE id = ?').run(status, id);
  }

  markInterrupted(): void {
    this.db
      .prepare(
        `UPDATE fool_searches SET status = 'INTERRUPTED', error_code = 'INTERRUPTED',
           error_message = 'the server stopped during this search; run fool again'
         WHERE status IN ('QUEUED', 'RUNNING')`,
      )
      .run();
  }
}

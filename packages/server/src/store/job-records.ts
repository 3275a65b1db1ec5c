import type { JobError } from './audit-store.js';
import type { Db } from './db.js';

/** Life cycle of a single-shot job (an explanation, a fool search). */
export const JOB_STATUSES = ['QUEUED', 'RUNNING', 'SUCCEEDED', 'FAILED', 'CANCELLED', 'INTERRUPTED'] as const;
export type JobStatus = (typeof JOB_STATUSES)[number];

/** A stored job: its input fields, flattened, plus status, result and error. */
export type JobRecord<Input, Result> = Input & {
  readonly id: string;
  readonly createdAt: string;
  readonly finishedAt: string | null;
  readonly status: JobStatus;
  readonly result: Result | null;
  readonly error: JobError | null;
};

interface Row {
  id: string;
  created_at: string;
  finished_at: string | null;
  status: JobStatus;
  input: string;
  result: string | null;
  error_code: string | null;
  error_message: string | null;
}

/**
 * A table of single-shot jobs with JSON input and result columns (`explanations`,
 * `fool_searches`): insert when queued, status while running, result or error when done, and
 * `INTERRUPTED` for whatever a previous process left running.
 */
export class JobRecordTable<Input extends object, Result> {
  constructor(
    protected readonly db: Db,
    private readonly table: 'explanations' | 'fool_searches',
    /** Stored as the error message of jobs a restart cut off. */
    private readonly interruptedMessage: string,
  ) {}

  insert(id: string, input: Input): void {
    this.db
      .prepare(`INSERT INTO ${this.table} (id, created_at, status, input) VALUES (?, ?, ?, ?)`)
      .run(id, new Date().toISOString(), 'QUEUED', JSON.stringify(input));
  }

  get(id: string): JobRecord<Input, Result> | undefined {
    const r = this.db.prepare(`SELECT * FROM ${this.table} WHERE id = ?`).get(id) as Row | undefined;
    if (!r) return undefined;
    return {
      ...(JSON.parse(r.input) as Input),
      id: r.id,
      createdAt: r.created_at,
      finishedAt: r.finished_at,
      status: r.status,
      result: r.result ? (JSON.parse(r.result) as Result) : null,
      error: r.error_code ? { code: r.error_code, message: r.error_message ?? '' } : null,
    };
  }

  finish(id: string, status: JobStatus, result: Result | null, error: JobError | null): void {
    this.db
      .prepare(
        `UPDATE ${this.table} SET status = ?, result = ?, error_code = ?, error_message = ?, finished_at = ? WHERE id = ?`,
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

  setStatus(id: string, status: JobStatus): void {
    this.db.prepare(`UPDATE ${this.table} SET status = ? WHERE id = ?`).run(status, id);
  }

  markInterrupted(): void {
    this.db
      .prepare(
        `UPDATE ${this.table} SET status = 'INTERRUPTED', error_code = 'INTERRUPTED', error_message = ?
         WHERE status IN ('QUEUED', 'RUNNING')`,
      )
      .run(this.interruptedMessage);
  }
}

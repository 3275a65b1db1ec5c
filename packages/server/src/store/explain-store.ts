import type { Db } from './db.js';
import { JOB_STATUSES, type JobRecord, JobRecordTable, type JobStatus } from './job-records.js';

export const EXPLANATION_STATUSES = JOB_STATUSES;
export type ExplanationStatus = JobStatus;

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

export type ExplanationRecord = JobRecord<
  { readonly model: string; readonly method: string },
  ExplanationResult
>;

/** Attribution jobs and their results (table `explanations`), plus cached in-distribution scores. */
export class ExplainStore extends JobRecordTable<{ model: string; method: string }, ExplanationResult> {
  constructor(db: Db) {
    super(db, 'explanations', 'the server stopped during this attribution; start it again');
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

import type { AuditPrediction, ConstraintCheck } from '@snowblind/core';
import type { Db } from './db.js';
import { JOB_STATUSES, type JobRecord, JobRecordTable, type JobStatus } from './job-records.js';

/** Fool searches have the same life cycle as explanations. */
export const FOOL_STATUSES = JOB_STATUSES;
export type FoolStatus = JobStatus;

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

export type FoolRecord = JobRecord<FoolInputRecord, FoolJobResult>;

/** Fool jobs and their results (table `fool_searches`). */
export class FoolStore extends JobRecordTable<FoolInputRecord, FoolJobResult> {
  constructor(db: Db) {
    super(db, 'fool_searches', 'the server stopped during this search; start it again');
  }
}

import { createPubSub } from 'graphql-yoga';
import type { AuditStatus } from '../store/audit-store.js';
import type { ExplanationStatus } from '../store/explain-store.js';
import type { ProgressTiming } from './progress-clock.js';

/** Running statistics of one run, cheap enough to send after every batch. */
export interface RunningStats {
  readonly runIndex: number;
  readonly model: string;
  readonly kind: string;
  readonly processed: number;
  readonly meanScore: number | null;
  readonly maxScore: number | null;
  readonly topLabel: string | null;
  readonly topLabelCount: number;
}

/** One audit progress event (after each committed batch and at every status change). */
export interface AuditProgressEvent {
  readonly auditId: string;
  readonly status: AuditStatus;
  readonly processed: number;
  readonly total: number;
  readonly imagesPerSecond: number;
  readonly etaSeconds: number | null;
  readonly runs: readonly RunningStats[];
}

/** One attribution progress event. */
export interface ExplainProgressEvent extends ProgressTiming {
  readonly explanationId: string;
  readonly status: ExplanationStatus;
  readonly done: number;
  readonly total: number;
}

/** Topics: audit and explanation progress, keyed by id, and every audit's progress on one topic. */
export type Topics = {
  auditProgress: [auditId: string, event: AuditProgressEvent];
  auditsChanged: [event: AuditProgressEvent];
  explainProgress: [explanationId: string, event: ExplainProgressEvent];
};

export function createProgressPubSub() {
  return createPubSub<Topics>();
}

export type ProgressPubSub = ReturnType<typeof createProgressPubSub>;

import type { AttributionMethod, ExplanationStatus } from '../graphql/types.js';
import { duration } from './format.js';

/** One `attributionProgress` event as the dashboard keeps it. */
export interface AttributionProgress {
  explanationId: string;
  status: ExplanationStatus;
  /** Units done of `total` (0 of 0 until the job has loaded its model and planned its work). */
  done: number;
  total: number;
  /** Seconds the job had been running when the server sent the event; null while queued. */
  elapsedSeconds: number | null;
  /** Seconds left the server estimated then; null until the first unit is done. */
  etaSeconds: number | null;
  /** When the event arrived (`performance.now()`), so elapsed time and ETA move between events. */
  receivedAt: number;
}

/** What each method's progress counts, and its short name. */
const UNITS: Record<AttributionMethod, { name: string; unit: string }> = {
  INTEGRATED_GRADIENTS: { name: 'IG', unit: 'steps' },
  NOISE_TUNNEL: { name: 'Noise tunnel', unit: 'IG steps' },
  OCCLUSION: { name: 'Occlusion', unit: 'windows' },
  SALIENCY: { name: 'Saliency', unit: 'gradient passes' },
};

/** Time left as a person says it: "less than a second", "3 s", "2 min 5 s". */
function timeLeft(seconds: number): string {
  if (seconds < 1) return 'less than a second left';
  return `about ${seconds < 10 ? `${Math.round(seconds)} s` : duration(seconds)} left`;
}

/**
 * The sentence under an attribution's progress bar at `now` (a `performance.now()` time), e.g.
 * "IG: 100 / 200 steps · 3.1 s elapsed · about 3 s left". While the job runs, elapsed time and
 * ETA move on from the last event by the time since it arrived.
 */
export function attributionProgressText(
  method: AttributionMethod,
  p: AttributionProgress,
  now: number,
): string {
  const { name, unit } = UNITS[method];
  if (p.status === 'QUEUED') return `${name}: waiting for a free worker`;
  const running = p.status === 'RUNNING';
  const since = running ? Math.max(0, (now - p.receivedAt) / 1000) : 0;
  const elapsed = p.elapsedSeconds === null ? null : p.elapsedSeconds + since;
  if (p.status === 'SUCCEEDED') {
    // Without a time, the stream opened after the job ended and its units are not known either.
    if (elapsed === null) return `${name}: done`;
    return `${name}: ${p.total.toLocaleString('en')} ${unit} in ${duration(elapsed)}`;
  }
  const parts = [
    p.total > 0
      ? `${name}: ${p.done.toLocaleString('en')} / ${p.total.toLocaleString('en')} ${unit}`
      : `${name}: loading the model`,
  ];
  if (elapsed !== null) parts.push(`${duration(elapsed)} elapsed`);
  if (running && p.etaSeconds !== null) parts.push(timeLeft(Math.max(0, p.etaSeconds - since)));
  return parts.join(' · ');
}

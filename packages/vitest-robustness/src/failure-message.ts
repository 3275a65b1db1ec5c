import { dirname } from 'node:path';
import { searchLine } from './adversarial.js';
import type { NoiseSample } from './noise-audit.js';
import type { NoiseGateResult } from './noise-gate.js';

function percent(part: number, whole: number): string {
  return `${((100 * part) / whole).toFixed(1)}%`;
}

function sampleLine(sample: NoiseSample, score: string | undefined): string {
  const severity = score === undefined || score === 'msp' ? '' : `, ${score} ${sample.severity.toFixed(3)}`;
  return (
    `${sample.spec.kind} #${sample.index} (seed ${sample.spec.seed}): "${sample.label}" ` +
    `(class ${sample.classIndex}) at confidence ${sample.confidence.toFixed(3)}${severity}`
  );
}

/**
 * The body of the message when the model was fooled by more samples than allowed: counts, the
 * worst sample, the seed, a one-line replay and where the PNGs went.
 */
export function fooledMessage(result: NoiseGateResult): string {
  const rule = result.score;
  const lines = [
    `Model "${result.modelId}" was fooled by ${result.fooled} of ${result.total} noise samples ` +
      `(${percent(result.fooled, result.total)}; allowed ${result.allowed}).`,
    `Fooled means: ${result.rule}.`,
    `Per noise set: ${result.specs
      .map((s, i) => `${s.kind} ${result.fooledPerSet[i]}/${result.samplesPerSet}`)
      .join(', ')}.`,
  ];
  const fooling = result.worst.filter((s) => s.fooled);
  if (fooling[0]) lines.push(`Worst: ${sampleLine(fooling[0], rule)}.`);
  if (fooling.length > 1) {
    lines.push(`Next worst:`);
    for (const s of fooling.slice(1)) lines.push(`  ${sampleLine(s, rule)}`);
  }
  for (const s of result.searches) lines.push(searchLine(s));
  lines.push(`Seed: ${result.seed}.`);
  if (result.replay) {
    lines.push(`Replay: ${result.replay.call}`);
    if (result.replay.cli) lines.push(`    or: ${result.replay.cli}`);
  }
  if (result.artifacts.length > 0) {
    lines.push(`Artifacts: ${result.artifacts.length} PNG(s) in ${dirname(result.artifacts[0]!)}/`);
  }
  return lines.join('\n');
}

/** The body of the message when the model rejected (enough of) the noise: what `.not` reports. */
export function rejectedMessage(result: NoiseGateResult): string {
  const rule = result.score;
  const lines = [
    `Model "${result.modelId}" rejected the noise: ${result.fooled} of ${result.total} samples fooled it ` +
      `(allowed ${result.allowed}).`,
    `Fooled means: ${result.rule}.`,
  ];
  const closest = result.worst[0];
  if (closest) lines.push(`Most confident: ${sampleLine(closest, rule)}.`);
  for (const s of result.searches) lines.push(searchLine(s));
  lines.push(`Seed: ${result.seed}.`);
  return lines.join('\n');
}

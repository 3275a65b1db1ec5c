import { readFileSync, writeFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { fakeClassifier } from '../../test/fake-classifier.js';
import { runAudit } from '../audit/index.js';
import { isSnowblindError } from '../errors.js';
import { formatAuditText } from './format-audit-text.js';
import { reportJsonSchema } from './json-schema.js';
import { parseReport } from './parse-report.js';
import { type AuditReport, REPORT_SCHEMA_VERSION } from './schema.js';
import { toReport } from './to-report.js';

/** Set UPDATE_FIXTURES=1 to rewrite the golden files after an intended change. */
const UPDATE = process.env['UPDATE_FIXTURES'] === '1';
const fixtureUrl = (name: string) => new URL(`../../test/fixtures/report/${name}`, import.meta.url);

function golden(name: string, actual: string): void {
  const url = fixtureUrl(name);
  if (UPDATE) writeFileSync(url, actual);
  expect(actual).toBe(readFileSync(url, 'utf8'));
}

/** Pins everything that depends on the clock or the machine. */
function normalize(report: AuditReport): AuditReport {
  return {
    ...report,
    snowblindVersion: '0.0.0-test',
    nodeVersion: 'v20.0.0',
    hostCores: 2,
    startedAt: '2026-01-01T00:00:00.000Z',
    finishedAt: '2026-01-01T00:00:01.000Z',
    runs: report.runs.map((run, i) => ({
      ...run,
      timings: {
        noiseMs: 1,
        preprocessMs: 2,
        inferenceMs: 3,
        aggregationMs: 4,
        totalMs: 10,
        imagesPerSecond: 100 * (i + 1),
      },
    })),
  };
}

async function goldenReport(): Promise<AuditReport> {
  const result = await runAudit({
    models: [
      fakeClassifier({ id: 'linear-a' }),
      fakeClassifier({ id: 'linear-b', scale: 6, phase: 0.7 }),
      fakeClassifier({ id: 'linear-probs', scale: 0.5, outputKind: 'probabilities' }),
    ],
    noise: [
      { kind: 'seed-wrap', seed: 0, width: 6, height: 6 },
      { kind: 'uniform', seed: 7, width: 6, height: 6 },
    ],
    count: 40,
    batchSize: 16,
    topK: 3,
    keepSamples: 2,
  });
  return normalize(toReport(result));
}

function codeAndMessage(f: () => unknown): [string, string] {
  try {
    f();
  } catch (e) {
    if (isSnowblindError(e)) return [e.code, e.message];
    throw e;
  }
  return ['none', ''];
}

describe('report', () => {
  it('golden: runAudit → toReport → JSON → parseReport round trip, stable text', async () => {
    const report = await goldenReport();
    const json = `${JSON.stringify(report, null, 2)}\n`;
    const back = parseReport(JSON.parse(json));
    expect(back).toEqual(report);
    expect(back.schemaVersion).toBe(REPORT_SCHEMA_VERSION);
    expect(back.runs).toHaveLength(6);
    expect(back.runs[4]!.scores.maxLogit).toBeNull(); // runs are model-major: linear-probs is 4 and 5
    golden('golden-report.json', json);
    golden('golden-audit.txt', formatAuditText(back));
  });

  it('NaN statistics become null (n = 1 has no std)', async () => {
    const result = await runAudit({
      models: [fakeClassifier()],
      noise: { kind: 'uniform', seed: 1, width: 6, height: 6 },
      count: 1,
    });
    expect(result.runs[0]!.describe.std).toBeNaN();
    const report = toReport(result);
    expect(report.runs[0]!.describe.std).toBeNull();
    expect(formatAuditText(report)).toMatch(/\nstd +NaN\n/);
  });

  it('parseReport names the offending paths', async () => {
    const report = JSON.parse(JSON.stringify(await goldenReport()));
    report.runs[1].describe.mean = 'high';
    report.runs[0].count = -3;
    delete report.seed;
    const [code, message] = codeAndMessage(() => parseReport(report));
    expect(code).toBe('REPORT_INVALID');
    expect(message).toContain('runs.1.describe.mean');
    expect(message).toContain('runs.0.count');
    expect(message).toContain('seed');
  });

  it('parseReport rejects other schema versions and non-objects', () => {
    expect(codeAndMessage(() => parseReport({ schemaVersion: 2 }))).toEqual([
      'REPORT_INVALID',
      'report schema version 2 is not supported (this snowblind reads version 1)',
    ]);
    expect(codeAndMessage(() => parseReport(null))[0]).toBe('REPORT_INVALID');
    expect(codeAndMessage(() => parseReport('{}'))[0]).toBe('REPORT_INVALID');
  });

  it('the committed JSON Schema has not drifted from the zod schema', () => {
    const schema = reportJsonSchema();
    expect(schema['$schema']).toBe('https://json-schema.org/draft/2020-12/schema');
    golden('report.schema.json', `${JSON.stringify(schema, null, 2)}\n`);
  });
});

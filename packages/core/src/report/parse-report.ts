import { SnowblindError } from '../errors.js';
import { type AuditReport, auditReportSchema, REPORT_SCHEMA_VERSION } from './schema.js';

/**
 * Validates untrusted JSON (already `JSON.parse`d) as an {@link AuditReport}.
 *
 * @throws SnowblindError `REPORT_INVALID` naming every offending path
 *   (e.g. `runs.0.describe.mean: Invalid input: expected number, received string`), or the
 *   unsupported `schemaVersion`.
 */
export function parseReport(json: unknown): AuditReport {
  const version = (json as { schemaVersion?: unknown } | null)?.schemaVersion;
  if (
    typeof json === 'object' &&
    json !== null &&
    typeof version === 'number' &&
    version !== REPORT_SCHEMA_VERSION
  ) {
    throw new SnowblindError(
      'REPORT_INVALID',
      `report schema version ${version} is not supported (this snowblind reads version ${REPORT_SCHEMA_VERSION})`,
      {
        hint: 'Re-run the audit with this snowblind version, or read the report with the version that wrote it.',
      },
    );
  }
  const parsed = auditReportSchema.safeParse(json);
  if (parsed.success) return parsed.data;
  const issues = parsed.error.issues.map((issue) => {
    const path = issue.path.map(String).join('.');
    return `${path || '(root)'}: ${issue.message}`;
  });
  throw new SnowblindError('REPORT_INVALID', `invalid snowblind report: ${issues.join('; ')}`, {
    hint: 'Only pass JSON written by `snowblind audit --json` or toReport().',
  });
}

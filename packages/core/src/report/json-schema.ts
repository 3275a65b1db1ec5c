import { z } from 'zod';
import { auditReportSchema } from './schema.js';

/**
 * The report schema as JSON Schema (draft 2020-12), generated from {@link auditReportSchema}
 * with zod v4's `z.toJSONSchema`, for non-TypeScript consumers. A committed copy in
 * `packages/core/test/fixtures/report/report.schema.json` is checked for drift by the tests.
 */
export function reportJsonSchema(): Record<string, unknown> {
  return z.toJSONSchema(auditReportSchema) as Record<string, unknown>;
}

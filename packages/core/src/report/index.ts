/**
 * report — the versioned JSON audit report and the reference experiment's text tables.
 * @packageDocumentation
 */
export { formatAuditText } from './format-audit-text.js';
export { type DescribeColumn, type DescribeValues, formatDescribeTable } from './format-describe-table.js';
export { formatLabelCounts, formatValueCounts, type LabelCountsSource } from './format-label-counts.js';
export { formatOodTable } from './format-ood-table.js';
export { reportJsonSchema } from './json-schema.js';
export { parseReport } from './parse-report.js';
export { type AuditReport, type AuditReportRun, auditReportSchema, REPORT_SCHEMA_VERSION } from './schema.js';
export { toReport } from './to-report.js';

import { z } from 'zod';

/**
 * A validation error as one line naming each field: `models[3].format: Invalid option: …;
 * models[3].sha256: expected 64 hex digits`.
 */
export function zodIssues(error: z.ZodError): string {
  return error.issues.map((i) => `${z.core.toDotPath(i.path) || 'the file'}: ${i.message}`).join('; ');
}

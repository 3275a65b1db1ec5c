import { lexicographicSortSchema, printSchema } from 'graphql';
import { builder } from '../builder.js';
import './models.js';
import './noise-kinds.js';
import './audits.js';
import './audits-changed.js';
import './ood.js';
import './samples.js';
import './explain.js';
import './fool.js';
import './register-model.js';
import './classify-image.js';
import './image-sets.js';
import './distributed.js';

/** The executable schema: every `schema/<domain>.ts` registered onto the one builder. */
export const schema = builder.toSchema({ sortSchema: false });

/** The schema as committed in `schema.graphql` (sorted, so diffs stay small). */
export function printedSchema(): string {
  return `${printSchema(lexicographicSortSchema(schema))}\n`;
}

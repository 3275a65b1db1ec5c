/** Every generated section of the docs: where it lives and what writes it. */
import { cliCommandsMarkdown, cliOptionsMarkdown } from './cli-docs.js';
import { differentiableOpsMarkdown } from './differentiable-ops.js';
import { errorCodesMarkdown } from './error-docs.js';

/** One generated section: a file (repository-relative), the section's name and its generator. */
export interface GeneratedSection {
  readonly file: string;
  readonly name: string;
  readonly render: () => string;
}

/** The command that rewrites them all (what a stale-section failure tells you to run). */
export const REGENERATE = 'npm run docs';

export const GENERATED_SECTIONS: readonly GeneratedSection[] = [
  { file: 'packages/cli/README.md', name: 'cli-commands', render: cliCommandsMarkdown },
  { file: 'packages/cli/README.md', name: 'cli-options', render: cliOptionsMarkdown },
  { file: 'docs/errors.md', name: 'error-codes', render: errorCodesMarkdown },
  { file: 'tools/onnx/README.md', name: 'differentiable-ops', render: differentiableOpsMarkdown },
];

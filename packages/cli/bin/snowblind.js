#!/usr/bin/env node
// Entry point of the `snowblind` command. The TypeScript sources are compiled to dist/ by
// `npm run build` (the README's setup command runs it).
import { existsSync } from 'node:fs';

const entry = new URL('../dist/main.js', import.meta.url);
if (!existsSync(entry)) {
  process.stderr.write(
    'snowblind: the CLI is not built yet.\n  hint: run `npm run build` at the repository root.\n',
  );
  process.exit(2);
}
const { main } = await import(entry.href);
process.exitCode = await main(process.argv.slice(2));

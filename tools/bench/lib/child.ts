/**
 * Child-process entry: `tsx tools/bench/lib/child.ts <task> '<json args>'` runs one task of
 * `tasks.ts` and prints its result as one JSON line after the marker, then exits (so a task
 * that left a handle open cannot keep the bench waiting).
 */
import { TASKS, type TaskName } from './tasks.js';

export const RESULT_MARKER = 'BENCH_RESULT ';

const [name, json] = process.argv.slice(2);
if (!name || !(name in TASKS)) {
  console.error(`unknown task ${name}; one of ${Object.keys(TASKS).join(', ')}`);
  process.exit(2);
}
const task = TASKS[name as TaskName] as (args: unknown) => Promise<unknown>;
try {
  const result = await task(JSON.parse(json ?? '{}'));
  process.stdout.write(`${RESULT_MARKER}${JSON.stringify(result)}\n`);
  process.exit(0);
} catch (error) {
  console.error(error);
  process.exit(1);
}

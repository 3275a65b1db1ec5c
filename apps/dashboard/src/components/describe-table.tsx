import type { AuditRun } from '../graphql/types.js';
import { fmt } from '../lib/format.js';
import { RunName } from './run-name.js';
import { ScrollTable } from './scroll-table.js';

/** describe()'s statistics in pandas' order: key in the API, label as pandas prints it. */
const STATS = [
  ['count', 'count'],
  ['mean', 'mean'],
  ['std', 'std'],
  ['min', 'min'],
  ['p25', '25%'],
  ['p50', '50%'],
  ['p75', '75%'],
  ['max', 'max'],
] as const;
type Stat = (typeof STATS)[number][0];

/** A statistic as shown: the count as an integer, the rest with three decimals (null std a dash). */
const cell = (run: AuditRun, key: Stat) =>
  key === 'count' ? String(run.describe.count) : fmt(run.describe[key]);

interface Props {
  runs: readonly AuditRun[];
  /** A visible caption; without one the table is named for screen readers only. */
  caption?: string;
  /**
   * One column per run and one row per statistic, as pandas prints `DataFrame.describe()`:
   * narrow enough for half a page (Compare) where eight statistic columns are not.
   * @defaultValue false: one row per run, as the reference experiment prints its table
   */
  runsAsColumns?: boolean;
}

/**
 * pandas `describe()` of the top-1 confidence per model × noise run (count, mean, std with
 * ddof=1, min, quartiles, max), as the reference experiment prints it.
 */
export function DescribeTable({ runs, caption, runsAsColumns = false }: Props) {
  const name = caption ?? 'describe() of the top-1 confidence per run';
  return (
    <ScrollTable label={name}>
      <table className={runsAsColumns ? 'describe describe-by-run' : 'describe'}>
        <caption className={caption ? undefined : 'sr-only'}>{name}</caption>
        {runsAsColumns ? <RunColumns runs={runs} /> : <RunRows runs={runs} />}
      </table>
    </ScrollTable>
  );
}

function RunRows({ runs }: { runs: readonly AuditRun[] }) {
  return (
    <>
      <thead>
        <tr>
          <th scope="col">Model · noise</th>
          {STATS.map(([key, label]) => (
            <th scope="col" className="num" key={key}>
              {label}
            </th>
          ))}
        </tr>
      </thead>
      <tbody>
        {runs.map((r) => (
          <tr key={r.index}>
            <th scope="row">
              <RunName run={r} />
            </th>
            {STATS.map(([key]) => (
              <td className="num" key={key}>
                {cell(r, key)}
              </td>
            ))}
          </tr>
        ))}
      </tbody>
    </>
  );
}

function RunColumns({ runs }: { runs: readonly AuditRun[] }) {
  return (
    <>
      <thead>
        <tr>
          <td />
          {runs.map((r) => (
            <th scope="col" className="num" key={r.index}>
              <RunName run={r} />
            </th>
          ))}
        </tr>
      </thead>
      <tbody>
        {STATS.map(([key, label]) => (
          <tr key={key}>
            <th scope="row">{label}</th>
            {runs.map((r) => (
              <td className="num" key={r.index}>
                {cell(r, key)}
              </td>
            ))}
          </tr>
        ))}
      </tbody>
    </>
  );
}

import type { AuditRun } from '../graphql/types.js';
import { fmt } from '../lib/format.js';
import { RunName } from './run-name.js';

const STATS = [
  ['mean', 'mean'],
  ['std', 'std'],
  ['min', 'min'],
  ['p25', '25%'],
  ['p50', '50%'],
  ['p75', '75%'],
  ['max', 'max'],
] as const;

/**
 * pandas `describe()` of the top-1 confidence, one row per model × noise run (count, mean,
 * std with ddof=1, min, quartiles, max), as the reference experiment prints it.
 */
export function DescribeTable({ runs, caption }: { runs: readonly AuditRun[]; caption?: string }) {
  return (
    <div className="table-wrap">
      <table className="describe">
        <caption className={caption ? undefined : 'sr-only'}>
          {caption ?? 'describe() of the top-1 confidence per run'}
        </caption>
        <thead>
          <tr>
            <th scope="col">Model · noise</th>
            <th scope="col" className="num">
              count
            </th>
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
              <td className="num">{r.describe.count}</td>
              {STATS.map(([key]) => (
                <td className="num" key={key}>
                  {fmt(r.describe[key])}
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

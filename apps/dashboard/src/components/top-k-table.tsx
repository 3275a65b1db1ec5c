import type { Prediction } from '../graphql/types.js';
import { pct } from '../lib/format.js';
import { ScrollTable } from './scroll-table.js';

/** The top-k predictions of one image, with a bar per score. */
export function TopKTable({ predictions }: { predictions: readonly Prediction[] }) {
  const caption = `Top-${predictions.length} predictions`;
  return (
    <div className="card">
      <ScrollTable label={caption}>
        <table>
          <caption>{caption}</caption>
          <thead>
            <tr>
              <th scope="col">Class</th>
              <th scope="col">Label</th>
              <th scope="col" className="num">
                Confidence
              </th>
            </tr>
          </thead>
          <tbody>
            {predictions.map((p) => (
              <tr key={p.classIndex}>
                <td className="num">{p.classIndex}</td>
                <th scope="row">{p.label}</th>
                <td className="num">
                  <span
                    className="bar"
                    style={{ width: `${Math.round(p.score * 60)}px` }}
                    aria-hidden="true"
                  />
                  {pct(p.score)}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </ScrollTable>
    </div>
  );
}

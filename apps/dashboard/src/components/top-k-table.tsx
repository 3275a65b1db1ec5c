import type { Prediction } from '../graphql/types.js';
import { pct } from '../lib/format.js';

/** The top-k predictions of one image, with a bar per score. */
export function TopKTable({ predictions }: { predictions: readonly Prediction[] }) {
  return (
    <div className="table-wrap card">
      <table>
        <caption>Top-{predictions.length} predictions</caption>
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
                <span className="bar" style={{ width: `${Math.round(p.score * 60)}px` }} aria-hidden="true" />
                {pct(p.score)}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

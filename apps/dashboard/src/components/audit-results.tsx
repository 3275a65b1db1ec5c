import type { Audit } from '../graphql/types.js';
import { ConfidenceHistogram } from './confidence-histogram.js';
import { DescribeTable } from './describe-table.js';
import { FractionAboveTable } from './fraction-above-table.js';
import { LabelCountCharts } from './label-count-charts.js';
import { OodPanel } from './ood-panel.js';
import { SampleGrid } from './sample-grid.js';

interface Props {
  audit: Audit;
  thresholds: number[];
  onThresholds: (thresholds: number[]) => void;
}

/** Everything an ended audit reports, in the order of the reference experiment. */
export function AuditResults({ audit, thresholds, onThresholds }: Props) {
  return (
    <>
      <section className="card" aria-labelledby="describe-heading">
        <h2 id="describe-heading">Top-1 confidence, describe()</h2>
        <DescribeTable runs={audit.runs} />
      </section>
      <section className="card" aria-labelledby="histogram-heading">
        <h2 id="histogram-heading">Confidence histogram</h2>
        <ConfidenceHistogram audit={audit} />
      </section>
      <section className="card" aria-labelledby="labels-heading">
        <h2 id="labels-heading">Top-1 labels, value_counts()</h2>
        <LabelCountCharts runs={audit.runs} count={audit.count} />
      </section>
      <section className="card" aria-labelledby="above-heading">
        <h2 id="above-heading">Share above a confidence threshold</h2>
        <FractionAboveTable runs={audit.runs} thresholds={thresholds} onThresholds={onThresholds} />
      </section>
      <section className="card" aria-labelledby="ood-heading">
        <h2 id="ood-heading">Out-of-distribution metrics</h2>
        <OodPanel auditId={audit.id} runs={audit.runs} />
      </section>
      <section className="card" aria-labelledby="samples-heading">
        <h2 id="samples-heading">Noise samples</h2>
        <SampleGrid audit={audit} />
      </section>
    </>
  );
}

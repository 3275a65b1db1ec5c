// @vitest-environment happy-dom
import { render } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import '../test/render.js';
import { confidenceHistogram } from '../lib/histogram.js';
import { HistogramChart } from './histogram-chart.js';

/** x, width and height of every drawn bar, per series, from the SVG paths recharts writes. */
function barBoxes(container: HTMLElement) {
  return Array.from(container.querySelectorAll('.recharts-bar'), (series) =>
    Array.from(series.querySelectorAll('.recharts-bar-rectangle path'), (p) => ({
      x: Number(p.getAttribute('x')),
      width: Number(p.getAttribute('width')),
      height: Number(p.getAttribute('height')),
    })),
  );
}

describe('HistogramChart', () => {
  // Plot area: 640 px less the 8 px left margin, 48 px y axis and 16 px right margin.
  const left = 8 + 48;
  const right = 640 - 16;
  const binWidth = (right - left) / 20;

  it('draws every bin at its true width, the first from 0 and the last to 1', () => {
    const bins = confidenceHistogram([{ name: 'fooled', scores: [0, 0.01, 0.5, 0.97, 0.99, 1] }]);
    const { container } = render(
      <HistogramChart
        bins={bins}
        series={[{ name: 'fooled', color: '#0072B2' }]}
        yMax={0.5}
        height={240}
        width={640}
      />,
    );
    const [bars] = barBoxes(container);
    // Bins 0–0.05 (0 and 0.01), 0.50–0.55, and 0.95–1 (0.97, 0.99 and 1.0 itself).
    expect(bars).toHaveLength(3);
    for (const bar of bars!) expect(bar.width).toBeCloseTo(binWidth, 2);
    expect(bars![0]!.x).toBeCloseTo(left, 6);
    expect(bars![1]!.x).toBeCloseTo(left + 10 * binWidth, 6);
    expect(bars![2]!.x + bars![2]!.width).toBeCloseTo(right, 2);
    // Heights follow the shares: the last bin holds half the images, the first a third.
    expect(bars![2]!.height / bars![0]!.height).toBeCloseTo(1.5, 6);
  });

  it('overlays several series bar on bar (not side by side), a model id with a dot included', () => {
    const series = [
      { name: 'squeezenet1.1 · uniform', color: '#0072B2' },
      { name: 'fmnist-cnn · uniform', color: '#D55E00' },
    ];
    const bins = confidenceHistogram([
      { name: series[0]!.name, scores: [0.96, 0.99] },
      { name: series[1]!.name, scores: [0.97, 0.1] },
    ]);
    const { container } = render(
      <HistogramChart bins={bins} series={series} yMax={1} height={240} width={640} legend />,
    );
    const [a, b] = barBoxes(container);
    const near = (value: number) => expect.closeTo(value, 2);
    expect(a).toEqual([{ x: near(right - binWidth), width: near(binWidth), height: expect.any(Number) }]);
    expect(b).toEqual([
      { x: near(left + 2 * binWidth), width: near(binWidth), height: expect.any(Number) },
      { x: near(right - binWidth), width: near(binWidth), height: expect.any(Number) },
    ]);
    // The same bin, one series at 100% and the other at 50%.
    expect(a![0]!.height).toBeCloseTo(2 * b![1]!.height, 6);
    expect(Array.from(container.querySelectorAll('.legend-text'), (e) => e.textContent)).toEqual(
      series.map((s) => s.name),
    );
  });

  it('writes its axis text in the theme colour, not recharts’ grey', () => {
    const bins = confidenceHistogram([{ name: 's', scores: [0.5] }]);
    const { container } = render(
      <HistogramChart
        bins={bins}
        series={[{ name: 's', color: '#0072B2' }]}
        yMax={1}
        height={240}
        width={640}
      />,
    );
    const fills = new Set(
      Array.from(container.querySelectorAll('.recharts-cartesian-axis-tick-value'), (t) =>
        t.getAttribute('fill'),
      ),
    );
    expect([...fills]).toEqual(['#333a42']);
  });
});

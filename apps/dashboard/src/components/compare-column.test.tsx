// @vitest-environment happy-dom
import { render, screen } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import '../test/render.js';
import { CompareColumn } from './compare-column.js';

const audit = (id: string, status: 'SUCCEEDED' | 'CANCELLED', processed: number) => ({
  id,
  status,
  models: ['mnv3s', 'mobilenet-v1'],
  count: 3000,
  noise: [{ kind: 'seed-wrap' }],
  processed,
});

describe('CompareColumn', () => {
  it('tells a finished audit from one cancelled part way in its picker', () => {
    render(
      <CompareColumn
        slot="a"
        label="Left audit"
        options={[audit('aaaaaaaa-1', 'SUCCEEDED', 3000), audit('bbbbbbbb-2', 'CANCELLED', 864)]}
        selected=""
        onSelect={() => {}}
      />,
    );
    const options = Array.from(
      (screen.getByLabelText('Left audit') as HTMLSelectElement).options,
      (o) => o.text,
    );
    expect(options).toEqual([
      '— choose an audit —',
      'aaaaaaaa · mnv3s+mobilenet-v1 · seed-wrap · 3,000',
      'bbbbbbbb · mnv3s+mobilenet-v1 · seed-wrap · 864 of 3,000 · cancelled',
    ]);
  });
});

// @vitest-environment happy-dom
import { render, screen } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import '../test/render.js';
import { ModelCard } from './model-card.js';

const card = `# fmnist-cnn

Fashion-MNIST small CNN, **logits** output.

| | |
|---|---|
| Format | TF.js LayersModel |

## Architecture

<script>window.pwned = true</script>

Inline <b>raw</b> HTML and a [link](javascript:alert(1)).
`;

describe('ModelCard', () => {
  it('renders Markdown: headings as headings (shifted under the model h2), tables, emphasis', () => {
    render(<ModelCard markdown={card} />);
    expect(screen.getByRole('heading', { level: 3, name: 'fmnist-cnn' })).toBeTruthy();
    expect(screen.getByRole('heading', { level: 4, name: 'Architecture' })).toBeTruthy();
    expect(screen.getByText('logits').tagName).toBe('STRONG');
    expect(screen.getByRole('cell', { name: 'TF.js LayersModel' })).toBeTruthy();
    expect(screen.queryByText('# fmnist-cnn')).toBeNull();
  });

  it('renders no raw HTML and no javascript: links', () => {
    const { container } = render(<ModelCard markdown={card} />);
    expect(container.querySelector('script')).toBeNull();
    expect(container.querySelector('b')).toBeNull();
    expect(container.textContent).toContain('Inline raw HTML');
    const link = screen.getByText('link').closest('a');
    expect(link?.getAttribute('href') ?? '').not.toMatch(/javascript/i);
  });
});

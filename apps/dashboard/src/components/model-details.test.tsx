// @vitest-environment happy-dom
import { render, screen } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import '../test/render.js';
import type { Model } from '../graphql/types.js';
import { inputSizeText } from '../lib/input-size.js';
import { ModelDetails } from './model-details.js';

const model = (inputShape: Model['inputShape'], layout: string, scale: number): Model => ({
  id: 'm',
  format: 'onnx',
  source: 'user',
  description: null,
  license: null,
  isDefault: false,
  inputShape,
  labels: [],
  card: null,
  sha256: 'abc',
  preset: {
    name: 'torchvision',
    resize: [256],
    crop: [224, 224],
    layout,
    channelOrder: 'RGB',
    grayscale: false,
    scale,
    mean: [0.485, 0.456, 0.406],
    std: [0.229, 0.224, 0.225],
  },
});

describe('ModelDetails', () => {
  it('gives every model its input as height × width × channels, whatever order its file declares', () => {
    // squeezenet1.1 in the built-in registry, an uploaded ONNX export, an uploaded TF.js model.
    expect(inputSizeText([224, 224, 3])).toBe('224 × 224 × 3 (height × width × channels)');
    expect(inputSizeText([null, 3, 224, 224])).toBe(
      '224 × 224 × 3 (height × width × channels); declared ? × 3 × 224 × 224',
    );
    expect(inputSizeText([null, 224, 224, 3])).toBe(
      '224 × 224 × 3 (height × width × channels); declared ? × 224 × 224 × 3',
    );
    expect(inputSizeText([null, 7])).toBe('? × 7');
    expect(inputSizeText(null)).toBe('—');
  });

  it('writes a preset scale of 1/255 as a fraction, not 0.00392156862745098', () => {
    render(<ModelDetails model={model([null, 3, 224, 224], 'NCHW', 1 / 255)} />);
    const preset = screen.getByText(/^torchvision: resize/);
    expect(preset.textContent).toContain('scale 1/255,');
    expect(screen.getByText(/^224 × 224 × 3/).textContent).toContain('declared ? × 3 × 224 × 224');
  });
});

import { describe, expect, it } from 'vitest';
import { CHART_COLORS } from './chart-theme.js';
import { contrastRatio, relativeLuminance } from './contrast.js';

describe('contrastRatio', () => {
  it('matches WCAG 2 for known pairs', () => {
    expect(contrastRatio('#000000', '#ffffff')).toBeCloseTo(21, 6);
    expect(contrastRatio('#fff', '#fff')).toBe(1);
    // recharts' default tick fill on white: 5.74 (WebAIM's checker).
    expect(contrastRatio('#666', '#ffffff')).toBeCloseTo(5.74, 2);
    expect(contrastRatio('#ffffff', '#777777')).toBeCloseTo(4.48, 2);
    expect(relativeLuminance('#808080')).toBeCloseTo(0.2159, 4);
  });

  it('refuses what is not a hex colour', () => {
    expect(() => contrastRatio('grey', '#fff')).toThrow(RangeError);
  });

  it('gives chart axis text at least 4.5:1 on the card and on the page', () => {
    for (const background of [CHART_COLORS.surface, CHART_COLORS.page])
      expect(contrastRatio(CHART_COLORS.axisText, background)).toBeGreaterThanOrEqual(4.5);
    expect(contrastRatio(CHART_COLORS.reference, CHART_COLORS.surface)).toBeGreaterThanOrEqual(3);
  });
});

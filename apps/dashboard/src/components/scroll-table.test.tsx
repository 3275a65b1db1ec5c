// @vitest-environment happy-dom
import { act, fireEvent, render, screen } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import '../test/render.js';
import { ScrollTable } from './scroll-table.js';

/** Give the scroll box (happy-dom has no layout) a content and a box width. */
function layout(scrollWidth: number, clientWidth: number) {
  vi.spyOn(HTMLElement.prototype, 'scrollWidth', 'get').mockImplementation(function (this: HTMLElement) {
    return this.classList.contains('table-wrap') ? scrollWidth : 0;
  });
  vi.spyOn(HTMLElement.prototype, 'clientWidth', 'get').mockImplementation(function (this: HTMLElement) {
    return this.classList.contains('table-wrap') ? clientWidth : 0;
  });
}

const table = (
  <table>
    <caption>describe()</caption>
    <tbody>
      <tr>
        <td>0.944</td>
      </tr>
    </tbody>
  </table>
);

describe('ScrollTable', () => {
  afterEach(() => vi.restoreAllMocks());

  it('adds nothing to a table that fits', () => {
    layout(600, 600);
    render(<ScrollTable label="describe()">{table}</ScrollTable>);
    expect(screen.queryByRole('region')).toBeNull();
    expect(screen.queryByText(/Scroll/)).toBeNull();
    expect(document.querySelector('.table-wrap')?.getAttribute('tabindex')).toBeNull();
  });

  it('makes a wider table a named, focusable region with a hint that follows the scroll', () => {
    layout(700, 350);
    const { container } = render(<ScrollTable label="describe()">{table}</ScrollTable>);
    const region = screen.getByRole('region', { name: 'describe() (scrolls sideways)' });
    expect(region.tabIndex).toBe(0);
    expect(screen.getByText('Scroll sideways for more columns →')).toBeTruthy();
    const frame = container.querySelector('.scroll-table')!;
    expect([frame.getAttribute('data-hidden-left'), frame.getAttribute('data-hidden-right')]).toEqual([
      'false',
      'true',
    ]);
    act(() => {
      region.scrollLeft = 350;
      fireEvent.scroll(region);
    });
    expect([frame.getAttribute('data-hidden-left'), frame.getAttribute('data-hidden-right')]).toEqual([
      'true',
      'false',
    ]);
    expect(screen.getByText('← Scroll back for the first columns')).toBeTruthy();
  });
});

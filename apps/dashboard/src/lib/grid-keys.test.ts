import { describe, expect, it } from 'vitest';
import { gridMove } from './grid-keys.js';

// 10 cells in rows of 4:  0 1 2 3 / 4 5 6 7 / 8 9
const shape = { count: 10, columns: 4, pageRows: 2 };
const move = (from: number, key: string, ctrl = false) => gridMove(from, key, ctrl, shape);

describe('gridMove', () => {
  it('moves one cell with the arrows and stops at the edges without wrapping', () => {
    expect(move(5, 'ArrowRight')).toBe(6);
    expect(move(5, 'ArrowLeft')).toBe(4);
    expect(move(5, 'ArrowDown')).toBe(9);
    expect(move(5, 'ArrowUp')).toBe(1);
    expect(move(3, 'ArrowRight')).toBe(3);
    expect(move(4, 'ArrowLeft')).toBe(4);
    expect(move(1, 'ArrowUp')).toBe(1);
    expect(move(9, 'ArrowRight')).toBe(9);
    // Nothing below 6 in the short last row: focus stays.
    expect(move(6, 'ArrowDown')).toBe(6);
  });

  it('goes to the ends of the row with Home/End and of the grid with Ctrl', () => {
    expect(move(6, 'Home')).toBe(4);
    expect(move(5, 'End')).toBe(7);
    expect(move(8, 'End')).toBe(9);
    expect(move(6, 'Home', true)).toBe(0);
    expect(move(1, 'End', true)).toBe(9);
  });

  it('pages by the rows in view, landing in the first or last row at the ends', () => {
    expect(move(1, 'PageDown')).toBe(9);
    expect(move(2, 'PageDown')).toBe(9);
    expect(move(6, 'PageDown')).toBe(9);
    expect(move(9, 'PageUp')).toBe(1);
    expect(move(6, 'PageUp')).toBe(2);
  });

  it('leaves other keys (Tab, Enter, letters) to the browser', () => {
    expect(move(0, 'Tab')).toBeNull();
    expect(move(0, 'Enter')).toBeNull();
    expect(gridMove(0, 'ArrowRight', false, { count: 0, columns: 4, pageRows: 2 })).toBeNull();
  });
});

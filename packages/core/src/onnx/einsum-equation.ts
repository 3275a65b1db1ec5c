/**
 * Einsum equations (`"bhqd,bhkd->bhqk"`, with `...` for broadcast dims): parsed into one label
 * list per operand and the output, for shape inference and the Einsum backward rule.
 */
import type { Dim } from './shape-inference.js';

/** The label token standing for an ellipsis. */
export const ELLIPSIS = '...';

/** A parsed equation: labels per operand and of the output (`...` as one token). */
export interface EinsumEquation {
  inputs: string[][];
  output: string[];
}

/** Parse an equation, or `undefined` when it is malformed. */
export function parseEinsum(equation: string): EinsumEquation | undefined {
  const text = equation.replace(/\s+/g, '');
  const [lhs, rhs] = text.split('->');
  if (lhs === undefined || !/^[A-Za-z.,]*$/.test(lhs)) return undefined;
  const inputs = lhs.split(',').map(labels);
  if (inputs.some((t) => t === undefined)) return undefined;
  const terms = inputs as string[][];
  if (rhs !== undefined) {
    const output = labels(rhs);
    return output ? { inputs: terms, output } : undefined;
  }
  // Implicit output: the labels used once, in alphabetical order, after any ellipsis.
  const counts = new Map<string, number>();
  for (const l of terms.flat()) counts.set(l, (counts.get(l) ?? 0) + 1);
  const once = [...counts].filter(([l, c]) => c === 1 && l !== ELLIPSIS).map(([l]) => l);
  const ellipsis = counts.has(ELLIPSIS) ? [ELLIPSIS] : [];
  return { inputs: terms, output: [...ellipsis, ...once.sort()] };
}

function labels(term: string): string[] | undefined {
  const out: string[] = [];
  for (let i = 0; i < term.length; i++) {
    if (term[i] === '.') {
      if (term.slice(i, i + 3) !== ELLIPSIS) return undefined;
      out.push(ELLIPSIS);
      i += 2;
    } else out.push(term[i]!);
  }
  return out;
}

/** Equation text from label lists. */
export function formatEinsum(inputs: readonly (readonly string[])[], output: readonly string[]): string {
  return `${inputs.map((t) => t.join('')).join(',')}->${output.join('')}`;
}

/**
 * Size of each label (the ellipsis as `...0`, `...1`, … from the left of the broadcast ellipsis
 * dims), `undefined` when ranks do not match the equation.
 */
export function einsumSizes(
  equation: EinsumEquation,
  shapes: readonly (readonly Dim[])[],
): Map<string, Dim> | undefined {
  const sizes = new Map<string, Dim>();
  const ellipsisRank = Math.max(
    0,
    ...equation.inputs.map((t, i) => (t.includes(ELLIPSIS) ? shapes[i]!.length - (t.length - 1) : 0)),
  );
  for (let i = 0; i < equation.inputs.length; i++) {
    const term = equation.inputs[i]!;
    const dims = shapes[i]!;
    const own = term.includes(ELLIPSIS) ? dims.length - (term.length - 1) : 0;
    if (own < 0 || (!term.includes(ELLIPSIS) && term.length !== dims.length)) return undefined;
    let d = 0;
    for (const label of term) {
      if (label !== ELLIPSIS) {
        merge(sizes, label, dims[d++]!);
        continue;
      }
      for (let e = 0; e < own; e++) merge(sizes, `${ELLIPSIS}${ellipsisRank - own + e}`, dims[d++]!);
    }
  }
  return sizes;
}

// A size-1 dim broadcasts against a larger one; an unknown one stays unknown.
function merge(sizes: Map<string, Dim>, label: string, size: Dim): void {
  const seen = sizes.get(label);
  if (seen === undefined || seen === 1) sizes.set(label, size);
}

/** Output labels with the ellipsis expanded to `...0`, `...1`, … */
export function expandOutput(equation: EinsumEquation, sizes: Map<string, Dim>): string[] {
  const rank = [...sizes.keys()].filter((l) => l.startsWith(ELLIPSIS)).length;
  return equation.output.flatMap((l) =>
    l === ELLIPSIS ? Array.from({ length: rank }, (_, e) => `${ELLIPSIS}${e}`) : [l],
  );
}

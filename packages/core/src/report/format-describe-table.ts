import { DESCRIBE_FIELDS } from '../audit/index.js';
import { adjoin, formatFloatColumn, padStart, pprintThing, textWidth } from './pandas-layout.js';

/** One describe() row set; `null` stands for NaN (as in JSON reports). */
export type DescribeValues = { readonly [K in (typeof DESCRIBE_FIELDS)[number]]: number | null };

/** One column of {@link formatDescribeTable}. */
export interface DescribeColumn {
  /** Column header, e.g. the model id. */
  readonly name: string;
  readonly describe: DescribeValues;
}

/**
 * The reference experiment's table: pandas `DataFrame.describe()` with one column per model,
 * printed exactly as pandas 1.5 `DataFrame.to_string()` prints it (rows count, mean, std, min,
 * 25%, 50%, 75%, max; 6 decimals with pandas' shared trailing-zero trimming and its switch to
 * `e` notation; `NaN` for a missing std).
 *
 * @remarks Never wraps wide tables (pandas' `repr` wraps at `display.width` = 80 columns when
 * not on a terminal; `to_string()` does not).
 */
export function formatDescribeTable(columns: readonly DescribeColumn[]): string {
  const index = ['', ...DESCRIBE_FIELDS];
  const strcols: string[][] = [index];
  for (const column of columns) {
    // pandas prefixes the header of a numeric column with a space (need_leadsp).
    const header = ` ${pprintThing(column.name)}`;
    const cells = formatFloatColumn(DESCRIBE_FIELDS.map((f) => column.describe[f] ?? Number.NaN));
    const width = Math.max(textWidth(header), ...cells.map(textWidth));
    strcols.push([padStart(header, width), ...cells.map((c) => padStart(c, width))]);
  }
  return adjoin(1, strcols);
}

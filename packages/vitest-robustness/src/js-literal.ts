/** Code printed as it is inside a {@link jsLiteral} (e.g. a call that rebuilds an arbitrary). */
export class RawCode {
  constructor(readonly code: string) {}
}

/**
 * A JavaScript literal for a value, as a user would type it: object keys unquoted when they are
 * identifiers, `undefined` entries left out, {@link RawCode} verbatim.
 */
export function jsLiteral(value: unknown): string {
  if (value instanceof RawCode) return value.code;
  if (Array.isArray(value)) return `[${value.map(jsLiteral).join(', ')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value).filter(([, v]) => v !== undefined);
    if (entries.length === 0) return '{}';
    const body = entries
      .map(([k, v]) => `${/^[A-Za-z_$][\w$]*$/.test(k) ? k : `'${k}'`}: ${jsLiteral(v)}`)
      .join(', ');
    return `{ ${body} }`;
  }
  return typeof value === 'string'
    ? `'${value.replaceAll('\\', '\\\\').replaceAll("'", "\\'")}'`
    : String(value);
}

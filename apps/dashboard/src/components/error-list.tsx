import type { ApiError } from '../lib/api-errors.js';

/** The API's errors, each with its `extensions.code`, announced to screen readers. */
export function ErrorList(props: { errors: readonly ApiError[]; title?: string }) {
  if (props.errors.length === 0) return null;
  return (
    <div role="alert" className="error-box">
      <strong>{props.title ?? 'The API answered with an error'}</strong>
      <ul>
        {props.errors.map((e, i) => (
          // biome-ignore lint/suspicious/noArrayIndexKey: errors have no identity; the list is replaced whole
          <li key={i}>
            <code className="error-code">{e.code}</code> {e.message}
          </li>
        ))}
      </ul>
    </div>
  );
}

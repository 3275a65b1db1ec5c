import type { ApiError } from '../lib/api-errors.js';

/**
 * The API's errors, each with its `extensions.code`, announced to screen readers. The same error
 * reported by several fields of one query (three OOD scores of one model, say) is listed once.
 * `hint` says what to do, under the title.
 */
export function ErrorList(props: { errors: readonly ApiError[]; title?: string; hint?: string | null }) {
  const errors = [...new Map(props.errors.map((e) => [`${e.code}\n${e.message}`, e])).values()];
  if (errors.length === 0) return null;
  return (
    <div role="alert" className="error-box">
      <strong>{props.title ?? 'The API answered with an error'}</strong>
      {props.hint ? <p className="error-hint">{props.hint}</p> : null}
      <ul>
        {errors.map((e, i) => (
          // biome-ignore lint/suspicious/noArrayIndexKey: errors have no identity; the list is replaced whole
          <li key={i}>
            <code className="error-code">{e.code}</code> {e.message}
          </li>
        ))}
      </ul>
    </div>
  );
}

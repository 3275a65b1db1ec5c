import { useId, useState } from 'react';

/** A small form to set the API token that mutations need when the server has one. */
export function TokenSettings(props: { token: string | null; onChange: (token: string | null) => void }) {
  const id = useId();
  const [draft, setDraft] = useState(props.token ?? '');
  return (
    <details className="token-settings">
      <summary>API token {props.token ? '(set)' : '(none)'}</summary>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          props.onChange(draft.trim() || null);
        }}
      >
        <label htmlFor={id}>Bearer token (only if the server was started with SNOWBLIND_TOKEN)</label>
        <input id={id} type="password" value={draft} onChange={(e) => setDraft(e.target.value)} />
        <button type="submit">Save</button>
      </form>
    </details>
  );
}

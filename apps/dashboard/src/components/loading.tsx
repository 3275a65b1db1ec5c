/** A polite "loading" line. */
export function Loading(props: { what?: string }) {
  return (
    <p role="status" className="muted">
      Loading{props.what ? ` ${props.what}` : ''}…
    </p>
  );
}

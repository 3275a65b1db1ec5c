/** A run's name in a table: the model, and the noise kind under it (no word breaks inside either). */
export function RunName({ run }: { run: { model: string; kind: string } }) {
  return (
    <>
      <span className="run-model">{run.model}</span> <span className="run-kind">· {run.kind}</span>
    </>
  );
}

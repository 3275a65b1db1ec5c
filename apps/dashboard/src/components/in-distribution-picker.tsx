import { useId } from 'react';
import type { ImageSet } from '../graphql/types.js';

/** The choice that stands for the built-in set (fashion-mnist-test). */
export const BUILTIN = 'builtin';
/** The choice that opens the upload form. */
export const UPLOAD = 'upload';

/**
 * Which real images OOD metrics compare the noise with: the built-in set (when some run's model
 * fits it), a set of photos uploaded before, or "Upload photos…"; with a button that deletes the
 * chosen uploaded set.
 */
export function InDistributionPicker(props: {
  builtin: boolean;
  sets: readonly ImageSet[];
  value: string;
  onChange: (value: string) => void;
  onDelete: (set: ImageSet) => void;
  deleting: boolean;
}) {
  const id = useId();
  const chosen = props.sets.find((s) => s.id === props.value);
  return (
    <>
      <div className="field inline">
        <label htmlFor={id}>In-distribution images</label>
        <select id={id} value={props.value} onChange={(e) => props.onChange(e.target.value)}>
          {props.builtin ? <option value={BUILTIN}>Fashion-MNIST test set (built in)</option> : null}
          {props.sets.map((s) => (
            <option key={s.id} value={s.id}>
              {s.name}: {s.count.toLocaleString('en')} photo{s.count === 1 ? '' : 's'} (uploaded)
            </option>
          ))}
          <option value={UPLOAD}>Upload photos…</option>
        </select>
      </div>
      {chosen ? (
        <button type="button" disabled={props.deleting} onClick={() => props.onDelete(chosen)}>
          {props.deleting ? 'Deleting…' : `Delete “${chosen.name}”`}
        </button>
      ) : null}
    </>
  );
}

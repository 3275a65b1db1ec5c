import type { Ref } from 'react';

interface FileFieldProps {
  id: string;
  label: string;
  /** The picker's accept list (only a hint: "All files" gets past it, so check the file too). */
  accept: string;
  /** Called with the picked file, or null when the pick was cleared. */
  onFile: (file: File | null) => void;
  /** What is wrong with the picked file, shown under it at once and tied to it. */
  error?: string | null | undefined;
  inputRef?: Ref<HTMLInputElement>;
}

/** A labelled single-file input whose error is tied to it with aria-describedby. */
export function FileField({ id, label, accept, onFile, error, inputRef }: FileFieldProps) {
  return (
    <div className={`field${error ? ' field-invalid' : ''}`}>
      <label htmlFor={id}>{label}</label>
      <input
        ref={inputRef}
        id={id}
        type="file"
        accept={accept}
        aria-invalid={error ? true : undefined}
        aria-describedby={error ? `${id}-error` : undefined}
        onChange={(e) => onFile(e.target.files?.[0] ?? null)}
      />
      {error ? (
        <small id={`${id}-error`} className="field-error" role="alert">
          {error}
        </small>
      ) : null}
    </div>
  );
}

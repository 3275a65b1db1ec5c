import type { NoiseKind } from '../graphql/types.js';
import { paramFieldId } from '../lib/audit-form.js';
import { TextField } from './text-field.js';

interface Props {
  kind: NoiseKind;
  checked: boolean;
  values: Record<string, string>;
  errors: Record<string, string>;
  onToggle: (checked: boolean) => void;
  onParam: (name: string, value: string) => void;
}

function bounds(min: number | null, max: number | null): string {
  if (min !== null && max !== null) return ` (${min}–${max})`;
  if (min !== null) return ` (≥ ${min})`;
  if (max !== null) return ` (≤ ${max})`;
  return '';
}

/** One noise kind: a checkbox and, when checked, its parameters with the API's defaults. */
export function NoiseKindFields({ kind, checked, values, errors, onToggle, onParam }: Props) {
  const id = `kind-${kind.kind}`;
  return (
    <div className="noise-kind">
      <div className="check">
        <input id={id} type="checkbox" checked={checked} onChange={(e) => onToggle(e.target.checked)} />
        <label htmlFor={id}>
          <strong>{kind.kind}</strong> <span className="muted">{kind.description}</span>
        </label>
      </div>
      {checked && kind.params.length > 0 ? (
        <div className="param-grid">
          {kind.params.map((p) => {
            const fid = paramFieldId(kind.kind, p.name);
            return (
              <TextField
                key={p.name}
                id={fid}
                label={`${p.name}${p.type === 'color' ? ' (bytes)' : ''}`}
                value={values[p.name] ?? ''}
                placeholder={p.default.join(',')}
                inputMode={p.type === 'integer' ? 'numeric' : p.type === 'color' ? 'text' : 'decimal'}
                onChange={(v) => onParam(p.name, v)}
                hint={`${p.description}${bounds(p.min, p.max)}; blank = ${p.default.join(',')}`}
                error={errors[fid]}
              />
            );
          })}
        </div>
      ) : null}
    </div>
  );
}

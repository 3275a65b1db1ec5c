import type { ParamField } from '../lib/attribution-params.js';
import { TextField } from './text-field.js';

interface Props {
  fields: readonly ParamField[];
  values: Readonly<Record<string, string>>;
  errors: Readonly<Record<string, string>>;
  prefix: string;
  onChange: (name: string, value: string) => void;
}

const NT_TYPES = ['SMOOTHGRAD_SQ', 'SMOOTHGRAD', 'VARGRAD'] as const;

/** The editable parameters of one attribution method; blank means the server's default. */
export function AttributionParamsFields({ fields, values, errors, prefix, onChange }: Props) {
  return (
    <div className="param-grid">
      {fields.map((f) => {
        const id = `${prefix}-${f.name}`;
        if (f.kind === 'ntType') {
          return (
            <div className="field" key={f.name}>
              <label htmlFor={id}>{f.label}</label>
              <select
                id={id}
                value={values[f.name] ?? f.placeholder}
                onChange={(e) => onChange(f.name, e.target.value)}
              >
                {NT_TYPES.map((t) => (
                  <option key={t} value={t}>
                    {t.toLowerCase()}
                  </option>
                ))}
              </select>
            </div>
          );
        }
        return (
          <TextField
            key={f.name}
            id={id}
            label={f.label}
            value={values[f.name] ?? ''}
            placeholder={f.placeholder}
            inputMode={f.kind === 'int' ? 'numeric' : 'text'}
            onChange={(v) => onChange(f.name, v)}
            error={errors[f.name]}
          />
        );
      })}
    </div>
  );
}

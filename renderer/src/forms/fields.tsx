/** Labelled form fields, used by the forms that add meetings and history records. */
interface TextFieldProps {
  label: string;
  value: string;
  onChange(value: string): void;
  disabled?: boolean;
  size?: number;
  placeholder?: string;
  inputMode?: 'numeric' | 'text';
}

export function TextField({ label, value, onChange, ...input }: TextFieldProps) {
  return (
    <label>
      {label}
      <input value={value} onChange={(event) => onChange(event.target.value)} {...input} />
    </label>
  );
}

interface ChoiceFieldProps<Value extends string> {
  label: string;
  value: Value;
  options: readonly Value[];
  labelOf(value: Value): string;
  onChange(value: Value): void;
  onBlur?(): void;
  disabled?: boolean;
}

export function ChoiceField<Value extends string>({
  label,
  value,
  options,
  labelOf,
  onChange,
  onBlur,
  disabled,
}: ChoiceFieldProps<Value>) {
  return (
    <label>
      {label}
      <select value={value} onChange={(event) => onChange(event.target.value as Value)} onBlur={onBlur} disabled={disabled}>
        {options.map((option) => (
          <option key={option} value={option}>
            {labelOf(option)}
          </option>
        ))}
      </select>
    </label>
  );
}

import { useEffect, useId, useRef, useState, type KeyboardEvent } from 'react';
import { useReadOnly } from '../document/DocumentProvider';

interface EditableCellProps {
  /** What the cell shows when not editing. */
  display: React.ReactNode;
  /** The display as plain text, when it is more than a string: the button's name must contain what it shows (WCAG 2.5.3). */
  displayText?: string;
  /** The text the editor starts with. */
  initialText: string;
  /** Accessible name of the cell's button and input, e.g. "Edit Year joined of Herning". */
  label: string;
  hint?: string;
  inputMode?: 'numeric' | 'text';
  /** Saves the text; resolves to an error message to show at the field, or null when saved. */
  onCommit(text: string): Promise<string | null>;
}

/**
 * A table cell edited in place: Enter or F2 (or a click) opens the editor, Enter saves, Escape
 * cancels. A refused value stays in the field with the message beside it, so nothing typed is lost.
 */
/** "Ändra Kontaktår för Herning: 1946": the action, then what the button shows. */
function nameOf(label: string, shown: string): string {
  return shown === '' || label.includes(shown) ? label : `${label}: ${shown}`;
}

export function EditableCell({
  display,
  displayText,
  initialText,
  label,
  hint,
  inputMode = 'text',
  onCommit,
}: EditableCellProps) {
  const [editing, setEditing] = useState(false);
  const [draft, setDraft] = useState(initialText);
  const [error, setError] = useState<string | null>(null);
  const saving = useRef(false);
  const returnFocus = useRef(false);
  const buttonRef = useRef<HTMLButtonElement>(null);
  const errorId = useId();
  const hintId = useId();
  const readOnly = useReadOnly();

  const open = () => {
    setDraft(initialText);
    setError(null);
    setEditing(true);
  };

  const close = () => {
    returnFocus.current = true;
    setEditing(false);
    setError(null);
  };

  // Give focus back to the cell once it is a button again, so keyboard work goes on where it was.
  useEffect(() => {
    if (!editing && returnFocus.current) {
      returnFocus.current = false;
      buttonRef.current?.focus();
    }
  }, [editing]);

  const commit = async () => {
    if (saving.current) return;
    if (draft === initialText) return close();
    saving.current = true;
    try {
      const message = await onCommit(draft);
      if (message) setError(message);
      else close();
    } finally {
      saving.current = false;
    }
  };

  const onKeyDown = (event: KeyboardEvent<HTMLInputElement>) => {
    if (event.key === 'Enter') {
      event.preventDefault();
      void commit();
    } else if (event.key === 'Escape') {
      event.preventDefault();
      close();
    }
  };

  // A read-only document: plain text, no control that looks editable.
  if (readOnly) return <span className="cell-text">{display}</span>;
  if (!editing) {
    return (
      <button
        ref={buttonRef}
        type="button"
        className="cell-button"
        aria-label={nameOf(
          label,
          displayText ?? (typeof display === 'string' || typeof display === 'number' ? String(display) : ''),
        )}
        onClick={open}
        onKeyDown={(event) => {
          if (event.key === 'F2') open();
        }}
      >
        {display}
      </button>
    );
  }
  return (
    <div className="cell-editor">
      <input
        autoFocus
        aria-label={label}
        aria-invalid={error ? true : undefined}
        aria-describedby={[error ? errorId : null, hint ? hintId : null].filter(Boolean).join(' ') || undefined}
        inputMode={inputMode}
        value={draft}
        onChange={(event) => {
          setDraft(event.target.value);
          setError(null);
        }}
        onKeyDown={onKeyDown}
        onBlur={() => void commit()}
      />
      {error ? (
        <div className="field-error" id={errorId} role="alert">
          {error}
        </div>
      ) : hint ? (
        <div className="field-hint" id={hintId}>
          {hint}
        </div>
      ) : null}
    </div>
  );
}

import { useId, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useEdit } from '../api/edits';
import { FieldError } from '../forms/FieldError';
import { ModalDialog } from '../forms/ModalDialog';
import { describeError } from '../i18n';
import './chains.css';

interface NewChainDialogProps {
  onClose(): void;
  /** The chain was made: the window shows it (empty, ready for members). */
  onCreated(chainId: string): void;
}

/**
 * "Ny kedja…": another chain in the open document. The name is checked where it is saved (the
 * same rules as any name, and no second chain of that name): a refusal is shown at the field,
 * with what was typed kept. Enter creates, Escape cancels.
 */
export function NewChainDialog({ onClose, onCreated }: NewChainDialogProps) {
  const { t } = useTranslation();
  const edit = useEdit();
  const titleId = useId();
  const errorId = useId();
  const dialogRef = useRef<HTMLDialogElement>(null);
  const inputRef = useRef<HTMLInputElement>(null);
  const [name, setName] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const create = async () => {
    if (busy) return;
    setBusy(true);
    const result = await edit('chains.create', { name });
    setBusy(false);
    if (!result.ok) {
      setError(describeError(t, result.error));
      inputRef.current?.focus();
      return;
    }
    onCreated(result.value.chainId);
    dialogRef.current?.close();
  };

  return (
    <ModalDialog dialogRef={dialogRef} className="new-chain-dialog" labelledBy={titleId} onClose={onClose}>
      <h2 id={titleId}>{t('chains.title')}</h2>
      <p>{t('chains.intro')}</p>
      <form
        onSubmit={(event) => {
          event.preventDefault();
          void create();
        }}
      >
        <label className="new-chain-name">
          {t('chains.name')}
          <input
            ref={inputRef}
            value={name}
            autoFocus
            maxLength={200}
            aria-invalid={error ? true : undefined}
            aria-describedby={error ? errorId : undefined}
            onChange={(event) => {
              setName(event.target.value);
              setError(null);
            }}
          />
        </label>
        <FieldError id={errorId} message={error} />
        <div className="dialog-actions">
          <button type="submit" disabled={busy}>
            {t('chains.ok')}
          </button>
          <button type="button" onClick={() => dialogRef.current?.close()}>
            {t('chains.cancel')}
          </button>
        </div>
      </form>
    </ModalDialog>
  );
}

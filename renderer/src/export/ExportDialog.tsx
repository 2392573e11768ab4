import { useId, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import {
  EXPORT_DELIMITERS,
  EXPORT_FORMATS,
  type ChainSummary,
  type ExportDelimiter,
  type ExportFormat,
} from '../../../shared/contract';
import { call } from '../api/client';
import { fetchHostExport } from '../api/host-export';
import { useNotify } from '../document/DocumentProvider';
import { FieldError } from '../forms/FieldError';
import { ChoiceField } from '../forms/fields';
import { saveBlob } from '../forms/files';
import { DialogActions, ModalDialog } from '../forms/ModalDialog';
import { describeError } from '../i18n';
import './export.css';

const DELIMITER_NAMES = { ';': 'semicolon', ',': 'comma', '\t': 'tab' } as const;

interface ExportDialogProps {
  chains: ChainSummary[];
  /** The chain shown in the window: the one exported unless another is chosen. */
  chainId: string;
  onClose(): void;
}

/**
 * "Exportera…": the chain as CSV (semicolon, comma or tab), XLSX or GeoJSON. The app saves it
 * through its native save dialog, as File > Export does; the browser host has none (it answers
 * "unsupported"), so there the file is downloaded.
 */
export function ExportDialog({ chains, chainId, onClose }: ExportDialogProps) {
  const { t } = useTranslation();
  const { showDone } = useNotify();
  const titleId = useId();
  const dialogRef = useRef<HTMLDialogElement>(null);
  const [format, setFormat] = useState<ExportFormat>('csv');
  const [delimiter, setDelimiter] = useState<ExportDelimiter>(';');
  const [chosen, setChosen] = useState(chainId);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const run = async () => {
    if (busy) return;
    setBusy(true);
    setError(null);
    const request = { chainId: chosen, format, delimiter };
    const saved = await call('file.export', request);
    if (saved.ok || saved.error.code !== 'unsupported') {
      setBusy(false);
      if (!saved.ok) return setError(describeError(t, saved.error));
      // Cancelled in the save dialog: the choices stay for another try.
      if (!saved.value.savedTo) return;
      showDone(t('dialogs.exported', { path: saved.value.savedTo }));
      return dialogRef.current?.close();
    }
    const file = await fetchHostExport(request);
    setBusy(false);
    if (!file.ok) return setError(describeError(t, file.error));
    saveBlob(file.value.fileName, file.value.blob);
    showDone(t('exportDialog.downloaded', { file: file.value.fileName }));
    dialogRef.current?.close();
  };

  return (
    <ModalDialog dialogRef={dialogRef} className="export-dialog" labelledBy={titleId} onClose={onClose}>
      <h2 id={titleId}>{t('dialogs.exportTitle')}</h2>
      <p>{t('exportDialog.intro')}</p>
      <form
        className="export-fields"
        onSubmit={(event) => {
          event.preventDefault();
          void run();
        }}
      >
        <ChoiceField
          label={t('toolbar.chain')}
          value={chosen}
          options={chains.map((chain) => chain.id)}
          labelOf={(id) => chains.find((chain) => chain.id === id)?.name ?? id}
          onChange={setChosen}
        />
        <ChoiceField<ExportFormat>
          label={t('exportDialog.format')}
          value={format}
          options={EXPORT_FORMATS}
          labelOf={(value) => t(`exportDialog.formats.${value}`)}
          onChange={setFormat}
        />
        {format === 'csv' ? (
          <ChoiceField<ExportDelimiter>
            label={t('exportDialog.delimiter')}
            value={delimiter}
            options={EXPORT_DELIMITERS}
            labelOf={(value) => t(`exportDialog.delimiters.${DELIMITER_NAMES[value]}`)}
            onChange={setDelimiter}
          />
        ) : null}
        <FieldError message={error} />
        <DialogActions dialogRef={dialogRef} closeLabel={t('dialogs.cancel')}>
          <button type="submit" disabled={busy} autoFocus>
            {t('exportDialog.submit')}
          </button>
        </DialogActions>
      </form>
    </ModalDialog>
  );
}

import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ChainSummary, UndoState } from '../../../shared/contract';
import { LANGUAGES, type Language } from '../../../shared/format';
import { useApiQuery } from '../api/queries';
import { NewChainDialog } from '../chains/NewChainDialog';
import { ExportDialog } from '../export/ExportDialog';
import { useLanguage, useReadOnly } from '../document/DocumentProvider';

interface ToolbarProps {
  history: UndoState;
  chains: ChainSummary[];
  chainId: string | null;
  onUndo(): void;
  onRedo(): void;
  onChain(chainId: string): void;
  onLanguage(language: Language): void;
  /** Fields in conflict after a merge (0: no badge), and what opens their list. */
  conflicts: number;
  onConflicts(): void;
  /** Opens the presentation (also F5); the button gets the focus back when it ends. */
  onPresent(): void;
  presentRef: React.Ref<HTMLButtonElement>;
  /** Opens Help: getting started and About (also F1). */
  onHelp(): void;
}

export function Toolbar({
  history,
  chains,
  chainId,
  onUndo,
  onRedo,
  onChain,
  onLanguage,
  conflicts,
  onConflicts,
  onPresent,
  presentRef,
  onHelp,
}: ToolbarProps) {
  const { t } = useTranslation();
  const language = useLanguage();
  const readOnly = useReadOnly();
  // A chain is made in the open document: without one (a file that did not open) there is nowhere to make it.
  const info = useApiQuery('document.info', {});
  const [newChain, setNewChain] = useState(false);
  const [exporting, setExporting] = useState(false);
  return (
    <div className="toolbar" role="toolbar" aria-label={t('toolbar.label')}>
      {chains.length > 0 ? (
        <label className="toolbar-field">
          <span>{t('toolbar.chain')}</span>
          <select value={chainId ?? ''} onChange={(event) => onChain(event.target.value)}>
            {chains.map((chain) => (
              <option key={chain.id} value={chain.id}>
                {chain.name}
              </option>
            ))}
          </select>
        </label>
      ) : null}
      {info.data?.ok ? (
        <button type="button" onClick={() => setNewChain(true)} disabled={readOnly} aria-haspopup="dialog">
          {t('chains.create')}
        </button>
      ) : null}
      {newChain ? <NewChainDialog onClose={() => setNewChain(false)} onCreated={onChain} /> : null}
      {chainId ? (
        <button type="button" onClick={() => setExporting(true)} title={t('exportDialog.openHint')} aria-haspopup="dialog">
          {t('exportDialog.open')}
        </button>
      ) : null}
      {exporting && chainId ? <ExportDialog chains={chains} chainId={chainId} onClose={() => setExporting(false)} /> : null}
      <span className="toolbar-spacer" />
      {chainId ? (
        <button
          type="button"
          ref={presentRef}
          onClick={onPresent}
          title={t('presentation.openHint')}
          aria-haspopup="dialog"
          aria-keyshortcuts="F5"
        >
          {t('presentation.open')}
        </button>
      ) : null}
      {conflicts > 0 ? (
        <button
          type="button"
          className="conflicts-badge"
          onClick={onConflicts}
          aria-haspopup="dialog"
          data-testid="conflicts-badge"
        >
          {t('share.conflictsButton', { count: conflicts })}
        </button>
      ) : null}
      <button type="button" onClick={onUndo} disabled={!history.canUndo} aria-keyshortcuts="Control+Z">
        {t('toolbar.undo')}
      </button>
      <button type="button" onClick={onRedo} disabled={!history.canRedo} aria-keyshortcuts="Control+Shift+Z">
        {t('toolbar.redo')}
      </button>
      {/* A globe, not the word: someone who cannot read the language shown still finds the switch. */}
      <label className="toolbar-field language-field">
        <svg className="globe" viewBox="0 0 16 16" width="16" height="16" aria-hidden="true">
          <circle cx="8" cy="8" r="6.5" />
          <ellipse cx="8" cy="8" rx="2.8" ry="6.5" />
          <path d="M1.5 8h13M2.6 4.6h10.8M2.6 11.4h10.8" />
        </svg>
        <span className="visually-hidden">{t('toolbar.language')}</span>
        <select value={language} onChange={(event) => onLanguage(event.target.value as Language)}>
          {LANGUAGES.map((code) => (
            <option key={code} value={code}>
              {t(`languages.${code}`)}
            </option>
          ))}
        </select>
      </label>
      {/* "?", as help is marked in most programs (the toolbar keeps to one line at 1280 px). */}
      <button
        type="button"
        className="help-button"
        onClick={onHelp}
        title={t('help.openHint')}
        aria-label={t('help.open')}
        aria-haspopup="dialog"
        aria-keyshortcuts="F1"
      >
        ?
      </button>
    </div>
  );
}

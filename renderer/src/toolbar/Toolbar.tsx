import { useTranslation } from 'react-i18next';
import type { ChainSummary, UndoState } from '../../../shared/contract';
import { LANGUAGES, type Language } from '../../../shared/format';
import { useLanguage } from '../document/DocumentProvider';

interface ToolbarProps {
  history: UndoState;
  chains: ChainSummary[];
  chainId: string | null;
  onUndo(): void;
  onRedo(): void;
  onChain(chainId: string): void;
  onLanguage(language: Language): void;
}

export function Toolbar({ history, chains, chainId, onUndo, onRedo, onChain, onLanguage }: ToolbarProps) {
  const { t } = useTranslation();
  const language = useLanguage();
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
      <span className="toolbar-spacer" />
      <button type="button" onClick={onUndo} disabled={!history.canUndo} aria-keyshortcuts="Control+Z">
        {t('toolbar.undo')}
      </button>
      <button type="button" onClick={onRedo} disabled={!history.canRedo} aria-keyshortcuts="Control+Shift+Z">
        {t('toolbar.redo')}
      </button>
      <label className="toolbar-field">
        <span>{t('toolbar.language')}</span>
        <select value={language} onChange={(event) => onLanguage(event.target.value as Language)}>
          {LANGUAGES.map((code) => (
            <option key={code} value={code}>
              {t(`languages.${code}`)}
            </option>
          ))}
        </select>
      </label>
    </div>
  );
}

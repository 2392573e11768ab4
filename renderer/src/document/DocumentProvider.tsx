import { createContext, useContext, useMemo, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { DEFAULT_LANGUAGE, isLanguage, type Language } from '../../../shared/format';
import { useApiQuery } from '../api/queries';

/** One line above the workspace: a refusal (an alert) or what an action did (a status). */
export interface Notice {
  text: string;
  tone: 'error' | 'done';
  /** What was done can be undone from the line ("Borttagen: … — Ångra"), for a few seconds. */
  undo?: boolean;
}

export interface Notify {
  /** Shows a refusal; null clears the line. */
  showError(text: string | null): void;
  /** Shows what an action did, with an Undo button if asked; null clears the line. */
  showDone(text: string | null, options?: { undo?: boolean }): void;
}

// Read-only until the document says otherwise: no edit control shows before it is known.
const ReadOnlyContext = createContext<boolean>(true);
const LanguageContext = createContext<Language>(DEFAULT_LANGUAGE);
const NoticeContext = createContext<Notice | null>(null);
const NotifyContext = createContext<Notify>({ showError: () => undefined, showDone: () => undefined });

/**
 * What every part of the window reads about the open document and the user's choices: whether
 * it may be changed, the UI language, and the notice line (with the functions that set it, in
 * a context of their own so that setting it renders only what shows it).
 */
export function DocumentProvider({ readOnly, children }: { readOnly?: boolean; children: ReactNode }) {
  const { i18n } = useTranslation();
  const language = isLanguage(i18n.language) ? i18n.language : DEFAULT_LANGUAGE;
  const info = useApiQuery('document.info', {});
  const documentReadOnly = info.data?.ok ? info.data.value.readOnly : true;
  const [notice, setNotice] = useState<Notice | null>(null);
  const notify = useMemo<Notify>(
    () => ({
      showError: (text) => setNotice(text ? { text, tone: 'error' } : null),
      showDone: (text, options) => setNotice(text ? { text, tone: 'done', ...(options?.undo ? { undo: true } : {}) } : null),
    }),
    [],
  );
  return (
    <ReadOnlyContext.Provider value={readOnly ?? documentReadOnly}>
      <LanguageContext.Provider value={language}>
        <NotifyContext.Provider value={notify}>
          <NoticeContext.Provider value={notice}>{children}</NoticeContext.Provider>
        </NotifyContext.Provider>
      </LanguageContext.Provider>
    </ReadOnlyContext.Provider>
  );
}

/**
 * Whether the open document may be changed. Read-only (a read-only file or folder, or a document
 * another app instance has open) means no edit controls anywhere: components that edit read this
 * and show plain text instead. The router refuses edits as well; this keeps the window honest.
 */
export function useReadOnly(): boolean {
  return useContext(ReadOnlyContext);
}

/** The UI language, as the app's type (i18next's own is any string). */
export function useLanguage(): Language {
  return useContext(LanguageContext);
}

export function useNotice(): Notice | null {
  return useContext(NoticeContext);
}

export function useNotify(): Notify {
  return useContext(NotifyContext);
}

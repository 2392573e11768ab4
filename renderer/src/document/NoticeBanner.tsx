import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNotify, type Notice } from './DocumentProvider';

/** How long "Borttagen: … — Ångra" stays, unless the pointer or the focus is on it. */
export const UNDO_NOTICE_MS = 8_000;

/**
 * The notice line above the workspace: a refusal (an alert) or what an action did (a status).
 * A removal's line has an Undo button and goes after a few seconds; Ctrl+Z undoes it as well.
 */
export function NoticeBanner({ notice, onUndo }: { notice: Notice; onUndo: () => void }) {
  const { t } = useTranslation();
  const { showDone } = useNotify();
  // While the pointer or the keyboard is on the line, it stays (time to read it and to reach Undo).
  const [held, setHeld] = useState(false);
  useEffect(() => {
    if (!notice.undo || held) return;
    const timer = window.setTimeout(() => showDone(null), UNDO_NOTICE_MS);
    return () => window.clearTimeout(timer);
  }, [notice, held, showDone]);
  return (
    <p
      className={notice.tone === 'error' ? 'banner error' : 'banner info'}
      role={notice.tone === 'error' ? 'alert' : 'status'}
      onMouseEnter={() => setHeld(true)}
      onMouseLeave={() => setHeld(false)}
      onFocus={() => setHeld(true)}
      onBlur={() => setHeld(false)}
    >
      {notice.text}
      {notice.undo ? (
        <>
          {' — '}
          <button type="button" className="link-button notice-undo" onClick={onUndo}>
            {t('toolbar.undo')}
          </button>
        </>
      ) : null}
    </p>
  );
}

import type { KeyboardEvent } from 'react';
import { useTranslation } from 'react-i18next';

export type SidePanel = 'members' | 'counts' | 'meetings' | 'timeline' | 'share';
const PANELS: SidePanel[] = ['members', 'counts', 'meetings', 'timeline', 'share'];

/** Tabs over the side panel; arrow keys move between them (WAI-ARIA tabs pattern). */
export function SidePanelTabs({ panel, onPanel }: { panel: SidePanel; onPanel(panel: SidePanel): void }) {
  const { t } = useTranslation();
  const onKeyDown = (event: KeyboardEvent<HTMLButtonElement>) => {
    const index = PANELS.indexOf(panel);
    const moves: Record<string, number> = {
      ArrowRight: (index + 1) % PANELS.length,
      ArrowLeft: (index + PANELS.length - 1) % PANELS.length,
      Home: 0,
      End: PANELS.length - 1,
    };
    const next = moves[event.key] ?? -1;
    if (next < 0) return;
    event.preventDefault();
    onPanel(PANELS[next]!);
    requestAnimationFrame(() => document.getElementById(`tab-${PANELS[next]}`)?.focus());
  };
  return (
    <div role="tablist" className="side-tabs" aria-label={t('tabs.label')}>
      {PANELS.map((item) => (
        <button
          key={item}
          id={`tab-${item}`}
          type="button"
          role="tab"
          aria-selected={panel === item}
          aria-controls={`panel-${item}`}
          tabIndex={panel === item ? 0 : -1}
          onClick={() => onPanel(item)}
          onKeyDown={onKeyDown}
        >
          {t(`tabs.${item}`)}
        </button>
      ))}
    </div>
  );
}

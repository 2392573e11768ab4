import { StrictMode } from 'react';
import { QueryClientProvider } from '@tanstack/react-query';
import { createRoot } from 'react-dom/client';
import { I18nextProvider } from 'react-i18next';
import { DEFAULT_LANGUAGE, languageFrom } from '../../shared/format';
import { call } from './api/client';
import { createQueryClient } from './api/queries';
import { Root } from './Root';
import { parseReportHash } from '../../shared/report/params';
import { setupI18n } from './i18n';
import 'leaflet/dist/leaflet.css';
import './styles.css';

async function start() {
  const settings = await call('settings.get', {});
  // The report's own language, if it asks for one, without changing the user's setting.
  const report = parseReportHash(window.location.hash);
  // Until the user chooses, the browser's languages (in the desktop app the shell already took the system's).
  const userLanguage = settings.ok
    ? settings.value.languageChosen
      ? settings.value.language
      : (languageFrom(navigator.languages) ?? settings.value.language)
    : DEFAULT_LANGUAGE;
  const i18n = await setupI18n(report?.language ?? userLanguage);
  createRoot(document.getElementById('root')!).render(
    <StrictMode>
      <QueryClientProvider client={createQueryClient()}>
        <I18nextProvider i18n={i18n}>
          <Root userLanguage={userLanguage} />
        </I18nextProvider>
      </QueryClientProvider>
    </StrictMode>,
  );
}

void start();

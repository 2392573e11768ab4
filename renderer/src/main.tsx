import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { I18nextProvider } from 'react-i18next';
import { DEFAULT_LANGUAGE } from '../../shared/format';
import { call } from './api/client';
import { App } from './App';
import { setupI18n } from './i18n';
import 'leaflet/dist/leaflet.css';
import './styles.css';

async function start() {
  const settings = await call('settings.get', {});
  const i18n = await setupI18n(settings.ok ? settings.value.language : DEFAULT_LANGUAGE);
  createRoot(document.getElementById('root')!).render(
    <StrictMode>
      <I18nextProvider i18n={i18n}>
        <App />
      </I18nextProvider>
    </StrictMode>,
  );
}

void start();

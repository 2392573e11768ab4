import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { parseReportHash } from '../../shared/report/params';
import { isLanguage, type Language } from '../../shared/format';
import { App } from './App';
import { DocumentProvider } from './document/DocumentProvider';
import { ReportView } from './report/ReportView';

/** The window shows the app, or the printable report when the address asks for it (#/report?…). */
export function Root({ userLanguage }: { userLanguage: Language }) {
  const { i18n } = useTranslation();
  const [hash, setHash] = useState(window.location.hash);
  useEffect(() => {
    const onHash = () => setHash(window.location.hash);
    window.addEventListener('hashchange', onHash);
    return () => window.removeEventListener('hashchange', onHash);
  }, []);
  const report = parseReportHash(hash);
  // The report may be in another language than the app; leaving it gives the app's language back.
  const [appLanguage, setAppLanguage] = useState<Language>(userLanguage);
  useEffect(() => {
    // A language chosen in the app (not the report's) is the one to come back to.
    const remember = (language: string) => {
      if (!parseReportHash(window.location.hash) && isLanguage(language)) setAppLanguage(language);
    };
    i18n.on('languageChanged', remember);
    return () => i18n.off('languageChanged', remember);
  }, [i18n]);
  const wanted = report?.language ?? appLanguage;
  useEffect(() => {
    if (i18n.language !== wanted) void i18n.changeLanguage(wanted);
  }, [wanted, i18n]);
  if (isLanguage(i18n.language) && i18n.language !== wanted) return null;
  // The report never edits: its map's symbols do not move. Keyed apart, so that coming back
  // from the report starts without the notice the app showed before it.
  return report ? (
    <DocumentProvider key="report" readOnly>
      <ReportView params={report} />
    </DocumentProvider>
  ) : (
    <DocumentProvider key="app">
      <App />
    </DocumentProvider>
  );
}

import { BrowserWindow } from 'electron';

/**
 * The app's one window. Its webPreferences are written out here as literals, not built by a
 * helper, so that Electronegativity (which reads code, not values) can check them too; the
 * behavioural test (tests/unit/electron-security-main.test.ts) checks what the window really gets.
 */
export function createMainWindow({ title, preload, icon }: { title: string; preload: string; icon: string }): BrowserWindow {
  return new BrowserWindow({
    width: 1280,
    height: 820,
    minWidth: 720,
    minHeight: 480,
    show: false,
    title,
    // The window's and the task bar's icon where no installed .desktop entry gives one (Linux).
    icon,
    webPreferences: {
      preload,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      spellcheck: false,
      // Middle-click would ask for a new window; window.open is denied anyway (security.ts).
      disableBlinkFeatures: 'Auxclick',
    },
  });
}

/** The app's version (package.json), put in by the build (electron.vite.config.ts). */
declare const __APP_VERSION__: string;

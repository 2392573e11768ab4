/**
 * The security rules that need no Electron runtime: the app's origin, the Content-Security-Policy,
 * which URLs and frames are trusted. The renderer is served from app://atlas/ (see app-protocol.ts);
 * in development from Vite's URL. The window's own settings are in window.ts.
 */
export const APP_SCHEME = 'app';
export const APP_HOST = 'atlas';
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`;

export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  // OpenStreetMap tiles, only when the user turns that layer on.
  "img-src 'self' data: blob: https://tile.openstreetmap.org",
  "font-src 'self'",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

export function isTrustedUrl(url: string, devServerUrl: string | undefined): boolean {
  try {
    const parsed = new URL(url);
    if (`${parsed.protocol}//${parsed.host}` === APP_ORIGIN) return true;
    return devServerUrl !== undefined && parsed.origin === new URL(devServerUrl).origin;
  } catch {
    return false;
  }
}

/** The part of Electron's WebFrameMain this check reads. */
export interface FrameLike {
  url: string;
  parent: unknown;
}

/** Only the app's own top-level page may call the API (no iframes, no other origins). */
export function isTrustedFrame(frame: FrameLike | null | undefined, devServerUrl: string | undefined): boolean {
  return frame != null && frame.parent === null && isTrustedUrl(frame.url, devServerUrl);
}

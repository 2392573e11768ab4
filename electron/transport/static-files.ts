/**
 * The built renderer's files, as both the app:// protocol (app-protocol.ts) and the browser host
 * (web-host.ts) serve them: a URL path maps to a file inside the root folder, or is refused.
 * Plain Node, so the data side may use it.
 */
import { realpathSync, statSync } from 'node:fs';
import { extname, join, normalize, resolve, sep } from 'node:path';

export const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.png': 'image/png',
  '.svg': 'image/svg+xml',
  '.woff2': 'font/woff2',
};

export type StaticFile = { ok: true; file: string; contentType: string } | { ok: false; status: 400 | 404 };

/** The file a URL path (still percent-encoded, as in URL.pathname) names inside `root`. */
export function resolveStaticFile(root: string, pathname: string): StaticFile {
  const base = resolve(root);
  let path: string;
  try {
    path = decodeURIComponent(pathname === '/' ? '/index.html' : pathname);
  } catch {
    return { ok: false, status: 400 }; // malformed percent-encoding
  }
  // A backslash is a separator on Windows and a NUL cuts a path short: neither is in a file we build.
  if (/[\\\0]/.test(path)) return { ok: false, status: 404 };
  const file = normalize(join(base, path));
  if (!file.startsWith(base + sep)) return { ok: false, status: 404 };
  if (!isFile(file)) return { ok: false, status: 404 };
  // A symlink in the folder may lead anywhere: what it leads to must be inside the root as well.
  if (!isInside(realpathSync(file), realpathSync(base))) return { ok: false, status: 404 };
  return { ok: true, file, contentType: CONTENT_TYPES[extname(file)] ?? 'application/octet-stream' };
}

function isInside(file: string, root: string): boolean {
  return file.startsWith(root + sep);
}

function isFile(path: string): boolean {
  try {
    return statSync(path).isFile();
  } catch {
    return false; // missing, or a path through a file (ENOTDIR), too long, not readable
  }
}

/**
 * The built renderer's files, as both the app:// protocol (app-protocol.ts) and the browser host
 * (web-host.ts) serve them: a URL path maps to a file inside the root folder, or is refused.
 * Plain Node, so the data side may use it.
 */
import { createHash } from 'node:crypto';
import { readFileSync, realpathSync, statSync } from 'node:fs';
import { extname, join, normalize, resolve, sep } from 'node:path';
import { BASEMAP_URL } from '../../shared/contract';

export const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.png': 'image/png',
  '.svg': 'image/svg+xml',
  '.ico': 'image/x-icon',
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

/**
 * The bundled map data that the renderer reads as a file rather than through the API: the
 * basemap (5 MB of GeoJSON). Only the names listed here are served from resources/generated
 * (not the gazetteer beside it), each through resolveStaticFile and its checks.
 */
export const GENERATED_PREFIX = '/generated/';
const GENERATED_FILES: ReadonlySet<string> = new Set([BASEMAP_URL.slice(GENERATED_PREFIX.length)]);

/** The file a /generated/ URL path names in resources/generated; null when the path is not under /generated/. */
export function resolveGeneratedFile(resourcesDir: string, pathname: string): StaticFile | null {
  if (!pathname.startsWith(GENERATED_PREFIX)) return null;
  const name = pathname.slice(GENERATED_PREFIX.length);
  if (!GENERATED_FILES.has(name)) return { ok: false, status: 404 };
  return resolveStaticFile(join(resourcesDir, 'generated'), `/${name}`);
}

/**
 * A generated file is the same until the next build: the browser keeps it and asks again with
 * If-None-Match, which costs a 304 and no 5 MB (no-cache: kept, but checked before each use).
 */
export const GENERATED_CACHE_CONTROL = 'no-cache';

/** What one GET of a static file answers: the body, or 304 when the asker's copy is current. */
export interface StaticAnswer {
  status: 200 | 304;
  headers: Record<string, string>;
  body: Buffer | null;
}

const etags = new Map<string, { stamp: string; etag: string }>();

/** A strong ETag from the file's content, hashed once per change of its size or time. */
export function etagOf(file: string): string {
  const stats = statSync(file);
  const stamp = `${stats.size}:${stats.mtimeMs}`;
  const known = etags.get(file);
  if (known?.stamp === stamp) return known.etag;
  const etag = `"${createHash('sha256').update(readFileSync(file)).digest('base64url').slice(0, 27)}"`;
  etags.set(file, { stamp, etag });
  return etag;
}

/** Whether an If-None-Match header (a list, weak tags or *) matches the ETag. */
export function etagMatches(ifNoneMatch: string | null | undefined, etag: string): boolean {
  if (!ifNoneMatch) return false;
  return ifNoneMatch.split(',').some((tag) => {
    const value = tag.trim();
    return value === '*' || value.replace(/^W\//, '') === etag;
  });
}

/** A generated file's answer, with its ETag and cache rule: 304 without a body when the copy asked about is current. */
export function generatedAnswer(file: string, contentType: string, ifNoneMatch: string | null | undefined): StaticAnswer {
  const etag = etagOf(file);
  const headers = { 'content-type': contentType, etag, 'cache-control': GENERATED_CACHE_CONTROL };
  if (etagMatches(ifNoneMatch, etag)) return { status: 304, headers, body: null };
  return { status: 200, headers, body: readFileSync(file) };
}

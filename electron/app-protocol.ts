import { readFile } from 'node:fs/promises';
import { extname, join, normalize, sep } from 'node:path';
import { protocol } from 'electron';
import { APP_HOST, APP_SCHEME, CONTENT_SECURITY_POLICY } from './security-policy';

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.png': 'image/png',
  '.svg': 'image/svg+xml',
  '.woff2': 'font/woff2',
};

/** Must run before the app is ready. */
export function registerAppScheme(): void {
  protocol.registerSchemesAsPrivileged([
    { scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true } },
  ]);
}

/** Serves the built renderer: GET only, app://atlas only, files inside rendererDir only, with the CSP header. */
export function serveRenderer(rendererDir: string): void {
  const root = normalize(rendererDir);
  protocol.handle(APP_SCHEME, async (request) => {
    if (request.method !== 'GET') return new Response('GET only', { status: 405 });
    const { host, pathname } = new URL(request.url);
    if (host !== APP_HOST) return new Response('not found', { status: 404 });
    let path: string;
    try {
      path = decodeURIComponent(pathname === '/' ? '/index.html' : pathname);
    } catch {
      return new Response('bad request', { status: 400 }); // malformed percent-encoding
    }
    // A backslash is a separator on Windows and a NUL cuts a path short: neither is in a file we build.
    if (/[\\\0]/.test(path)) return new Response('not found', { status: 404 });
    const file = normalize(join(root, path));
    if (!file.startsWith(root + sep)) return new Response('not found', { status: 404 });
    try {
      const body = await readFile(file);
      return new Response(body, {
        headers: {
          'content-type': CONTENT_TYPES[extname(file)] ?? 'application/octet-stream',
          'content-security-policy': CONTENT_SECURITY_POLICY,
          'x-content-type-options': 'nosniff',
        },
      });
    } catch {
      return new Response('not found', { status: 404 });
    }
  });
}

import { readFile } from 'node:fs/promises';
import { protocol } from 'electron';
import { APP_HOST, APP_SCHEME, CONTENT_SECURITY_POLICY } from './security-policy';
import { resolveStaticFile } from './transport/static-files';

/** Must run before the app is ready. */
export function registerAppScheme(): void {
  protocol.registerSchemesAsPrivileged([
    { scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true } },
  ]);
}

/** Serves the built renderer: GET only, app://atlas only, files inside rendererDir only, with the CSP header. */
export function serveRenderer(rendererDir: string): void {
  protocol.handle(APP_SCHEME, async (request) => {
    if (request.method !== 'GET') return new Response('GET only', { status: 405 });
    const { host, pathname } = new URL(request.url);
    if (host !== APP_HOST) return new Response('not found', { status: 404 });
    const found = resolveStaticFile(rendererDir, pathname);
    if (!found.ok) return new Response(found.status === 400 ? 'bad request' : 'not found', { status: found.status });
    try {
      const body = await readFile(found.file);
      return new Response(body, {
        headers: {
          'content-type': found.contentType,
          'content-security-policy': CONTENT_SECURITY_POLICY,
          'x-content-type-options': 'nosniff',
        },
      });
    } catch {
      return new Response('not found', { status: 404 });
    }
  });
}

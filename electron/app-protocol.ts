import { readFile } from 'node:fs/promises';
import { protocol } from 'electron';
import { APP_HOST, APP_SCHEME, CONTENT_SECURITY_POLICY } from './security-policy';
import { generatedAnswer, resolveGeneratedFile, resolveStaticFile } from './transport/static-files';

/** On every response, a refusal too: the page's CSP, and no content sniffing. */
const SECURITY_HEADERS = { 'content-security-policy': CONTENT_SECURITY_POLICY, 'x-content-type-options': 'nosniff' };

function refusal(status: number, text: string): Response {
  return new Response(text, { status, headers: { ...SECURITY_HEADERS, 'content-type': 'text/plain; charset=utf-8' } });
}

/** Must run before the app is ready. */
export function registerAppScheme(): void {
  protocol.registerSchemesAsPrivileged([
    { scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true } },
  ]);
}

/**
 * Serves the built renderer: GET only, app://atlas only, files inside rendererDir only, with the
 * CSP header; and under /generated/ the basemap from resourcesDir/generated, with its ETag.
 */
export function serveRenderer(rendererDir: string, resourcesDir: string): void {
  protocol.handle(APP_SCHEME, async (request) => {
    if (request.method !== 'GET') return refusal(405, 'GET only');
    const { host, pathname } = new URL(request.url);
    if (host !== APP_HOST) return refusal(404, 'not found');
    const generated = resolveGeneratedFile(resourcesDir, pathname);
    if (generated) {
      if (!generated.ok) return refusal(404, 'not found');
      try {
        const answer = generatedAnswer(generated.file, generated.contentType, request.headers.get('if-none-match'));
        return new Response(answer.body, { status: answer.status, headers: { ...SECURITY_HEADERS, ...answer.headers } });
      } catch {
        return refusal(404, 'not found');
      }
    }
    const found = resolveStaticFile(rendererDir, pathname);
    if (!found.ok) return refusal(found.status, found.status === 400 ? 'bad request' : 'not found');
    try {
      const body = await readFile(found.file);
      return new Response(body, { headers: { ...SECURITY_HEADERS, 'content-type': found.contentType } });
    } catch {
      return refusal(404, 'not found');
    }
  });
}

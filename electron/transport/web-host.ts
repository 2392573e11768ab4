/**
 * The browser host: serves the built renderer on 127.0.0.1 and forwards POST /api/<method> to the
 * very same routers the Electron app uses: settings here, everything else in the data worker,
 * with its watchdog. A small shim defines window.atlas over fetch, so the renderer, router,
 * services and SQLite run end to end in a plain browser.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { tmpdir } from 'node:os';
import { fileURLToPath } from 'node:url';
import { DataWorker, type WatchdogLimits } from '../data-worker/client';
import type { DocumentHandle } from '../data-worker/protocol';
import { createShellRouter, unsupportedFileActions } from '../shell-router';
import { toApiError } from '../routing';
import { fail } from '../../shared/result';
import { SettingsStore } from '../settings';
import { CLIENT_GLOBAL, HOST_EXPORT_PATH } from '../../shared/client-global';
import { exportRequestSchema, type ExportFormat } from '../../shared/contract';
import { CONTENT_TYPES, generatedAnswer, resolveGeneratedFile, resolveStaticFile } from './static-files';

const projectRoot = fileURLToPath(new URL('../../', import.meta.url));
export const RENDERER_DIR = join(projectRoot, 'out', 'renderer');
export const RESOURCES_DIR = join(projectRoot, 'resources');

const SHIM_PATH = '/__host/shim.js';
const SHIM = `window.${CLIENT_GLOBAL} = {
  async invoke(method, input) {
    const response = await fetch('/api/' + encodeURIComponent(method), {
      method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(input ?? {}),
    });
    return response.json();
  },
  onEvent() { return () => {}; },
};`;

export interface HostOptions {
  dbPath: string;
  port?: number;
  settingsPath?: string;
  rendererDir?: string;
  /** The data worker's watchdog (tests set short limits). */
  limits?: Partial<WatchdogLimits>;
  log?: (message: string) => void;
}

export interface Host {
  url: string;
  port: number;
  /** The document, in the data worker. */
  documents: DocumentHandle;
  close(): Promise<void>;
}

/** Opens the document at dbPath, creating it from the demo when there is no file there. */
export async function openOrCreateDemo(documents: DocumentHandle, dbPath: string): Promise<void> {
  try {
    if (existsSync(dbPath)) await documents.open(dbPath);
    else await documents.create(dbPath, { kind: 'demo' });
  } catch {
    // The session keeps the reason; the page shows it in plain words.
  }
}

/** The largest body one call may send (an import of 20 MB as base64, with room). */
const BODY_LIMIT = 32 * 1024 * 1024;
/** What all calls being read at once may hold: 16 uploads of 30 MB reached 720 MB without it. */
export const BODIES_IN_FLIGHT_LIMIT = 64 * 1024 * 1024;

/** How long closing the host waits for calls in progress before it drops their connections. */
const CLOSE_GRACE_MS = 10_000;

class BodiesBusy extends Error {}

const invalidInput = { ok: false, error: { code: 'invalid_input', message: 'validation.invalid' } };

/** Bytes of request bodies the host holds while it reads them, shared by all requests. */
interface BodyBudget {
  used: number;
}

async function readBody(request: IncomingMessage, budget: BodyBudget): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  try {
    for await (const chunk of request) {
      const length = (chunk as Buffer).length;
      size += length;
      if (size > BODY_LIMIT) throw new Error('request too large');
      if (budget.used + length > BODIES_IN_FLIGHT_LIMIT) throw new BodiesBusy('too many large requests at once');
      budget.used += length;
      chunks.push(chunk as Buffer);
    }
    return Buffer.concat(chunks).toString('utf8');
  } finally {
    budget.used -= chunks.reduce((sum, chunk) => sum + chunk.length, 0);
  }
}

/** A percent-encoded path decoded, or null when it does not decode (decodeURIComponent throws). */
function decodedPath(path: string): string | null {
  try {
    return decodeURIComponent(path);
  } catch {
    return null;
  }
}

function send(
  response: ServerResponse,
  status: number,
  type: string,
  body: string | Buffer,
  headers: Record<string, string> = {},
): void {
  response.writeHead(status, {
    'content-type': type,
    'cache-control': 'no-store',
    'x-content-type-options': 'nosniff',
    ...headers,
  });
  response.end(body);
}

const EXPORT_TYPES: Record<ExportFormat, string> = {
  csv: 'text/csv; charset=utf-8',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  geojson: 'application/geo+json',
};

/** An attachment's name for every browser: ASCII in filename, the real name (å ä ö) in filename* (RFC 6266). */
export function contentDisposition(fileName: string): string {
  const ascii = fileName
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[^\x20-\x7e]|["\\]/g, '_');
  const encoded = encodeURIComponent(fileName).replace(/['()*]/g, (char) => `%${char.charCodeAt(0).toString(16).toUpperCase()}`);
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encoded}`;
}

export async function startHost(options: HostOptions): Promise<Host> {
  const rendererDir = resolve(options.rendererDir ?? RENDERER_DIR);
  if (!existsSync(join(rendererDir, 'index.html'))) {
    throw new Error(`No built renderer in ${rendererDir}: run "npm run build" first.`);
  }
  const settings = new SettingsStore(options.settingsPath ?? join(tmpdir(), `atlas-host-settings-${process.pid}.json`));
  const { deviceId, laptopName, backupKeep } = settings.get();
  const documents = new DataWorker(
    { resourcesDir: RESOURCES_DIR, deviceId, laptopName, backupKeep },
    {
      limits: options.limits,
      log: options.log,
      // Ended on a document that did not answer: it is not opened by itself at the next start.
      onEnded: (path) => path && settings.forgetLastDocument(path),
    },
  );
  // This laptop's name (and id) reach the data side when they change.
  settings.onChange(({ deviceId: id, laptopName: name, backupKeep: keep }) =>
    documents.updateSettings({ deviceId: id, laptopName: name, backupKeep: keep }),
  );
  await openOrCreateDemo(documents, resolve(options.dbPath));
  const router = createShellRouter({ settings, files: unsupportedFileActions, data: documents, log: options.log });

  const indexHtml = readFileSync(join(rendererDir, 'index.html'), 'utf8').replace(
    '<script type="module"',
    `<script src="${SHIM_PATH}"></script>\n    <script type="module"`,
  );

  const favicon = readFileSync(join(RESOURCES_DIR, 'favicon.ico'));

  const bodies: BodyBudget = { used: 0 };
  const server = createServer(async (request, response) => {
    try {
      const url = new URL(request.url ?? '/', 'http://127.0.0.1');
      // Only this machine's pages may call the API (no DNS rebinding from a web page).
      const host = request.headers.host ?? '';
      if (!/^(127\.0\.0\.1|localhost)(:\d+)?$/.test(host)) return send(response, 403, 'text/plain', 'forbidden');
      const isApi = url.pathname.startsWith('/api/');
      if (isApi || url.pathname === HOST_EXPORT_PATH) {
        if (request.method !== 'POST') return send(response, 405, 'text/plain', 'POST only');
        // Only the host's own page may call: a JSON body (a cross-site form cannot send one without
        // a preflight, which is refused) and, when the browser says where it comes from, this origin.
        const origin = request.headers.origin;
        if (
          !String(request.headers['content-type'] ?? '').startsWith('application/json') ||
          (origin !== undefined && origin !== `http://${host}`)
        ) {
          return send(response, 403, 'text/plain', 'forbidden');
        }
      }
      if (url.pathname === HOST_EXPORT_PATH) {
        // The window's Export… in a browser: no save dialog here, so the export comes back as a
        // download, the same bytes the app writes (CSV: the members table).
        let body: string;
        try {
          body = await readBody(request, bodies);
        } catch {
          return send(response, 400, 'application/json', JSON.stringify(invalidInput));
        }
        let parsed: ReturnType<typeof exportRequestSchema.safeParse>;
        try {
          parsed = exportRequestSchema.safeParse(body === '' ? {} : JSON.parse(body));
        } catch {
          return send(response, 400, 'application/json', JSON.stringify(invalidInput));
        }
        if (!parsed.success) return send(response, 400, 'application/json', JSON.stringify(invalidInput));
        try {
          const file = await documents.exportBytes({ ...parsed.data, language: settings.get().language });
          return send(response, 200, EXPORT_TYPES[parsed.data.format], Buffer.from(file.contentBase64, 'base64'), {
            'content-disposition': contentDisposition(file.fileName),
          });
        } catch (error) {
          const apiError = toApiError(error, options.log);
          const status = apiError.code === 'not_found' ? 404 : apiError.code === 'internal' ? 500 : 409;
          return send(response, status, 'application/json', JSON.stringify(fail(apiError)));
        }
      }
      if (isApi) {
        // A name that does not decode (a half percent-escape) goes to the router as it came: unknown.
        const method = decodedPath(url.pathname.slice('/api/'.length)) ?? url.pathname.slice('/api/'.length);
        let input: unknown;
        try {
          const body = await readBody(request, bodies);
          input = body === '' ? {} : JSON.parse(body);
        } catch (error) {
          if (error instanceof BodiesBusy) {
            const busy = { ok: false, error: { code: 'io', message: 'errors.io', detail: error.message } };
            return send(response, 503, 'application/json', JSON.stringify(busy));
          }
          return send(response, 400, 'application/json', JSON.stringify(invalidInput));
        }
        // The answer comes as JSON text (from the data worker, made there): it is passed on as it is.
        return send(response, 200, 'application/json', await router.callText(method, input));
      }
      if (request.method !== 'GET' && request.method !== 'HEAD') return send(response, 405, 'text/plain', 'GET only');
      if (url.pathname === SHIM_PATH) return send(response, 200, CONTENT_TYPES['.js']!, SHIM);
      // What a browser asks for by itself: the app's icon (scripts/build-icons.ts makes it).
      if (url.pathname === '/favicon.ico') return send(response, 200, CONTENT_TYPES['.ico']!, favicon);
      if (url.pathname === '/' || url.pathname === '/index.html') return send(response, 200, CONTENT_TYPES['.html']!, indexHtml);
      // The basemap, from resources/generated, with its ETag (a reload asks and gets a 304).
      const generated = resolveGeneratedFile(RESOURCES_DIR, url.pathname);
      if (generated) {
        if (!generated.ok) return send(response, 404, 'text/plain', 'not found');
        const answer = generatedAnswer(generated.file, generated.contentType, request.headers['if-none-match']);
        response.writeHead(answer.status, { ...answer.headers, 'x-content-type-options': 'nosniff' });
        response.end(answer.body ?? undefined);
        return;
      }
      const found = resolveStaticFile(rendererDir, url.pathname);
      // Every refusal is a 404 here, also a path that does not decode: a page asked for nothing we have.
      if (!found.ok) return send(response, 404, 'text/plain', 'not found');
      return send(response, 200, found.contentType, readFileSync(found.file));
    } catch (error) {
      options.log?.(`host error: ${String(error)}`);
      if (!response.headersSent) send(response, 500, 'text/plain', 'internal error');
    }
  });

  const port = await listen(server, options.port ?? 0);
  return {
    url: `http://127.0.0.1:${port}/`,
    port,
    documents,
    close: () =>
      new Promise<void>((done) => {
        // Calls still waiting for the data worker get their answers first (for a moment at most);
        // idle connections close at once.
        const grace = setTimeout(() => server.closeAllConnections(), CLOSE_GRACE_MS);
        server.close(() => {
          clearTimeout(grace);
          void documents.stop().then(done, done);
        });
      }),
  };
}

function listen(server: ReturnType<typeof createServer>, port: number): Promise<number> {
  return new Promise((done, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => {
      server.off('error', reject);
      const address = server.address();
      done(typeof address === 'object' && address ? address.port : port);
    });
  });
}

/** The first free port from `preferred` on (5173, 5174, …). */
export async function startHostOnFreePort(options: HostOptions & { port: number }, attempts = 20): Promise<Host> {
  for (let offset = 0; ; offset += 1) {
    try {
      return await startHost({ ...options, port: options.port + offset });
    } catch (error) {
      if ((error as { code?: string }).code !== 'EADDRINUSE' || offset + 1 >= attempts) throw error;
    }
  }
}

/**
 * The transport the tests and `npm run web` use, fuzzed over HTTP: the browser host forwards
 * POST /api/<method> to the real router. Whatever arrives (invalid JSON, a huge body, the wrong
 * content type, method names such as __proto__), the host stays up and answers every API call
 * with a structured result; a request it refuses before the router (not JSON, another origin,
 * not POST) gets a plain 403 or 405.
 */
import { request as httpRequest } from 'node:http';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { METHOD_NAMES } from '../../shared/contract';
import { openDocument } from '../../electron/db/open';
import type { Host } from '../../electron/transport/web-host';
import { useTempDir } from '../helpers/files';
import { rawRequest } from '../helpers/raw-http';
import { standInHost } from '../helpers/stand-in-host';
import {
  answerProblem,
  fuzzParameters,
  fuzzRuns,
  fuzzTimeout,
  hostileText,
  hostileValue,
  integrityProblems,
} from '../helpers/fuzz';

const tempDir = useTempDir();

/** A host on the demo, serving a stand-in page (these tests need no built renderer). */
const hostOnDemo = (): Promise<Host> => standInHost(tempDir());

interface Reply {
  status: number;
  type: string;
  body: string;
}

/** A raw request: any path, method, header and body, as a hostile local program could send. */
async function send(
  host: Host,
  options: { path: string; method?: string; headers?: Record<string, string>; body?: string | Buffer },
): Promise<Reply> {
  const reply = await rawRequest(host.port, options);
  return { status: reply.status, type: String(reply.headers['content-type'] ?? ''), body: reply.bytes.toString('utf8') };
}

/** A reply from the API: a structured result (200), or a structured refusal of the body (400). */
function expectStructured(reply: Reply, what: string): void {
  expect([200, 400], `${what}: ${reply.status} ${reply.body.slice(0, 200)}`).toContain(reply.status);
  expect(reply.type, what).toMatch(/^application\/json/);
  expect(answerProblem(JSON.parse(reply.body)), `${what}: ${reply.body.slice(0, 300)}`).toBeNull();
}

async function expectAlive(host: Host): Promise<void> {
  const reply = await send(host, { path: '/api/chains.list', body: '{}' });
  expect(reply.status).toBe(200);
  expect(JSON.parse(reply.body)).toMatchObject({ ok: true });
}

/** Every byte of the name percent-encoded (a half surrogate pair goes as U+FFFD, as a browser sends it). */
const encode = (method: string) =>
  [...Buffer.from(method, 'utf8')].map((byte) => `%${byte.toString(16).padStart(2, '0')}`).join('');

describe('the browser host under hostile requests', () => {
  it('answers odd method names and bodies with structured errors and stays up', async () => {
    const host = await hostOnDemo();
    try {
      const names = [
        '__proto__',
        'constructor',
        'toString',
        'valueOf',
        'hasOwnProperty',
        'prototype',
        '',
        'members.list/../chains.list',
        'a'.repeat(4_000),
      ];
      for (const name of names) {
        const reply = await send(host, { path: `/api/${encode(name)}`, body: '{}' });
        expectStructured(reply, name);
        expect(JSON.parse(reply.body)).toMatchObject({ ok: false, error: { code: 'unknown_method' } });
      }
      // Paths that do not decode: a half percent-escape, an escaped NUL, an escaped slash.
      for (const path of ['/api/%E0%A4%A', '/api/%', '/api/chains.list%00', '/api/..%2F..%2Fpackage.json', '/api/%C0%AE%C0%AE']) {
        const reply = await send(host, { path, body: '{}' });
        expectStructured(reply, path);
        expect(JSON.parse(reply.body)).toMatchObject({ ok: false });
      }
      // A page path that does not decode is not found, not an error.
      for (const path of ['/%E0%A4%A', '/assets/%', '/..%2F..%2Fpackage.json'])
        expect((await send(host, { path, method: 'GET' })).status, path).toBe(404);
      const bodies = [
        '{',
        'undefined',
        "{'chainId':1}",
        '\u0000',
        'null',
        '42',
        '"text"',
        '[]',
        '{"__proto__":{"polluted":true}}',
        '{"constructor":{"prototype":{"polluted":true}}}',
        `${'['.repeat(100_000)}${']'.repeat(100_000)}`,
        `{"a":${'{"a":'.repeat(50_000)}1${'}'.repeat(50_001)}`,
        '\uFEFF{}',
        '{"chainId":"x","chainId":"y"}',
        JSON.stringify({ query: 'x'.repeat(1_000_000) }),
      ];
      for (const method of ['chains.list', 'members.list', 'members.rename', 'gazetteer.search', 'undo.undo']) {
        for (const body of bodies)
          expectStructured(await send(host, { path: `/api/${method}`, body }), `${method} ${body.slice(0, 40)}`);
      }
      expect(({} as Record<string, unknown>).polluted).toBeUndefined();
      await expectAlive(host);
    } finally {
      await host.close();
    }
  });

  it('refuses a body larger than it takes with a structured error, and stays up', async () => {
    const host = await hostOnDemo();
    try {
      const huge = Buffer.alloc(40 * 1024 * 1024, 0x20);
      let reply: Reply | null = null;
      try {
        reply = await send(host, { path: '/api/members.list', body: huge });
      } catch (error) {
        // The host may stop reading and close the connection before the client has sent it all.
        expect(String((error as { code?: string }).code)).toMatch(/ECONNRESET|EPIPE/);
      }
      if (reply) expectStructured(reply, 'huge body');
      await expectAlive(host);
    } finally {
      await host.close();
    }
  });

  it('holds at most a bounded number of bytes of bodies at once: the rest get a 503, and it stays up', async () => {
    const host = await hostOnDemo();
    try {
      // Five calls that each send 20 MB of a 21 MB body and then wait: 100 MB held at once, more
      // than the host keeps while reading bodies. None can finish, so the limit must refuse some.
      const chunk = Buffer.alloc(20 * 1024 * 1024, 0x20);
      const rest = Buffer.from('{}');
      const finishers: Array<() => void> = [];
      const replies = Array.from(
        { length: 5 },
        () =>
          new Promise<Reply>((resolve, reject) => {
            const request = httpRequest(
              {
                host: '127.0.0.1',
                port: host.port,
                path: '/api/chains.list',
                method: 'POST',
                headers: { 'content-type': 'application/json', 'content-length': String(chunk.length + rest.length) },
              },
              (response) => {
                const chunks: Buffer[] = [];
                response.on('data', (data: Buffer) => chunks.push(data));
                response.on('end', () =>
                  resolve({ status: response.statusCode ?? 0, type: '', body: Buffer.concat(chunks).toString('utf8') }),
                );
              },
            );
            request.on('error', reject);
            request.write(chunk);
            finishers.push(() => request.end(rest));
          }),
      );
      let answered = 0;
      for (const reply of replies) void reply.then(() => (answered += 1)).catch(() => (answered += 1));
      // The refusals come while every body is still unfinished.
      await expect.poll(() => answered, { timeout: 20_000 }).toBeGreaterThanOrEqual(2);
      for (const finish of finishers) finish();
      const answers = await Promise.allSettled(replies);
      const refused = answers.filter((answer) => answer.status === 'fulfilled' && answer.value.status === 503);
      expect(refused.length).toBeGreaterThanOrEqual(2);
      for (const answer of refused) {
        expect(JSON.parse((answer as PromiseFulfilledResult<Reply>).value.body)).toMatchObject({
          ok: false,
          error: { code: 'io', message: 'errors.io' },
        });
      }
      await expectAlive(host);
    } finally {
      await host.close();
    }
  });

  it('refuses what is not a JSON POST from its own page with 403 or 405, and stays up', async () => {
    const host = await hostOnDemo();
    try {
      for (const headers of [
        { 'content-type': 'text/plain' },
        { 'content-type': 'application/x-www-form-urlencoded' },
        {},
        { 'content-type': 'multipart/form-data; boundary=x' },
      ] as Array<Record<string, string>>) {
        expect((await send(host, { path: '/api/chains.list', headers, body: '{}' })).status).toBe(403);
      }
      expect(
        (
          await send(host, {
            path: '/api/chains.list',
            headers: { 'content-type': 'application/json', origin: 'http://evil.example' },
            body: '{}',
          })
        ).status,
      ).toBe(403);
      for (const method of ['GET', 'PUT', 'DELETE', 'PATCH', 'OPTIONS'])
        expect((await send(host, { path: '/api/chains.list', method, body: '' })).status).toBe(405);
      await expectAlive(host);
    } finally {
      await host.close();
    }
  });

  it(
    'answers random requests (fast-check) without a 500, and the document stays whole',
    { timeout: fuzzTimeout(150) },
    async () => {
      const host = await hostOnDemo();
      try {
        const method = fc.oneof(
          fc.constantFrom(...METHOD_NAMES),
          fc.constantFrom('__proto__', 'constructor', 'toString'),
          hostileText,
        );
        const body = fc.oneof(
          hostileValue.map((value) => {
            try {
              return (
                JSON.stringify(value, (_key, inner: unknown) => (typeof inner === 'bigint' ? Number(inner) : inner)) ??
                'undefined'
              );
            } catch {
              return '{';
            }
          }),
          hostileText,
          fc.string({ unit: 'binary', maxLength: 200 }),
        );
        const contentType = fc.constantFrom(
          'application/json',
          'application/json; charset=utf-8',
          'application/json; charset=latin1',
          'application/jsonx',
          'text/plain',
          '',
        );
        await fc.assert(
          fc.asyncProperty(method, body, contentType, async (name, text, type) => {
            const path = `/api/${encode(name)}`;
            const reply = await send(host, { path, headers: type ? { 'content-type': type } : {}, body: text });
            // Node's HTTP parser itself refuses a request line over its 16 KiB header limit.
            if (path.length > 16 * 1024 - 100 && reply.status === 431) return;
            if (!type.startsWith('application/json')) expect(reply.status).toBe(403);
            else expectStructured(reply, `${name} ${text.slice(0, 60)}`);
          }),
          fuzzParameters(fuzzRuns(150)),
        );
        await expectAlive(host);
        // The data worker holds the document; a second connection reads it as it is on disk.
        const reader = await openDocument(host.documents.path!);
        try {
          expect(integrityProblems(reader.db)).toEqual([]);
        } finally {
          reader.close();
        }
      } finally {
        await host.close();
      }
    },
  );
});

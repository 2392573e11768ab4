/**
 * The browser host's export download (POST /__host/export): the bytes the app would write, with
 * the chain's name as the file name, behind the same checks as the API (this machine, a JSON POST
 * from the host's own page).
 */
import { describe, expect, it } from 'vitest';
import { HOST_EXPORT_PATH } from '../../shared/client-global';
import type { Host } from '../../electron/transport/web-host';
import { useTempDir } from '../helpers/files';
import { rawRequest } from '../helpers/raw-http';
import { standInHost } from '../helpers/stand-in-host';

const tempDir = useTempDir();

/** A request to the export route unless another path is given; a JSON POST unless told otherwise. */
const send = (host: Host, options: { path?: string; method?: string; headers?: Record<string, string>; body?: string }) =>
  rawRequest(host.port, { ...options, path: options.path ?? HOST_EXPORT_PATH });

async function api<T>(host: Host, method: string, input: object): Promise<T> {
  const reply = await send(host, { path: `/api/${method}`, body: JSON.stringify(input) });
  const answer = JSON.parse(reply.bytes.toString('utf8')) as { ok: boolean; value: T };
  expect(answer, JSON.stringify(answer)).toMatchObject({ ok: true });
  return answer.value;
}

const FIRST_CHAIN = ['Vänersborg', 'Herning', 'Husby', 'Holmestrand', 'Kangasala', 'Utajärvi', 'Eiði', 'Siglufjörður', 'Arsuk'];

describe('the browser host’s export download', () => {
  it('answers the members CSV with the delimiter asked for, named after the chain, and it reads back', async () => {
    const host = await standInHost(tempDir());
    try {
      const chainId = (await api<Array<{ id: string }>>(host, 'chains.list', {}))[0]!.id;
      for (const delimiter of [';', ',', '\t']) {
        const reply = await send(host, { body: JSON.stringify({ chainId, format: 'csv', delimiter }) });
        expect(reply.status).toBe(200);
        expect(reply.headers['content-type']).toBe('text/csv; charset=utf-8');
        expect(reply.headers['content-disposition']).toBe(
          `attachment; filename="Vanersborgs nordiska vanortskedja.csv"; filename*=UTF-8''V%C3%A4nersborgs%20nordiska%20v%C3%A4nortskedja.csv`,
        );
        const text = reply.bytes.toString('utf8');
        expect(text.startsWith('\uFEFF')).toBe(true);
        const [header, ...rows] = text.slice(1).trimEnd().split('\r\n');
        expect(header!.split(delimiter)).toHaveLength(11);
        for (const name of FIRST_CHAIN) expect(rows.some((row) => row.split(delimiter)[1] === `"${name}"`)).toBe(true);
        expect(rows).toHaveLength(10);

        const preview = await api<{ totalRows: number; rowsWithProblems: number; outcomes: Record<string, number> }>(
          host,
          'import.preview',
          { fileName: 'export.csv', contentBase64: reply.bytes.toString('base64'), chainId },
        );
        expect(preview).toMatchObject({ totalRows: 10, rowsWithProblems: 0 });
        expect(preview.outcomes.add).toBe(0);
      }
      const xlsx = await send(host, { body: JSON.stringify({ chainId, format: 'xlsx' }) });
      expect(xlsx.status).toBe(200);
      expect(xlsx.bytes.subarray(0, 2).toString('latin1')).toBe('PK');
      const geojson = await send(host, { body: JSON.stringify({ chainId, format: 'geojson' }) });
      expect(geojson.headers['content-type']).toBe('application/geo+json');
      expect((JSON.parse(geojson.bytes.toString('utf8')) as { type: string }).type).toBe('FeatureCollection');
    } finally {
      await host.close();
    }
  });

  it('refuses what the API refuses, and an export it cannot make, with no bytes of the document', async () => {
    const host = await standInHost(tempDir());
    try {
      const chainId = (await api<Array<{ id: string }>>(host, 'chains.list', {}))[0]!.id;
      const body = JSON.stringify({ chainId, format: 'csv', delimiter: ';' });
      const refused = [
        await send(host, { method: 'GET' }),
        await send(host, { body, headers: { 'content-type': 'text/plain' } }),
        await send(host, { body, headers: { 'content-type': 'application/json', origin: 'http://evil.example' } }),
        await send(host, { body, headers: { 'content-type': 'application/json', host: 'evil.example' } }),
      ];
      expect(refused.map((reply) => reply.status)).toEqual([405, 403, 403, 403]);
      for (const reply of refused) expect(reply.bytes.toString('utf8')).not.toContain('Herning');
      const invalid = [
        { chainId, format: 'pdf' },
        { chainId, format: 'csv', delimiter: '|' },
        { chainId, format: 'csv', path: '/tmp/x.csv' },
      ];
      for (const input of invalid) expect((await send(host, { body: JSON.stringify(input) })).status).toBe(400);
      expect((await send(host, { body: '{not json' })).status).toBe(400);
      const missing = await send(host, {
        body: JSON.stringify({ chainId: '00000000-0000-4000-8000-000000000000', format: 'csv' }),
      });
      expect(missing.status).toBe(404);
      expect(JSON.parse(missing.bytes.toString('utf8'))).toMatchObject({ ok: false, error: { code: 'not_found' } });
    } finally {
      await host.close();
    }
  });
});

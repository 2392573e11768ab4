/**
 * The browser host serves the bundled basemap as a file (BASEMAP_URL) from resources/generated,
 * with a content ETag: a reload asks with If-None-Match and gets a 304 without the 5 MB. Nothing
 * else in resources/ is served, however the path is written.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BASEMAP_URL } from '../../shared/contract';
import type { Host } from '../../electron/transport/web-host';
import { useTempDir } from '../helpers/files';
import { standInHost } from '../helpers/stand-in-host';

const tempDir = useTempDir();
let host: Host;

beforeAll(async () => {
  host = await standInHost(tempDir());
});

afterAll(() => host.close());

describe('the basemap in the browser host', () => {
  it('is served with a content ETag, no-cache and nosniff, and 304 without a body for a current copy', async () => {
    const response = await fetch(new URL(BASEMAP_URL, host.url));
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('application/json');
    expect(response.headers.get('cache-control')).toBe('no-cache');
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
    const etag = response.headers.get('etag');
    expect(etag).toMatch(/^"[\w-]{27}"$/);
    const basemap = (await response.json()) as { type: string; features: unknown[] };
    expect(basemap.type).toBe('FeatureCollection');
    expect(basemap.features.length).toBeGreaterThan(100);

    const again = await fetch(new URL(BASEMAP_URL, host.url), { headers: { 'if-none-match': etag! } });
    expect(again.status).toBe(304);
    expect(again.headers.get('etag')).toBe(etag);
    expect(await again.text()).toBe('');
    const head = await fetch(new URL(BASEMAP_URL, host.url), { method: 'HEAD' });
    expect(head.status).toBe(200);
    expect(head.headers.get('etag')).toBe(etag);
  });

  it('is no longer an API method', async () => {
    const response = await fetch(new URL('/api/map.basemap', host.url), {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{}',
    });
    expect(((await response.json()) as { ok: boolean; error: { code: string } }).error.code).toBe('unknown_method');
  });

  it('serves nothing else from resources/, however the path is written', async () => {
    for (const path of [
      '/generated/gazetteer.sqlite',
      '/generated/',
      '/generated/..%2fdemo%2fvanersborg-chain.json',
      '/generated/%2e%2e/demo/vanersborg-chain.json',
      '/generated/..%5cdemo%5cvanersborg-chain.json',
      '/generated/basemap.json%00',
      '/generated/basemap.json/x',
      '/resources/generated/basemap.json',
    ]) {
      const response = await fetch(new URL(path, host.url));
      expect(response.status, path).toBe(404);
      expect(await response.text(), path).toBe('not found');
    }
    const post = await fetch(new URL(BASEMAP_URL, host.url), { method: 'POST', body: 'x' });
    expect(post.status).toBe(405);
  });
});

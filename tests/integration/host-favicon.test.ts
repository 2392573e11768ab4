/** The browser host answers a browser's /favicon.ico with the app's icon (resources/favicon.ico). */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { RESOURCES_DIR } from '../../electron/transport/web-host';
import { useTempDir } from '../helpers/files';
import { standInHost } from '../helpers/stand-in-host';

const tempDir = useTempDir();

describe('the favicon in the browser host', () => {
  it('is the app icon as an ICO of PNG images, nosniff', async () => {
    const host = await standInHost(tempDir());
    try {
      const response = await fetch(new URL('/favicon.ico', host.url));
      expect(response.status).toBe(200);
      expect(response.headers.get('content-type')).toBe('image/x-icon');
      expect(response.headers.get('x-content-type-options')).toBe('nosniff');
      const bytes = Buffer.from(await response.arrayBuffer());
      expect(bytes.equals(readFileSync(join(RESOURCES_DIR, 'favicon.ico')))).toBe(true);
      // An icon (type 1) of 16, 32 and 48 px, each a PNG.
      expect([bytes.readUInt16LE(0), bytes.readUInt16LE(2), bytes.readUInt16LE(4)]).toEqual([0, 1, 3]);
      expect([0, 1, 2].map((index) => bytes.readUInt8(6 + 16 * index))).toEqual([16, 32, 48]);
      const first = bytes.readUInt32LE(6 + 12);
      expect(bytes.subarray(first + 1, first + 4).toString('latin1')).toBe('PNG');
      expect((await fetch(new URL('/favicon.ico', host.url), { method: 'POST' })).status).toBe(405);
    } finally {
      await host.close();
    }
  });
});

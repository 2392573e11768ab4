import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import {
  etagMatches,
  etagOf,
  GENERATED_CACHE_CONTROL,
  generatedAnswer,
  resolveGeneratedFile,
  resolveStaticFile,
} from '../../electron/transport/static-files';
import { BASEMAP_URL } from '../../shared/contract';

/**
 * The one resolver app:// and the browser host serve the renderer through: a URL path maps to a
 * file inside the root, and no spelling of a path reaches a file outside it.
 */

const base = mkdtempSync(join(tmpdir(), 'atlas-static-'));
const root = join(base, 'renderer');
mkdirSync(join(root, 'assets'), { recursive: true });
writeFileSync(join(root, 'index.html'), '<!doctype html>');
writeFileSync(join(root, 'assets', 'app.js'), 'export {};');
writeFileSync(join(base, 'x'), 'secret');
mkdirSync(join(base, 'renderer-evil'));
writeFileSync(join(base, 'renderer-evil', 'x'), 'secret');
// Links inside the root: one to a file outside it, one to a folder outside it, one to a file inside.
symlinkSync(join(base, 'x'), join(root, 'leak.txt'));
symlinkSync(join(base, 'renderer-evil'), join(root, 'evil'));
symlinkSync(join(root, 'index.html'), join(root, 'home.html'));
afterAll(() => rmSync(base, { recursive: true, force: true }));

describe('the static files of the renderer', () => {
  it('serves a file inside the root with its content type, and / as index.html', () => {
    expect(resolveStaticFile(root, '/assets/app.js')).toEqual({
      ok: true,
      file: join(root, 'assets', 'app.js'),
      contentType: 'text/javascript; charset=utf-8',
    });
    expect(resolveStaticFile(root, '/')).toEqual({
      ok: true,
      file: join(root, 'index.html'),
      contentType: 'text/html; charset=utf-8',
    });
    // The root as given with a trailing separator is the same root.
    expect(resolveStaticFile(`${root}/`, '/index.html')).toMatchObject({ ok: true, file: join(root, 'index.html') });
  });

  it('refuses every way out of the root, a folder and a missing file as not found', () => {
    for (const path of [
      '/../x',
      '/../../x',
      '/%2e%2e/x',
      '/%2E%2E/%2e%2e/x',
      '/..%2fx',
      '/assets/..%2f..%2fx',
      '/..%2frenderer-evil%2fx', // a sibling folder whose name starts like the root's
      '/..%5cx',
      '/assets%5c..%5c..%5cx',
      '/%00/../x',
      '/index.html%00.png',
      `/${encodeURIComponent(join(base, 'x'))}`,
      '/assets', // a folder
      '/assets/', // a folder
      '/missing.js',
      '/index.html/x', // a path through a file
      '/leak.txt', // a symlink to a file outside the root
      '/evil/x', // through a symlink to a folder outside the root
    ]) {
      expect(resolveStaticFile(root, path), path).toEqual({ ok: false, status: 404 });
    }
  });

  it('answers malformed percent-encoding as a bad request', () => {
    for (const path of ['/%E0%A4%A', '/assets/%', '/%zz']) {
      expect(resolveStaticFile(root, path), path).toEqual({ ok: false, status: 400 });
    }
  });

  it('serves a symlink that stays inside the root', () => {
    expect(resolveStaticFile(root, '/home.html')).toMatchObject({ ok: true, contentType: 'text/html; charset=utf-8' });
  });
});

describe('the generated map data beside the renderer', () => {
  const resources = join(base, 'resources');
  const generated = join(resources, 'generated');
  mkdirSync(generated, { recursive: true });
  writeFileSync(join(generated, 'basemap.json'), '{"type":"FeatureCollection","features":[]}');
  writeFileSync(join(generated, 'gazetteer.sqlite'), 'SQLite format 3');
  writeFileSync(join(resources, 'secret.json'), 'secret');

  it('serves the basemap at BASEMAP_URL, from resources/generated, as JSON', () => {
    expect(BASEMAP_URL).toBe('/generated/basemap.json');
    expect(resolveGeneratedFile(resources, BASEMAP_URL)).toEqual({
      ok: true,
      file: join(generated, 'basemap.json'),
      contentType: 'application/json',
    });
    // Not under /generated/: the renderer's own files, not this.
    expect(resolveGeneratedFile(resources, '/index.html')).toBeNull();
    expect(resolveGeneratedFile(resources, '/generatedx/basemap.json')).toBeNull();
  });

  it('serves nothing else from there: not the gazetteer, no way out, no other spelling', () => {
    for (const path of [
      '/generated/gazetteer.sqlite',
      '/generated/',
      '/generated/../secret.json',
      '/generated/..%2fsecret.json',
      '/generated/%2e%2e/secret.json',
      '/generated/basemap.json%00',
      '/generated/basemap.json/',
      '/generated//basemap.json',
      '/generated/%62asemap.json', // an encoded spelling of the name is not the name
      '/generated/BASEMAP.JSON',
    ]) {
      expect(resolveGeneratedFile(resources, path), path).toEqual({ ok: false, status: 404 });
    }
  });

  it('answers with a content ETag and no-cache, and 304 without a body when the copy is current', () => {
    const file = join(generated, 'basemap.json');
    const first = generatedAnswer(file, 'application/json', undefined);
    expect(first.status).toBe(200);
    expect(first.body?.toString()).toBe('{"type":"FeatureCollection","features":[]}');
    expect(first.headers).toEqual({
      'content-type': 'application/json',
      etag: expect.stringMatching(/^"[\w-]{27}"$/),
      'cache-control': GENERATED_CACHE_CONTROL,
    });
    expect(GENERATED_CACHE_CONTROL).toBe('no-cache');
    const etag = first.headers.etag!;
    for (const ifNoneMatch of [etag, `W/${etag}`, `"other", ${etag}`, '*']) {
      expect(generatedAnswer(file, 'application/json', ifNoneMatch), ifNoneMatch).toMatchObject({
        status: 304,
        body: null,
        headers: { etag },
      });
    }
    for (const ifNoneMatch of ['"other"', '', etag.slice(1, -1)]) {
      expect(generatedAnswer(file, 'application/json', ifNoneMatch).status, ifNoneMatch).toBe(200);
    }
    // A new build is another ETag: the old copy is not current.
    writeFileSync(file, '{"type":"FeatureCollection","features":[{}]}');
    expect(etagOf(file)).not.toBe(etag);
    expect(generatedAnswer(file, 'application/json', etag).status).toBe(200);
  });

  it('reads If-None-Match as HTTP lists it', () => {
    expect(etagMatches(null, '"a"')).toBe(false);
    expect(etagMatches('"a" , "b"', '"b"')).toBe(true);
    expect(etagMatches('W/"b"', '"b"')).toBe(true);
    expect(etagMatches('"ab"', '"b"')).toBe(false);
  });
});

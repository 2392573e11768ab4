import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import Ajv from 'ajv';
import yaml from 'js-yaml';
import { describe, expect, it } from 'vitest';
import { DOCUMENT_EXTENSION } from '../../electron/db/open';
import { unpackedPath } from '../../electron/services/map-data';

const root = fileURLToPath(new URL('../../', import.meta.url));
const config = yaml.load(readFileSync(join(root, 'electron-builder.yml'), 'utf8')) as Record<string, unknown>;

// Installers cannot be built here (no Electron download); this checks what can be checked.
describe('electron-builder.yml', () => {
  it("is valid against electron-builder's own schema", () => {
    const schema = JSON.parse(readFileSync(join(root, 'node_modules', 'app-builder-lib', 'scheme.json'), 'utf8'));
    const validate = new Ajv({ allErrors: true, strict: false }).compile(schema);
    expect(validate(config), JSON.stringify(validate.errors)).toBe(true);
  });

  it('builds NSIS, dmg, AppImage and deb, with the chain document associated', () => {
    expect(config.win).toMatchObject({ target: ['nsis'] });
    expect(config.mac).toMatchObject({ target: ['dmg'] });
    expect(config.linux).toMatchObject({ target: ['AppImage', 'deb'] });
    expect(config.fileAssociations).toEqual([expect.objectContaining({ ext: DOCUMENT_EXTENSION })]);
  });

  it('unpacks what SQLite opens itself: the native module and the gazetteer, where the app looks for it', () => {
    const unpacked = config.asarUnpack as string[];
    expect(unpacked).toEqual(expect.arrayContaining(['**/*.node', 'resources/generated/gazetteer.sqlite']));
    // The app's root in a package is app.asar; the data worker is handed its resources folder.
    const inAsar = join('/opt', 'Vänortsatlas', 'resources', 'app.asar', 'resources');
    const unpackedRoot = join('/opt', 'Vänortsatlas', 'resources', 'app.asar.unpacked');
    expect(unpackedPath(join(inAsar, 'generated', 'gazetteer.sqlite'))).toBe(
      join(unpackedRoot, 'resources/generated/gazetteer.sqlite'),
    );
    // Outside a package (npm start, the browser host, the CLI) the path is left as it is.
    expect(unpackedPath(join('/work', 'atlas', 'resources', 'generated', 'gazetteer.sqlite'))).toBe(
      join('/work', 'atlas', 'resources', 'generated', 'gazetteer.sqlite'),
    );
  });

  it('packs what the app reads at run time, and sets the security fuses', () => {
    const files = config.files as string[];
    for (const needed of [
      'out/**',
      'electron/db/migrations/*.sql',
      'resources/demo/**',
      'resources/generated/basemap.json',
      'resources/generated/gazetteer.sqlite',
    ])
      expect(files).toContain(needed);
    expect(existsSync(join(root, 'electron', 'db', 'migrations', '001_initial.sql'))).toBe(true);
    expect(config.electronFuses).toMatchObject({
      runAsNode: false,
      enableNodeOptionsEnvironmentVariable: false,
      enableNodeCliInspectArguments: false,
      enableCookieEncryption: true,
      enableEmbeddedAsarIntegrityValidation: true,
      onlyLoadAppFromAsar: true,
      // The renderer comes from app://, so file:// needs none of its old extra privileges.
      grantFileProtocolExtraPrivileges: false,
    });
  });
});

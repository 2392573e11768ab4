import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { SETTINGS_LIMITS, SettingsStore } from '../../electron/settings';
import { PROJECT_ROOT } from '../helpers/child';
import { useTempDir } from '../helpers/files';

const tempDir = useTempDir();

describe('the settings file is read within bounds', () => {
  it('a device id, recent files or a last document of megabytes are not taken; the rest is', () => {
    const path = join(tempDir(), 'settings.json');
    const huge = 'x'.repeat(64 * 1024);
    const recentFiles = [`/home/ann/${huge}.vanort`, ...Array.from({ length: 1000 }, (_, index) => `/home/ann/${index}.vanort`)];
    writeFileSync(path, JSON.stringify({ language: 'en', deviceId: huge, lastDocument: `/${huge}`, recentFiles, backupKeep: 3 }));
    const settings = new SettingsStore(path).get();
    expect(settings).toMatchObject({ language: 'en', lastDocument: null, backupKeep: 3 });
    // The change log records the device id in every row: a fresh one instead of 64 KB.
    expect(settings.deviceId.length).toBeLessThanOrEqual(SETTINGS_LIMITS.deviceIdLength);
    expect(settings.recentFiles).toEqual(Array.from({ length: 10 }, (_, index) => `/home/ann/${index}.vanort`));
  });

  it('a file over the limit falls back to the defaults, and is replaced by a small one', () => {
    const path = join(tempDir(), 'settings.json');
    writeFileSync(path, JSON.stringify({ language: 'en', padding: 'x'.repeat(SETTINGS_LIMITS.fileBytes) }));
    const settings = new SettingsStore(path).get();
    expect(settings.language).toBe('sv');
    expect(readFileSync(path).length).toBeLessThan(1024);
  });

  it('a FIFO in its place does not block the start (in a child process, killed after 15 s)', () => {
    const path = join(tempDir(), 'settings.json');
    expect(spawnSync('mkfifo', [path]).status).toBe(0);
    const script = `
      const { SettingsStore } = await import(${JSON.stringify(join(PROJECT_ROOT, 'electron/settings.ts'))});
      console.log(JSON.stringify(new SettingsStore(${JSON.stringify(path)}).get()));`;
    const child = spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], {
      cwd: PROJECT_ROOT,
      encoding: 'utf8',
      timeout: 15_000,
      killSignal: 'SIGKILL',
    });
    expect(child.signal, child.stderr).toBeNull();
    expect(JSON.parse(child.stdout.trim().split('\n').pop()!)).toMatchObject({ language: 'sv', recentFiles: [] });
  });
});

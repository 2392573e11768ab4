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

describe('the language on first start', () => {
  it("is the system's when the app speaks it, not stored until the user chooses, and the choice is kept", () => {
    const path = join(tempDir(), 'settings.json');
    // Electron's preferred system languages, most wanted first: German is not spoken, Danish is.
    const first = new SettingsStore(path, ['de-DE', 'da-DK', 'en-US']);
    expect(first.get()).toMatchObject({ language: 'da', languageChosen: false });
    expect(JSON.parse(readFileSync(path, 'utf8'))).not.toHaveProperty('language');
    // The system changes its language before the user ever chose: the app follows it.
    expect(new SettingsStore(path, ['nn-NO']).get()).toMatchObject({ language: 'nb', languageChosen: false });
    expect(new SettingsStore(path, ['de-DE']).get()).toMatchObject({ language: 'sv', languageChosen: false });
    // Chosen in the app: remembered, whatever the system says.
    new SettingsStore(path, ['da-DK']).update({ language: 'is' });
    expect(JSON.parse(readFileSync(path, 'utf8'))).toMatchObject({ language: 'is' });
    expect(new SettingsStore(path, ['fi-FI']).get()).toMatchObject({ language: 'is', languageChosen: true });
  });
});

/**
 * The import's command line (scripts/cli/import.ts), run as IT helpers run it, on temp files:
 * it makes a document and a chain where asked, leaves out bad rows where asked, and refuses a
 * document another app instance has open before it reads the file, in the user's language.
 */
import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { chainMembers, listChains } from '../../electron/services/chains';
import { contextOf, createDemoDocument, openDocument } from '../helpers/documents';
import { useTempDir } from '../helpers/files';
import { unprivilegedCommand } from '../helpers/child';
import { MESSY_SHEET } from '../helpers/sheets';

const tempDir = useTempDir();

/** The CLI in a process of its own, as `npm run import -- …` runs it. */
function runImport(...args: string[]): { status: number | null; stdout: string; stderr: string } {
  return runImportIn({}, ...args);
}

/** With the system locale `locale` sets (none by default: the CLI then speaks English). */
function runImportIn(locale: NodeJS.ProcessEnv, ...args: string[]): { status: number | null; stdout: string; stderr: string } {
  const result = spawnSync(process.execPath, ['--import', 'tsx', 'scripts/cli/import.ts', ...args], {
    cwd: process.cwd(),
    encoding: 'utf8',
    env: { ...process.env, LC_ALL: '', LC_MESSAGES: '', LANG: 'C.UTF-8', ...locale },
  });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

// Rows 2-4 of the messy sheet are valid; rows 6-8 each have one problem.
const VALID_ROWS = MESSY_SHEET.split('\r\n').slice(0, 4).join('\r\n');

async function membersOf(path: string, chainName: string): Promise<string[]> {
  const document = await openDocument(path);
  try {
    const ctx = contextOf(document);
    const chain = listChains(ctx).find((item) => item.name === chainName);
    if (!chain) return [];
    return chainMembers(ctx, chain.id)
      .members.map((member) => member.name)
      .sort();
  } finally {
    document.close();
  }
}

describe('npm run import on the command line', () => {
  it('--create and --chain make a document with that chain and its members where there was none', async () => {
    const dir = tempDir();
    const sheet = join(dir, 'register.csv');
    writeFileSync(sheet, VALID_ROWS);
    const path = join(dir, 'Nordkedjan.vanort');

    // Without --create: no document is made, and the message says how to make one.
    const without = runImport('--db', path, '--file', sheet, '--chain', 'Nordkedjan');
    expect(without.status).toBe(1);
    expect(without.stderr.trim()).toBe(`There is no document at ${path}. Add --create to make a new one there.`);
    expect(existsSync(path)).toBe(false);

    const made = runImport('--db', path, '--file', sheet, '--create', '--chain', 'Nordkedjan', '--year', '2013');
    expect(made.stderr).toBe('');
    expect(made.status).toBe(0);
    expect(made.stdout).toContain(`Made a new document ${path} with the chain Nordkedjan.`);
    expect(made.stdout).toContain('Imported into Nordkedjan: 3 added, 0 updated, 0 unchanged.');
    const document = await openDocument(path);
    expect(listChains(contextOf(document))).toEqual([expect.objectContaining({ name: 'Nordkedjan', memberCount: 3 })]);
    document.close();
    expect(await membersOf(path, 'Nordkedjan')).toEqual(['Eiði', 'Herning', 'Siglufjörður']);

    // --create on a document that exists opens it (nothing replaced); --chain makes another chain, and says so.
    const again = runImport('--db', path, '--file', sheet, '--create', '--chain', 'Sydkedjan', '--lang', 'sv');
    expect(again.status).toBe(0);
    expect(again.stdout).toContain(`Skapade kedjan Sydkedjan i ${path}.`);
    expect(again.stdout).not.toContain('Skapade ett nytt dokument');
    expect(await membersOf(path, 'Nordkedjan')).toEqual(['Eiði', 'Herning', 'Siglufjörður']);
    expect(await membersOf(path, 'Sydkedjan')).toEqual(['Eiði', 'Herning', 'Siglufjörður']);

    // The same file again into the same chain: every row is as stored, and the run says so.
    const same = runImport('--db', path, '--file', sheet, '--chain', 'Nordkedjan', '--year', '2013');
    expect(same.status).toBe(0);
    expect(same.stdout).toContain('Imported into Nordkedjan: 0 added, 0 updated, 3 unchanged.');
  }, 240_000);

  it('--skip-invalid imports the valid rows and lists the others; without it nothing is written', async () => {
    const dir = tempDir();
    const sheet = join(dir, 'messy.csv');
    writeFileSync(sheet, MESSY_SHEET);
    const path = join(dir, 'new.vanort');

    // A refused import into a new document leaves no document (and no empty chain) behind.
    const refused = runImport('--db', path, '--file', sheet, '--create', '--chain', 'Nordkedjan');
    expect(refused.status).toBe(1);
    expect(refused.stderr).toContain('Nothing was imported; 3 problem(s):');
    expect(readdirSync(dir)).toEqual(['messy.csv']);

    const skipped = runImport('--db', path, '--file', sheet, '--create', '--chain', 'Nordkedjan', '--skip-invalid');
    expect(skipped.status).toBe(0);
    expect(skipped.stdout).toContain('Imported into Nordkedjan: 3 added, 0 updated, 0 unchanged.');
    const listed = skipped.stdout.slice(skipped.stdout.indexOf('Left out 3 row(s):')).trim().split('\n');
    expect(listed).toEqual([
      'Left out 3 row(s):',
      expect.stringMatching(/^row 6 \(Kangasala\): joinedYear: The year must be between 1900 and \d{4}\.$/),
      expect.stringMatching(/^row 7 \(Holmestrand\): memberCount: /),
      expect.stringMatching(/^row 8 \(Xyzzyby\): place: /),
    ]);
    expect(await membersOf(path, 'Nordkedjan')).toEqual(['Eiði', 'Herning', 'Siglufjörður']);
  }, 180_000);

  it('refuses a document open in the app before it checks the file, translated, and leaves the file as it was', async () => {
    const dir = tempDir();
    const path = join(dir, 'chain.vanort');
    (await createDemoDocument(path)).close();
    const sheet = join(dir, 'messy.csv');
    writeFileSync(sheet, MESSY_SHEET);
    // The app has it open: this process holds its lock, as the app's data worker does.
    const app = await openDocument(path);
    expect(app.readOnly).toBe(false);
    const since = app.lock!.holder.since.slice(0, 16).replace('T', ' ');
    const bytes = readFileSync(path);
    const { mtimeMs } = statSync(path);
    try {
      const swedish = runImport('--db', path, '--file', sheet, '--lang', 'sv');
      expect(swedish.status).toBe(1);
      // Not one row was checked: the sheet's three problems are not mentioned.
      expect(swedish.stderr.trim()).toBe(
        `Dokumentet chain.vanort är öppet i Vänortsatlas på ${hostname()} (sedan ${since}). Stäng det där och kör importen igen. Inget importerades.`,
      );
      // Nor is a file that is not there: the refusal comes first.
      const english = runImport('--db', path, '--file', join(dir, 'missing.csv'), '--skip-invalid', '--chain', 'Ny');
      expect(english.status).toBe(1);
      expect(english.stderr.trim()).toBe(
        `The document chain.vanort is open in Twin Town Atlas on ${hostname()} (since ${since}). Close it there and run the import again. Nothing was imported.`,
      );
      expect(readFileSync(path).equals(bytes)).toBe(true);
      expect(statSync(path).mtimeMs).toBe(mtimeMs);
      expect(listChains(contextOf(app)).map((chain) => chain.name)).not.toContain('Ny');
    } finally {
      app.close();
    }
  }, 180_000);

  it('speaks --language, else the system locale when the app speaks it, else English', async () => {
    const dir = tempDir();
    const path = join(dir, 'chain.vanort');
    (await createDemoDocument(path)).close();
    const missing = join(dir, 'missing.csv');
    const said = (locale: NodeJS.ProcessEnv, ...language: string[]) =>
      runImportIn(locale, '--db', path, '--file', missing, ...language).stderr.trim();
    expect(said({}, '--language', 'da')).toBe(`Der er ingen fil på ${missing}.`);
    expect(said({ LANG: 'fi_FI.UTF-8' })).toBe(`Polussa ${missing} ei ole tiedostoa.`);
    expect(said({ LANG: 'nn_NO.UTF-8' })).toBe(`Det finnes ingen fil på ${missing}.`);
    expect(said({ LC_ALL: 'is_IS.UTF-8', LANG: 'de_DE.UTF-8' })).toBe(`Engin skrá er til á slóðinni ${missing}.`);
    // A language the app does not speak: English; --language overrides the locale.
    expect(said({ LANG: 'de_DE.UTF-8' })).toBe(`There is no file at ${missing}.`);
    expect(said({ LANG: 'fi_FI.UTF-8' }, '--language', 'sv')).toBe(`Det finns ingen fil på ${missing}.`);
    // One it does not know is refused with the usage.
    const refused = runImportIn({}, '--db', path, '--file', missing, '--language', 'de');
    expect(refused.status).toBe(2);
  }, 120_000);

  it('refuses a read-only file and a file in a read-only folder before it checks the file, translated; the file as it was', async () => {
    const { command: unprivileged, probe } = unprivilegedCommand();
    expect(probe, `no way to run Node without root's override of file modes here: ${probe.output}`).toMatchObject({ ok: true });
    for (const [reason, fileMode, dirMode, expected] of [
      ['file', 0o444, 0o777, 'Dokumentet chain.vanort är skrivskyddat, så inget kan importeras till det. Inget importerades.'],
      [
        'folder',
        0o666,
        0o555,
        'Mappen som dokumentet chain.vanort ligger i är skrivskyddad, så inget kan importeras. Inget importerades.',
      ],
    ] as const) {
      // A folder of its own that nobody may enter (the test's temp folder is root's alone).
      const dir = mkdtempSync(join(tmpdir(), 'atlas-cli-readonly-'));
      try {
        const path = join(dir, 'chain.vanort');
        (await createDemoDocument(path)).close();
        const sheet = join(dir, 'messy.csv');
        writeFileSync(sheet, MESSY_SHEET);
        chmodSync(sheet, 0o644);
        chmodSync(path, fileMode);
        chmodSync(dir, dirMode);
        const bytes = readFileSync(path);
        const result = spawnSync(
          unprivileged[0]!,
          [
            ...unprivileged.slice(1),
            process.execPath,
            '--import',
            'tsx',
            'scripts/cli/import.ts',
            '--db',
            path,
            '--file',
            sheet,
            '--lang',
            'sv',
          ],
          { cwd: process.cwd(), encoding: 'utf8' },
        );
        expect(result.status, `${reason}: ${result.stderr}`).toBe(1);
        // Not one row was checked: the sheet's problems are not mentioned.
        expect(result.stderr.trim(), reason).toBe(expected);
        expect(readFileSync(path).equals(bytes), reason).toBe(true);
        // In a folder it may write, SQLite's reader makes its -shm and an empty -wal: nothing written.
        const extra = readdirSync(dir).filter((name) => !['chain.vanort', 'messy.csv'].includes(name));
        expect(extra.sort(), reason).toEqual(reason === 'file' ? ['chain.vanort-shm', 'chain.vanort-wal'] : []);
        if (reason === 'file') expect(statSync(join(dir, 'chain.vanort-wal')).size).toBe(0);
      } finally {
        chmodSync(dir, 0o755);
        rmSync(dir, { recursive: true, force: true });
      }
    }
  }, 120_000);
});

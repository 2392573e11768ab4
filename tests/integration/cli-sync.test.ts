/**
 * The sharing command line (scripts/cli/sync.ts), run as IT helpers run it, on real files: it
 * turns sharing on where needed and says so, previews a colleague's changes without writing a
 * byte, merges them, lists conflicts as words and as JSON, and refuses what it must refuse with a
 * plain message, a non-zero exit code and the document as it was.
 */
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { closeSync, copyFileSync, existsSync, ftruncateSync, openSync, readFileSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { basename, join } from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import type { ChainHistory, ChainMembers, ChainSummary } from '../../shared/contract';
import { dateText } from '../../shared/sharing/describe';
import { createDemoDocument, openDocument } from '../helpers/documents';
import { EXCHANGE_FORMAT } from '../../electron/services/sync/exchange';
import { useTempDir } from '../helpers/files';
import { laptopsWithDemo, type Laptop } from '../helpers/laptops';

const tempDir = useTempDir();

/** The CLI in a process of its own, as `npm run sync -- …` runs it; its app settings in `configHome`. */
function runSync(configHome: string, ...args: string[]): { status: number | null; stdout: string; stderr: string } {
  const result = spawnSync(process.execPath, ['--import', 'tsx', 'scripts/cli/sync.ts', ...args], {
    cwd: process.cwd(),
    encoding: 'utf8',
    env: { ...process.env, XDG_CONFIG_HOME: configHome },
  });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

const sha256 = (path: string): string => createHash('sha256').update(readFileSync(path)).digest('hex');

/** The document's bytes and those of its -wal (a write may sit there until a checkpoint). */
const fingerprint = (path: string): string[] =>
  ['', '-wal'].map((suffix) => (existsSync(path + suffix) ? sha256(path + suffix) : 'none'));

const today = dateText('en', new Date().toISOString());

async function demoIds(laptop: Laptop) {
  const chainId = (await laptop.call<ChainSummary[]>('chains.list'))[0]!.id;
  const members = await laptop.call<ChainMembers>('members.list', { chainId, year: 2013 });
  const history = await laptop.call<ChainHistory>('chains.history', { chainId });
  const place = (name: string) => members.members.find((member) => member.name === name)!;
  return { chainId, place, meeting: (year: number) => history.meetings.find((meeting) => meeting.year === year)! };
}

/** Who wrote an exchange file: its header's second line. */
const senderOf = (path: string) =>
  (JSON.parse(readFileSync(path, 'utf8').split('\n')[1]!) as { from: { device: string; laptop: string } }).from;

/**
 * Two laptops with copies of the demo, shared, edited apart and closed: A (Herning – Karen)
 * changes Herning's 2013 count, adds a 2015 meeting, removes the 2007 one and sets Vänersborg's
 * 2013 count to 110; B (Vänersborg – Lena) sets that count to 120 and renames "15 landkommuner".
 * Then A's changes are sent to `file`.
 */
async function editedApartAndSent(root: string, unsharedCopy?: string) {
  const [a, b] = await laptopsWithDemo(root, ['Herning – Karen', 'Vänersborg – Lena'], false);
  // A copy of the demo as both had it before they shared it: the same document, sharing off.
  if (unsharedCopy) await a!.session.saveCopy(unsharedCopy);
  for (const each of [a!, b!]) await each.call('sync.enable');
  const ids = await demoIds(a!);
  await a!.call('members.setCount', { placeId: ids.place('Herning').placeId, year: 2013, memberCount: 235 });
  const hostPlaceId = ids.place('Herning').placeId;
  const fields = { startDate: null, endDate: null, location: null, note: null };
  await a!.call('meetings.add', {
    chainId: ids.chainId,
    meeting: { year: 2015, hostPlaceId, kind: 'annual_meeting', ...fields },
  });
  await a!.call('meetings.remove', { meetingId: ids.meeting(2007).id });
  await a!.call('members.setCount', { placeId: ids.place('Vänersborg').placeId, year: 2013, memberCount: 110 });
  await b!.call('members.setCount', { placeId: ids.place('Vänersborg').placeId, year: 2013, memberCount: 120 });
  await b!.call('members.rename', { placeId: ids.place('15 landkommuner').placeId, name: 'Ålands landskommuner' });
  a!.session.close();
  b!.session.close();
  // A sends with the command line.
  const file = join(root, 'from-karen.vanort-changes');
  expect(runSync(root, 'send', '--db', a!.path, '--out', file).status).toBe(0);
  return { a: a!, b: b!, file };
}

/** A's counts and meetings as a fresh session sees them (after the CLI wrote the file). */
async function countsOf(path: string): Promise<{ herning: number | null; vanersborg: number | null; meetings: number[] }> {
  const document = await openDocument(path);
  try {
    const count = (name: string) =>
      document.db
        .prepare(
          `SELECT c.count FROM member_count c JOIN branch b ON b.id = c.branch_id JOIN place p ON p.id = b.place_id
           WHERE p.name = ? AND c.year = 2013 AND c.deleted_at IS NULL`,
        )
        .pluck()
        .get(name) as number | null;
    const meetings = document.db
      .prepare('SELECT year FROM meeting WHERE deleted_at IS NULL ORDER BY year')
      .pluck()
      .all() as number[];
    return { herning: count('Herning'), vanersborg: count('Vänersborg'), meetings };
  } finally {
    document.close();
  }
}

describe('npm run sync on the command line', () => {
  it('send on a document not yet shared turns sharing on first, says so, and writes an exchange file', async () => {
    const dir = tempDir();
    const path = join(dir, 'chain.vanort');
    (await createDemoDocument(path)).close();

    const first = runSync(dir, 'send', '--db', path, '--out', dir, '--laptop', 'Herning – Karen');
    expect(first.stderr).toBe('');
    expect(first.status).toBe(0);
    expect(first.stdout).toMatch(
      /^Sharing was turned on for chain\.vanort: building its first shared history took [\d,]+ ms\.$/m,
    );
    // --out a folder: the file is named after this computer.
    const out = join(dir, 'Herning – Karen.vanort-changes');
    expect(first.stdout).toMatch(new RegExp(`^Wrote ${out}: [\\d,]+ changes?, [\\d,]+ bytes\\.$`, 'm'));
    expect(readFileSync(out).subarray(0, 17).toString('latin1')).toBe(`VANORT-CHANGES ${EXCHANGE_FORMAT}\n`);
    const sender = senderOf(out);
    expect(sender.laptop).toBe('Herning – Karen');
    // Without an app on this computer, a device id made from the host and user, the same at every run.
    expect(sender.device).toMatch(/^cli-[0-9a-f]{32}$/);

    // Shared now: the next send says nothing of turning it on, in Swedish when asked.
    const again = runSync(dir, 'send', '--db', path, '--out', join(dir, 'again.vanort-changes'), '--all', '--lang', 'sv');
    expect(again.status).toBe(0);
    expect(again.stdout).not.toContain('Delning slogs på');
    expect(again.stdout).toMatch(/^Skrev .*again\.vanort-changes: [\d\s\u00a0]+ ändring(ar)?, [\d\s\u00a0]+ byte\.$/m);
    const second = senderOf(join(dir, 'again.vanort-changes'));
    expect(second.device).toBe(sender.device);
    // Without --laptop and without the app's settings: the host name.
    expect(second.laptop).toBe(hostname());
  }, 120_000);

  it("takes this computer's device id and name from the app's settings, and only reads them", async () => {
    const dir = tempDir();
    const path = join(dir, 'chain.vanort');
    (await createDemoDocument(path)).close();
    const settings = join(dir, 'settings.json');
    const stored = JSON.stringify({ language: 'sv', deviceId: 'app-device-of-karen', laptopName: 'Herning – Karen' });
    writeFileSync(settings, stored);
    const out = join(dir, 'out.vanort-changes');
    const sent = runSync(dir, 'send', '--db', path, '--out', out, '--settings', settings);
    expect(sent.status).toBe(0);
    expect(senderOf(out)).toEqual({ device: 'app-device-of-karen', laptop: 'Herning – Karen' });
    expect(readFileSync(settings, 'utf8')).toBe(stored);
  }, 120_000);

  it('merge --dry-run lists the changes and writes nothing; merge writes them; conflicts --json lists the conflict', async () => {
    const root = tempDir();
    const { a, b, file } = await editedApartAndSent(root);

    const before = fingerprint(b.path);
    const dry = runSync(root, 'merge', '--db', b.path, '--file', file, '--dry-run');
    expect(dry.stderr).toBe('');
    expect(dry.status).toBe(0);
    const lines = dry.stdout.trim().split('\n');
    expect(lines[0]).toBe('Changes from Herning – Karen.');
    expect(lines).toContain(`  Herning – Karen, ${today}: Herning, members 2013: 230 → 235`);
    expect(lines).toContain('New (1):');
    expect(lines).toContain(`  Herning – Karen, ${today}: Annual meeting 2015, Herning: added`);
    expect(lines).toContain('Removed (1):');
    expect(lines).toContain(`  Herning – Karen, ${today}: Annual meeting 2007, Kangasala: removed`);
    expect(lines).toContain('Conflicts (1):');
    const conflictLine = lines.find((line) => line.startsWith('  Vänersborg, members 2013: '))!;
    expect(conflictLine).toContain(`110 (Herning – Karen, ${today})`);
    expect(conflictLine).toContain(`120 (Vänersborg – Lena, ${today})`);
    expect(conflictLine.match(/\[shown\]/g)).toHaveLength(1);
    // The engine shows one of the two values, the same on every laptop: A's 110 is a change here only where it wins.
    const karenWins = conflictLine.includes(`110 (Herning – Karen, ${today}) [shown]`);
    expect(lines).toContain(`Changed (${karenWins ? 2 : 1}):`);
    expect(lines.includes(`  Herning – Karen, ${today}: Vänersborg, members 2013: 120 → 110`)).toBe(karenWins);
    expect(lines.at(-1)).toBe(`Dry run: nothing was written to ${basename(b.path)}.`);
    expect(fingerprint(b.path)).toEqual(before);
    expect(await countsOf(b.path)).toEqual({
      herning: 230,
      vanersborg: 120,
      meetings: [2007, 2008, 2009, 2010, 2011, 2012, 2013, 2014],
    });

    const real = runSync(root, 'merge', '--db', b.path, '--file', file, '--laptop', 'Vänersborg – Lena');
    expect(real.stderr).toBe('');
    expect(real.status).toBe(0);
    expect(real.stdout).toContain(`  Herning – Karen, ${today}: Herning, members 2013: 230 → 235`);
    expect(real.stdout.trim().split('\n').at(-1)).toMatch(
      new RegExp(`^Merged into ${basename(b.path)}: \\d+ field\\(s\\) changed; the document has 1 conflict\\(s\\)\\.$`),
    );
    expect(sha256(b.path)).not.toBe(before[0]);
    const merged = await countsOf(b.path);
    expect(merged.herning).toBe(235);
    expect([110, 120]).toContain(merged.vanersborg);
    expect(merged.meetings).toEqual([2008, 2009, 2010, 2011, 2012, 2013, 2014, 2015]);

    // The same file again changes nothing, and says so.
    const twice = runSync(root, 'merge', '--db', b.path, '--file', file);
    expect(twice.status).toBe(0);
    expect(twice.stdout.trim()).toBe('The file brings nothing this document lacks. Nothing was changed.');
    // So does A's document itself (a copy that came back by e-mail): B has all of it now.
    const copy = runSync(root, 'merge', '--db', b.path, '--file', a.path);
    expect(copy.stderr).toBe('');
    expect(copy.stdout.trim()).toBe('The file brings nothing this document lacks. Nothing was changed.');

    const listed = runSync(root, 'conflicts', '--db', b.path, '--json');
    expect(listed.stderr).toBe('');
    expect(listed.status).toBe(0);
    const conflicts = JSON.parse(listed.stdout) as {
      values: { value: number; laptop: string; device: string; shown: boolean; text: string; at: string }[];
    }[];
    expect(conflicts).toEqual([
      {
        key: expect.stringMatching(/^member_count\/.+\/count$/),
        thing: 'Vänersborg',
        table: 'member_count',
        rowKey: expect.any(String),
        field: 'count',
        fieldText: 'members 2013',
        values: expect.arrayContaining([
          expect.objectContaining({ value: 110, text: '110', laptop: 'Herning – Karen', device: expect.any(String) }),
          expect.objectContaining({ value: 120, text: '120', laptop: 'Vänersborg – Lena', device: expect.any(String) }),
        ]),
      },
    ]);
    expect(conflicts[0]!.values).toHaveLength(2);
    // One value is shown, the one the table holds.
    expect(conflicts[0]!.values.filter((value) => value.shown).map((value) => value.value)).toEqual([merged.vanersborg]);

    const words = runSync(root, 'conflicts', '--db', b.path, '--lang', 'sv');
    expect(words.status).toBe(0);
    expect(words.stdout).toContain('Konflikter (1):');
    expect(words.stdout).toMatch(/^ {2}Vänersborg, medlemmar 2013: .*110 \(Herning – Karen, .*\).*\[visas\]/m);
  }, 300_000);

  it('merges into a document not yet shared: the dry run on a copy, the merge turns sharing on first', async () => {
    const root = tempDir();
    const fresh = join(root, 'fresh.vanort');
    const { a, file } = await editedApartAndSent(root, fresh);
    // Not shared: no conflicts, exit 0.
    const off = runSync(root, 'conflicts', '--db', fresh);
    expect(off.status).toBe(0);
    expect(off.stdout.trim()).toBe('No conflicts: sharing is off for fresh.vanort.');
    const offJson = runSync(root, 'conflicts', '--db', fresh, '--json');
    expect(offJson.status).toBe(0);
    expect(JSON.parse(offJson.stdout)).toEqual([]);

    const before = fingerprint(fresh);
    const dry = runSync(root, 'merge', '--db', fresh, '--file', file, '--dry-run');
    expect(dry.stderr).toBe('');
    expect(dry.status).toBe(0);
    expect(dry.stdout).toContain('Sharing is not on for fresh.vanort yet: merging turns it on first.');
    expect(dry.stdout).toContain('No conflicts.');
    expect(dry.stdout).toContain('Dry run: nothing was written to fresh.vanort.');
    expect(fingerprint(fresh)).toEqual(before);

    const real = runSync(root, 'merge', '--db', fresh, '--file', file);
    expect(real.status).toBe(0);
    expect(real.stdout).toMatch(/^Sharing was turned on for fresh\.vanort: building its first shared history took [\d,]+ ms\.$/m);
    expect(real.stdout).toContain('the document has 0 conflict(s).');
    expect(await countsOf(fresh)).toEqual(await countsOf(a.path));
  }, 300_000);

  it('refuses a locked document, damaged, foreign and newer files with a plain message; the document is unchanged', async () => {
    const root = tempDir();
    const { a, b, file } = await editedApartAndSent(root);
    const bytes = readFileSync(file);
    const before = fingerprint(b.path);
    const refusal = (path: string, message: string) => {
      const run = runSync(root, 'merge', '--db', b.path, '--file', path);
      expect(run.stderr.trim(), path).toBe(message);
      expect(run.status, path).toBe(1);
      expect(fingerprint(b.path), path).toEqual(before);
    };

    const truncated = join(root, 'truncated.vanort-changes');
    writeFileSync(truncated, bytes.subarray(0, bytes.length - 7));
    refusal(truncated, 'The file is damaged or not a Twin Town Atlas changes file. Nothing was changed.');
    const random = join(root, 'random.vanort-changes');
    writeFileSync(random, Buffer.from(Array.from({ length: 4096 }, (_, index) => (index * 7919) % 251)));
    refusal(random, 'The file is damaged or not a Twin Town Atlas changes file. Nothing was changed.');
    const newer = join(root, 'newer.vanort-changes');
    writeFileSync(newer, Buffer.concat([Buffer.from(`VANORT-CHANGES ${EXCHANGE_FORMAT + 1}`), bytes.subarray(16)]));
    refusal(newer, 'The file comes from a newer version of Twin Town Atlas. Update the app to merge it. Nothing was changed.');
    // Over the limit: refused by its size, before it is read.
    const huge = join(root, 'huge.vanort-changes');
    const fd = openSync(huge, 'w');
    ftruncateSync(fd, 64 * 1024 * 1024 + 1);
    closeSync(fd);
    refusal(huge, 'The file is too large to be a changes file (at most 64 MB). Nothing was changed.');
    refusal(join(root, 'missing.vanort-changes'), `There is no file at ${join(root, 'missing.vanort-changes')}.`);

    // Another chain document (made anew, so another document id), as a changes file and as a copy.
    const [other] = await laptopsWithDemo(join(root, 'other'), ['Åbo – Pia']);
    other!.session.close();
    const foreign = join(root, 'foreign.vanort-changes');
    expect(runSync(root, 'send', '--db', other!.path, '--out', foreign).status).toBe(0);
    const otherDocument =
      'The file belongs to another twin-town document and cannot be merged into this one. Nothing was changed.';
    refusal(foreign, otherDocument);
    refusal(other!.path, otherDocument);
    // A copy of the document saved by a newer version.
    const newerCopy = join(root, 'newer-copy.vanort');
    copyFileSync(a.path, newerCopy);
    const db = new Database(newerCopy);
    db.pragma(`user_version = ${(db.pragma('user_version', { simple: true }) as number) + 1}`);
    db.close();
    refusal(
      newerCopy,
      'The file comes from a newer version of Twin Town Atlas. Update the app to merge it. Nothing was changed.',
    );

    // The document open in the app: refused, in the user's language.
    const app = await openDocument(b.path);
    try {
      const since = app.lock!.holder.since.slice(0, 16).replace('T', ' ');
      const locked = runSync(root, 'merge', '--db', b.path, '--file', file, '--lang', 'sv');
      expect(locked.status).toBe(1);
      expect(locked.stderr.trim()).toBe(
        `Dokumentet ${basename(b.path)} är öppet i Vänortsatlas på ${hostname()} (sedan ${since}). Stäng det där och kör kommandot igen. Inget har ändrats.`,
      );
      // Reading is allowed: a shared document open in the app can still be sent and its conflicts listed.
      const sent = runSync(root, 'send', '--db', b.path, '--out', join(root, 'from-lena.vanort-changes'));
      expect(sent.stderr).toBe('');
      expect(sent.status).toBe(0);
      expect(sent.stdout).not.toContain('Sharing was turned on');
      expect(runSync(root, 'conflicts', '--db', b.path).stdout.trim()).toBe(`No conflicts in ${basename(b.path)}.`);
    } finally {
      app.close();
    }
    expect(fingerprint(b.path)).toEqual(before);

    // A damaged document: refused, left as it was.
    const damaged = join(root, 'damaged.vanort');
    writeFileSync(damaged, Buffer.concat([Buffer.from('SQLite format 3\u0000'), Buffer.alloc(8000, 0x5a)]));
    const damagedBefore = sha256(damaged);
    const opened = runSync(root, 'send', '--db', damaged, '--out', join(root, 'x.vanort-changes'));
    expect(opened.status).toBe(1);
    expect(opened.stderr.trim()).toMatch(/^damaged\.vanort (is damaged|is not a twin-town chain document)/);
    expect(sha256(damaged)).toBe(damagedBefore);
    expect(existsSync(join(root, 'x.vanort-changes'))).toBe(false);
  }, 300_000);

  it('says how to use it, with exit code 2, and never writes the changes over the document', async () => {
    const dir = tempDir();
    const path = join(dir, 'chain.vanort');
    (await createDemoDocument(path)).close();
    const before = fingerprint(path);
    for (const args of [
      [],
      ['sync'],
      ['send', '--db', path],
      ['merge', '--db', path],
      ['conflicts'],
      ['merge', '--db', path, '--file', path, '--all'],
      ['conflicts', '--db', path, '--lang', 'de'],
      ['send', '--db', path, '--out', join(dir, 'x'), '--laptop', ' '],
      ['send', '--db', path, '--out', join(dir, 'x'), '--bogus'],
    ]) {
      const run = runSync(dir, ...args);
      expect(run.status, args.join(' ')).toBe(2);
      expect(run.stderr, args.join(' ')).toContain('Usage: npm run sync -- COMMAND --db PATH [options]');
    }
    expect(runSync(dir, 'merge', '--db', path, '--file', path, '--all').stderr).toMatch(/^--all does not go with merge\./);
    const help = runSync(dir, '--help', '--lang', 'sv');
    expect(help.status).toBe(0);
    expect(help.stderr).toContain('Användning: npm run sync -- KOMMANDO --db SÖKVÄG [val]');

    const over = runSync(dir, 'send', '--db', path, '--out', path);
    expect(over.status).toBe(1);
    expect(over.stderr.trim()).toBe('--out names the document itself. Choose another file for the changes. Nothing was written.');
    // A folder that is not there: refused before sharing is turned on.
    const nowhere = runSync(dir, 'send', '--db', path, '--out', join(dir, 'missing', 'x.vanort-changes'));
    expect(nowhere.status).toBe(1);
    expect(nowhere.stderr.trim()).toBe(
      `There is no folder ${join(dir, 'missing')} to write the changes file in. Nothing was written.`,
    );
    expect(fingerprint(path)).toEqual(before);
  }, 300_000);
});

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDocument } from '../../electron/db/open';
import { createChain } from '../../electron/services/chains';
import { exportChainToFile } from '../../electron/services/exporting';
import { createI18n } from '../../shared/i18n';
import { routerFor } from '../helpers/documents';
import {
  call,
  EXPORT_MAPPING,
  HOSTILE_NAMES,
  importThroughRouter,
  makeHostileChain,
  memberFacts,
  ROUND_TRIP_FORMATS,
  type ImportOutcome,
  type MemberFacts,
} from '../helpers/roundtrip';

/**
 * Export → import into a new document gives the same members back: names exactly as they were
 * (a spreadsheet's protective apostrophe taken off, and only that), years, departures, counts with
 * their years, counts not reported, positions and gazetteer links. (Into a copy of the same
 * document, the import changes nothing: roundtrip-same-document.test.ts.)
 */
let dir: string;
let original: MemberFacts[];
const imported = new Map<string, MemberFacts[]>();
const outcomes = new Map<string, ImportOutcome>();

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'atlas-roundtrip-'));
  const source = await routerFor(dir, join(dir, 'source.vanort'));
  const db = source.session.context().db;
  const chainId = await makeHostileChain(source.router, db);
  original = memberFacts(db, chainId);
  const t = (await createI18n('sv')).t;
  for (const { format, delimiter, file } of ROUND_TRIP_FORMATS)
    await exportChainToFile(source.session.context(), { chainId, format, delimiter, t, path: join(dir, file) });
  source.session.close();

  for (const { label, file } of ROUND_TRIP_FORMATS) {
    // A new document with one empty chain, as File > New makes it.
    const path = join(dir, `new-${file}.vanort`);
    (await createDocument(path, { seed: (newDb) => createChain(newDb, 'Ny kedja') })).close();
    const target = await routerFor(dir, path, false);
    const [chain] = await call<Array<{ id: string }>>(target.router, 'chains.list');
    outcomes.set(label, await importThroughRouter(target.router, chain!.id, join(dir, file)));
    imported.set(label, memberFacts(target.session.context().db, chain!.id));
    target.session.close();
  }
}, 120_000);

afterAll(() => rmSync(dir, { recursive: true, force: true }));

const located = (members: MemberFacts[]) => members.filter((member) => member.latitude !== null);

describe.each(ROUND_TRIP_FORMATS)('export → import into a new document: $label', ({ label, format }) => {
  // GeoJSON holds members with a position only (a Feature is a point); every member here has one.
  const expected = () => (format === 'geojson' ? located(original) : original);

  it('every column is mapped without help, and every row is read without a problem', () => {
    const outcome = outcomes.get(label)!;
    expect(outcome.mapping).toEqual(format === 'geojson' ? EXPORT_MAPPING.geojson : EXPORT_MAPPING.spreadsheet);
    expect(outcome.problems).toEqual([]);
    expect(outcome.error).toBeNull();
  });

  it('the same members: every name exactly, hostile ones too, and every area', () => {
    expect(original.map((member) => member.name)).toEqual(expect.arrayContaining([...HOSTILE_NAMES]));
    expect(imported.get(label)!.map((member) => [member.name, member.areaCode])).toEqual(
      expected().map((member) => [member.name, member.areaCode]),
    );
    expect(outcomes.get(label)!.answer).toMatchObject({ added: expected().length });
  });

  it('the same years joined and years left, former members included', () => {
    const years = (members: MemberFacts[]) => members.map((member) => [member.name, member.joinedYear, member.leftYear]);
    expect(original.filter((member) => member.leftYear !== null).length).toBeGreaterThanOrEqual(3);
    expect(years(imported.get(label)!)).toEqual(years(expected()));
  });

  it('the same positions, within 1e-6 degrees', () => {
    const back = new Map(imported.get(label)!.map((member) => [member.name, member]));
    for (const member of expected()) {
      expect(back.get(member.name)?.latitude, member.name).toBeCloseTo(member.latitude!, 6);
      expect(back.get(member.name)?.longitude, member.name).toBeCloseTo(member.longitude!, 6);
    }
  });

  it('the same counts with their years: not reported stays not reported, no count stays none', () => {
    const counts = (members: MemberFacts[]) => members.map((member) => [member.name, member.count, member.countYear]);
    expect(original.map((member) => member.count)).toEqual(expect.arrayContaining([null, 'none']));
    expect(counts(imported.get(label)!)).toEqual(counts(expected()));
  });

  it('the same gazetteer links', () => {
    const links = (members: MemberFacts[]) => members.map((member) => [member.name, member.geonameId]);
    expect(original.filter((member) => member.geonameId !== null)).toHaveLength(2);
    expect(links(imported.get(label)!)).toEqual(links(expected()));
  });

  it('the same notes', () => {
    const notes = (members: MemberFacts[]) => members.map((member) => [member.name, member.note]);
    expect(notes(imported.get(label)!)).toEqual(notes(expected()));
  });
});

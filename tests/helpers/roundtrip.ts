import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import type Database from 'better-sqlite3';
import type { Router } from '../../electron/router';
import type { ChainMembers, GazetteerHit } from '../../shared/contract';
import type { ImportFilePreview } from '../../shared/importing/preview';
import type { Result } from '../../shared/result';

/** The names a spreadsheet would run as formulas, and one with an apostrophe of its own. */
export const HOSTILE_NAMES = ['=1+1', '@SUM(A1)', '+46', '-Lund-', "'=x"] as const;

/** The formats an export writes and the import reads back (CSV with either separator). */
export const ROUND_TRIP_FORMATS = [
  { label: 'CSV with semicolons', format: 'csv', delimiter: ';', file: 'chain-semicolons.csv' },
  { label: 'CSV with commas', format: 'csv', delimiter: ',', file: 'chain-commas.csv' },
  { label: 'XLSX', format: 'xlsx', delimiter: ';', file: 'chain.xlsx' },
  { label: 'GeoJSON', format: 'geojson', delimiter: ';', file: 'chain.geojson' },
] as const;

export async function call<T = unknown>(router: Router, method: string, input: unknown = {}): Promise<T> {
  const result = (await router.call(method, input)) as Result<T>;
  if (!result.ok) throw new Error(`${method}: ${JSON.stringify(result.error)}`);
  return result.value;
}

/** Is the year joined optional in this schema (migration 006)? Then a member of unknown year is part of the trip. */
export function yearJoinedOptional(db: Database.Database): boolean {
  return db.prepare(`SELECT "notnull" FROM pragma_table_info('membership') WHERE name = 'joined_year'`).pluck().get() === 0;
}

/**
 * The demo's Vänersborg chain made hostile through the API: five members renamed to what a
 * spreadsheet would run as a formula, one of them gone (left 2014, after its 2013 count, back in 2015) beside Utajärvi (left 1976,
 * no count ever), Eiði's count of 2013 not reported, and two places from the gazetteer with
 * their GeoNames ids (Tórshavn, a count of 2011; Mariehamn, a former member whose count of 2004
 * was not reported). Where the schema allows it, a member whose year joined is not known.
 */
export async function makeHostileChain(router: Router, db: Database.Database): Promise<string> {
  const chains = await call<Array<{ id: string; name: string }>>(router, 'chains.list');
  const chainId = chains.find((chain) => chain.name === 'Vänersborgs nordiska vänortskedja')!.id;
  const { members } = await call<ChainMembers>(router, 'members.list', { chainId });
  const member = (name: string) => members.find((item) => item.name === name)!;
  const renames: Record<string, string> = {
    Herning: HOSTILE_NAMES[0],
    Holmestrand: HOSTILE_NAMES[1],
    Kangasala: HOSTILE_NAMES[2],
    Arsuk: HOSTILE_NAMES[3],
    Siglufjörður: HOSTILE_NAMES[4],
  };
  for (const [name, hostile] of Object.entries(renames))
    await call(router, 'members.rename', { placeId: member(name).placeId, name: hostile });
  await call(router, 'members.setLeft', {
    membershipId: member('Kangasala').membershipId,
    leftYear: 2014,
    leaveReason: 'Lämnade kedjan.',
  });

  const fromGazetteer = async (query: string, areaCode: string, joinedYear: number) => {
    const hits = await call<GazetteerHit[]>(router, 'gazetteer.search', { query, limit: 10 });
    const hit = hits.find((item) => item.areaCode === areaCode && item.name === query)!;
    const place = { name: hit.name, areaCode, latitude: hit.latitude, longitude: hit.longitude, geonameId: hit.geonameId };
    return call<{ membershipId: string; placeId: string }>(router, 'members.add', { chainId, joinedYear, place });
  };
  const torshavn = await fromGazetteer('Tórshavn', 'FO', 1990);
  await call(router, 'members.setCount', { placeId: torshavn.placeId, year: 2011, memberCount: 120 });
  const mariehamn = await fromGazetteer('Mariehamn', 'AX', 1995);
  await call(router, 'members.setCount', { placeId: mariehamn.placeId, year: 2004, memberCount: null });
  await call(router, 'members.setLeft', { membershipId: mariehamn.membershipId, leftYear: 2005, leaveReason: null });
  // Kangasala left in 2014 and came back in 2015: two periods of one place, two rows of an export.
  await call(router, 'members.rejoin', { membershipId: member('Kangasala').membershipId, joinedYear: 2015 });

  if (yearJoinedOptional(db)) {
    const place = { name: 'Ytterby', areaCode: 'SE', latitude: 59.42583, longitude: 18.33389 };
    const added = await call<{ membershipId: string }>(router, 'members.add', { chainId, joinedYear: 2000, place });
    // Not through the API: the window has no way yet to say a year is not known.
    db.prepare('UPDATE membership SET joined_year = NULL WHERE id = ?').run(added.membershipId);
  }
  return chainId;
}

/** What the round trip must keep of each member of a chain, by name (a place's latest count with its year). */
export interface MemberFacts {
  name: string;
  areaCode: string;
  joinedYear: number | null;
  leftYear: number | null;
  latitude: number | null;
  longitude: number | null;
  geonameId: number | null;
  note: string | null;
  /** 'none': the branch never reported a count; null: not reported that year. */
  count: number | null | 'none';
  countYear: number | null;
}

export function memberFacts(db: Database.Database, chainId: string): MemberFacts[] {
  const rows = db
    .prepare(
      `SELECT p.name, p.area_code AS areaCode, m.joined_year AS joinedYear, m.left_year AS leftYear,
              p.latitude, p.longitude, p.geonames_id AS geonameId, m.note,
              (SELECT COUNT(*) FROM member_count mc JOIN branch b ON b.id = mc.branch_id AND b.deleted_at IS NULL
                WHERE b.place_id = p.id AND mc.deleted_at IS NULL) AS counts,
              latest.count, latest.year AS countYear
         FROM membership m JOIN place p ON p.id = m.place_id AND p.deleted_at IS NULL
         LEFT JOIN member_count latest ON latest.id = (
           SELECT mc.id FROM member_count mc JOIN branch b ON b.id = mc.branch_id AND b.deleted_at IS NULL
            WHERE b.place_id = p.id AND mc.deleted_at IS NULL ORDER BY mc.year DESC LIMIT 1)
        WHERE m.chain_id = ? AND m.deleted_at IS NULL`,
    )
    .all(chainId) as Array<Omit<MemberFacts, 'count'> & { count: number | null; counts: number }>;
  return rows
    .map(({ counts, ...row }) => ({ ...row, count: counts === 0 ? ('none' as const) : row.count }))
    .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : (a.joinedYear ?? 0) - (b.joinedYear ?? 0)));
}

/** Every row of the tables an import writes, as stored (the time stamps too: nothing may be touched). */
export function storedRows(db: Database.Database): Record<string, unknown[]> {
  const state: Record<string, unknown[]> = {};
  for (const table of ['chain', 'place', 'membership', 'branch', 'member_count'])
    state[table] = db.prepare(`SELECT * FROM ${table} ORDER BY id`).all();
  return state;
}

/** The file as the import dialog sends it. */
export function importFile(path: string): { fileName: string; contentBase64: string } {
  return { fileName: basename(path), contentBase64: readFileSync(path).toString('base64') };
}

export interface ImportOutcome {
  mapping: string[];
  /** Each row's problems in words a failing test can show: "row 4 Ytterby: joinedYear validation.yearNotNumber ''". */
  problems: string[];
  /** import.apply's answer, or null when it refused (error says why). */
  answer: { added: number; updated: number } | null;
  error: string | null;
}

/** The import dialog's two steps through the router: the preview, then the confirmation. */
export async function importThroughRouter(router: Router, chainId: string, path: string): Promise<ImportOutcome> {
  const file = importFile(path);
  const preview = await call<ImportFilePreview>(router, 'import.preview', file);
  const problems = preview.rows.flatMap((row) =>
    row.problems.map(
      (problem) => `row ${row.rowNumber} ${row.name}: ${problem.field} ${problem.message} '${problem.value ?? ''}'`,
    ),
  );
  const result = (await router.call('import.apply', { ...file, chainId, countYear: 2013 })) as Result<{
    added: number;
    updated: number;
  }>;
  return {
    mapping: preview.mapping,
    problems,
    answer: result.ok ? result.value : null,
    error: result.ok ? null : JSON.stringify(result.error),
  };
}

/** The fields the import finds in the app's own export: every column but the chain's name. */
export const EXPORT_MAPPING = {
  spreadsheet: [
    'ignore',
    'name',
    'area',
    'joinedYear',
    'leftYear',
    'memberCount',
    'countYear',
    'latitude',
    'longitude',
    'geonameId',
    'note',
  ],
  geojson: ['name', 'area', 'joinedYear', 'leftYear', 'memberCount', 'countYear', 'latitude', 'longitude', 'geonameId', 'note'],
};

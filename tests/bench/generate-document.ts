/**
 * A large synthetic chain document at European scale, for the benchmarks (npm run bench) and for
 * trying the app on a big file:
 *
 *   npx tsx tests/bench/generate-document.ts --out /tmp/europe.vanort [--scale 0.1]
 *   npm run web -- --db /tmp/europe.vanort
 *
 * At scale 1: 50,000 places (each with its local branch), 2,000 chains, 100,000 memberships and
 * 1,000,000 member-count rows (20 years of counts a branch, some not reported), plus a few
 * meetings a chain. The first chain is the largest (LARGEST_CHAIN_SHARE of the memberships), so
 * that the benchmarks measure the app on a big chain as well as on a typical one.
 *
 * It writes through the real schema (createDocument runs the migrations), in one transaction with
 * prepared statements. The rows are a fixture, not a user's edits: they are not in the change log
 * (undo has nothing to undo in a new document either). The figures are reproducible: a seeded
 * pseudo-random sequence, so the same scale gives the same chains, years and counts.
 */
import { parseArgs } from 'node:util';
import type Database from 'better-sqlite3';
import { createDocument, type OpenDocument, type OpenOptions } from '../../electron/db/open';
import { timeOrderedId } from '../../electron/db/time-ordered-id';

export interface GeneratedScale {
  places: number;
  chains: number;
  memberships: number;
  memberCounts: number;
  /** The first chain's size, where not LARGEST_CHAIN_SHARE of the memberships (a one-chain document). */
  largestChain?: number;
}

export const EUROPEAN_SCALE: GeneratedScale = { places: 50_000, chains: 2_000, memberships: 100_000, memberCounts: 1_000_000 };
const LARGEST_CHAIN_SHARE = 0.005; // 500 of 100,000 memberships at scale 1
const LAST_COUNT_YEAR = 2013;

export function scaled(factor: number): GeneratedScale {
  const of = (value: number, least: number) => Math.max(least, Math.round(value * factor));
  return {
    places: of(EUROPEAN_SCALE.places, 10),
    chains: of(EUROPEAN_SCALE.chains, 2),
    memberships: of(EUROPEAN_SCALE.memberships, 20),
    memberCounts: of(EUROPEAN_SCALE.memberCounts, 20),
  };
}

export interface GeneratedDocument {
  scale: GeneratedScale;
  /** The largest chain first, then the others in the order made. */
  chainIds: string[];
  largestChainSize: number;
}

/** Park–Miller: small, seeded and good enough to spread years and counts. */
function seededRandom(seed: number): () => number {
  let state = seed % 2147483647 || 1;
  return () => {
    state = (state * 48271) % 2147483647;
    return (state - 1) / 2147483646;
  };
}

const AREAS = ['SE', 'DK', 'NO', 'FI', 'IS', 'FO', 'AX', 'GL', 'DE', 'EE', 'LV', 'LT', 'PL', 'NL', 'FR'];

/** Fills an empty, migrated database (the seed of createDocument) and tells what it made. */
export function fillDocument(db: Database.Database, scale: GeneratedScale, seed = 20140101): GeneratedDocument {
  const random = seededRandom(seed);
  const at = '2026-01-01T00:00:00.000Z';
  const insertChain = db.prepare(
    `INSERT INTO chain (id, name, meeting_cadence_years, created_at, updated_at) VALUES (?, ?, ?, ?, ?)`,
  );
  const insertPlace = db.prepare(
    `INSERT INTO place (id, name, area_code, kind, latitude, longitude, created_at, updated_at) VALUES (?, ?, ?, 'municipality', ?, ?, ?, ?)`,
  );
  const insertBranch = db.prepare(`INSERT INTO branch (id, place_id, name, created_at, updated_at) VALUES (?, ?, ?, ?, ?)`);
  const insertMembership = db.prepare(
    `INSERT INTO membership (id, chain_id, place_id, joined_year, left_year, leave_reason, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  const insertCount = db.prepare(
    `INSERT INTO member_count (id, branch_id, year, count, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?)`,
  );
  const insertMeeting = db.prepare(
    `INSERT INTO meeting (id, chain_id, year, host_place_id, kind, location, created_at, updated_at) VALUES (?, ?, ?, ?, 'annual_meeting', ?, ?, ?)`,
  );

  // Places over Europe from Iceland to the Baltic, with their local branch.
  const placeIds: string[] = [];
  const branchIds: string[] = [];
  for (let index = 0; index < scale.places; index += 1) {
    const placeId = timeOrderedId();
    const latitude = Math.round((47 + random() * 23) * 1e4) / 1e4;
    const longitude = Math.round((-22 + random() * 52) * 1e4) / 1e4;
    insertPlace.run(placeId, `Ort ${index + 1}`, AREAS[index % AREAS.length]!, latitude, longitude, at, at);
    const branchId = timeOrderedId();
    insertBranch.run(branchId, placeId, `Föreningen Norden Ort ${index + 1}`, at, at);
    placeIds.push(placeId);
    branchIds.push(branchId);
  }

  // Member counts: each branch reports for consecutive years up to LAST_COUNT_YEAR (20 years at
  // scale 1), about one report in twelve "not reported" (NULL, never 0). Written branch by branch,
  // years ascending, so that the (branch, year) index grows at its end.
  const perBranch = Math.ceil(scale.memberCounts / scale.places);
  let counts = 0;
  for (const branchId of branchIds) {
    for (let year = LAST_COUNT_YEAR - perBranch + 1; year <= LAST_COUNT_YEAR && counts < scale.memberCounts; year += 1) {
      const count = random() < 1 / 12 ? null : 5 + Math.floor(random() * 600);
      insertCount.run(timeOrderedId(), branchId, year, count, at, at);
      counts += 1;
    }
  }

  // Chains: the first is the largest, the rest share the other memberships. A member joins
  // between 1946 and 2012; about one in ten has left again.
  const largest = Math.min(scale.places, scale.largestChain ?? Math.max(10, Math.round(scale.memberships * LARGEST_CHAIN_SHARE)));
  const others = scale.chains - 1;
  const chainIds: string[] = [];
  let membershipsMade = 0;
  let placeCursor = 0;
  for (let chain = 0; chain < scale.chains; chain += 1) {
    const chainId = timeOrderedId();
    chainIds.push(chainId);
    insertChain.run(chainId, `Vänortskedja ${chain + 1}`, 1 + (chain % 2), at, at);
    // The others share the rest as evenly as whole numbers allow.
    const rest = scale.memberships - largest;
    const size = chain === 0 ? largest : Math.floor((rest * chain) / others) - Math.floor((rest * (chain - 1)) / others);
    const members: string[] = [];
    for (let member = 0; member < size && membershipsMade < scale.memberships; member += 1) {
      // Walking through the places with a stride gives each chain distinct places spread over the map.
      const placeId = placeIds[placeCursor % placeIds.length]!;
      placeCursor += 1;
      members.push(placeId);
      const joined = 1946 + Math.floor(random() * 67);
      const left = random() < 0.1 ? Math.min(2025, joined + 1 + Math.floor(random() * 30)) : null;
      insertMembership.run(timeOrderedId(), chainId, placeId, joined, left, left === null ? null : 'Avslutat', at, at);
      membershipsMade += 1;
    }
    for (let year = 2005; year <= 2013 && members.length > 0; year += 1 + (chain % 2)) {
      insertMeeting.run(timeOrderedId(), chainId, year, members[year % members.length]!, null, at, at);
    }
  }
  return { scale: { ...scale, memberships: membershipsMade, memberCounts: counts }, chainIds, largestChainSize: largest };
}

/** Writes the document at `path` (replacing nothing) and opens it. */
export async function generateDocument(
  path: string,
  scale: GeneratedScale = EUROPEAN_SCALE,
  options: OpenOptions = {},
): Promise<{ document: OpenDocument; generated: GeneratedDocument }> {
  let generated: GeneratedDocument | null = null;
  const document = await createDocument(path, {
    ...options,
    seed: (db) => {
      generated = fillDocument(db, scale);
    },
  });
  return { document, generated: generated! };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const { values } = parseArgs({ options: { out: { type: 'string' }, scale: { type: 'string', default: '1' } } });
  if (!values.out) {
    console.error('Usage: npx tsx tests/bench/generate-document.ts --out PATH.vanort [--scale 1]');
    process.exit(2);
  }
  const started = performance.now();
  const { document, generated } = await generateDocument(values.out, scaled(Number(values.scale)));
  document.close();
  console.log(`${values.out}: ${JSON.stringify(generated.scale)} in ${((performance.now() - started) / 1000).toFixed(1)} s`);
}

import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type Database from 'better-sqlite3';
import { z } from 'zod';
import { isAreaCode } from '../../shared/areas';

/** The built-in demo chain (resources/demo), written into a new document. */
const demoSchema = z.object({
  source: z.string(),
  chains: z.array(
    z.object({ key: z.string(), name: z.string(), description: z.string().optional(), meetingCadenceYears: z.number().int() }),
  ),
  places: z.array(
    z.object({
      key: z.string(),
      name: z.string(),
      alternativeNames: z.array(z.string()).default([]),
      areaCode: z.string().refine(isAreaCode),
      kind: z.enum(['municipality', 'town', 'settlement', 'region', 'minority_community']),
      latitude: z.number(),
      longitude: z.number(),
      note: z.string().optional(),
      branch: z.object({ name: z.string(), foundedDate: z.string().optional() }).optional(),
      counts: z.record(z.string().regex(/^\d{4}$/), z.number().int().nonnegative().nullable()).default({}),
      countNote: z.string().optional(),
    }),
  ),
  memberships: z.array(
    z.object({
      chain: z.string(),
      place: z.string(),
      joinedYear: z.number().int(),
      leftYear: z.number().int().optional(),
      leaveReason: z.string().optional(),
      sponsorBond: z.string().optional(),
      note: z.string().optional(),
    }),
  ),
});

export type DemoData = z.infer<typeof demoSchema>;

export function loadDemo(path: string): DemoData {
  return demoSchema.parse(JSON.parse(readFileSync(path, 'utf8')));
}

/** Writes the demo into an empty document (inside the creating transaction; not an undo step). */
export function seedDemo(db: Database.Database, demo: DemoData, now = new Date().toISOString()): void {
  const stamp = { created_at: now, updated_at: now };
  const source = demo.source;
  const chainIds = new Map<string, string>();
  const placeIds = new Map<string, string>();
  const insertChain = db.prepare(
    `INSERT INTO chain (id, name, description, meeting_cadence_years, source, created_at, updated_at)
     VALUES (@id, @name, @description, @cadence, @source, @created_at, @updated_at)`,
  );
  for (const chain of demo.chains) {
    const id = randomUUID();
    chainIds.set(chain.key, id);
    insertChain.run({ id, name: chain.name, description: chain.description ?? null, cadence: chain.meetingCadenceYears, source, ...stamp });
  }
  const insertPlace = db.prepare(
    `INSERT INTO place (id, name, alternative_names, area_code, kind, latitude, longitude, note, source, created_at, updated_at)
     VALUES (@id, @name, @alternative_names, @area_code, @kind, @latitude, @longitude, @note, @source, @created_at, @updated_at)`,
  );
  const insertBranch = db.prepare(
    `INSERT INTO branch (id, place_id, name, founded_date, source, created_at, updated_at)
     VALUES (@id, @place_id, @name, @founded_date, @source, @created_at, @updated_at)`,
  );
  const insertCount = db.prepare(
    `INSERT INTO member_count (id, branch_id, year, count, source, note, created_at, updated_at)
     VALUES (@id, @branch_id, @year, @count, @source, @note, @created_at, @updated_at)`,
  );
  for (const place of demo.places) {
    const id = randomUUID();
    placeIds.set(place.key, id);
    insertPlace.run({
      id, name: place.name, alternative_names: JSON.stringify(place.alternativeNames), area_code: place.areaCode,
      kind: place.kind, latitude: place.latitude, longitude: place.longitude, note: place.note ?? null, source, ...stamp,
    });
    if (!place.branch) continue;
    const branchId = randomUUID();
    insertBranch.run({ id: branchId, place_id: id, name: place.branch.name, founded_date: place.branch.foundedDate ?? null, source, ...stamp });
    for (const [year, count] of Object.entries(place.counts)) {
      insertCount.run({ id: randomUUID(), branch_id: branchId, year: Number(year), count, source, note: place.countNote ?? null, ...stamp });
    }
  }
  const insertMembership = db.prepare(
    `INSERT INTO membership (id, chain_id, place_id, joined_year, left_year, leave_reason, sponsor_bond, source, note, created_at, updated_at)
     VALUES (@id, @chain_id, @place_id, @joined_year, @left_year, @leave_reason, @sponsor_bond, @source, @note, @created_at, @updated_at)`,
  );
  for (const membership of demo.memberships) {
    const chainId = chainIds.get(membership.chain);
    const placeId = placeIds.get(membership.place);
    if (!chainId || !placeId) throw new Error(`Demo membership names an unknown chain or place: ${membership.chain}/${membership.place}`);
    insertMembership.run({
      id: randomUUID(), chain_id: chainId, place_id: placeId, joined_year: membership.joinedYear,
      left_year: membership.leftYear ?? null, leave_reason: membership.leaveReason ?? null,
      sponsor_bond: membership.sponsorBond ?? null, source, note: membership.note ?? null, ...stamp,
    });
  }
}

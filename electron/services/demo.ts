import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type Database from 'better-sqlite3';
import { z } from 'zod';
import { isAreaCode } from '../../shared/areas';

/** The built-in demo chain (resources/demo), written into a new document. */
const demoSchema = z.object({
  source: z.string(),
  chains: z.array(
    z.object({
      key: z.string(),
      name: z.string(),
      description: z.string().optional(),
      meetingCadenceYears: z.number().int(),
      source: z.string().optional(),
    }),
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
      canHost: z.boolean().default(true),
      // Where the sources disagree: the year shown, its source, and what other sources say.
      joinedSource: z.string().optional(),
      alternatives: z.array(z.object({ joinedYear: z.number().int(), source: z.string() })).default([]),
      note: z.string().optional(),
    }),
  ),
  meetings: z
    .array(
      z.object({
        chain: z.string(),
        year: z.number().int(),
        host: z.string(),
        kind: z.enum(['annual_meeting', 'board_seminar', 'other']),
        startDate: z.string().optional(),
        endDate: z.string().optional(),
        location: z.string().optional(),
        note: z.string().optional(),
      }),
    )
    .default([]),
  grants: z
    .array(
      z.object({
        place: z.string(),
        year: z.number().int(),
        amount: z.number().nullable(),
        currency: z.enum(['SEK', 'DKK', 'NOK', 'ISK', 'EUR']),
        grantor: z.string().optional(),
        status: z.enum(['granted', 'proposed']).default('granted'),
        note: z.string().optional(),
      }),
    )
    .default([]),
  agreements: z
    .array(
      z.object({
        chain: z.string(),
        kind: z.enum(['municipalities', 'branches', 'branch_and_municipality', 'other']),
        status: z.enum(['none_found', 'active', 'dormant', 'ended']),
        title: z.string(),
        parties: z.array(z.string()),
        note: z.string().optional(),
      }),
    )
    .default([]),
  activities: z
    .array(
      z.object({
        chain: z.string(),
        year: z.number().int(),
        title: z.string(),
        field: z.string(),
        places: z.array(z.string()),
        description: z.string().optional(),
      }),
    )
    .default([]),
  events: z
    .array(
      z.object({
        chain: z.string(),
        place: z.string().optional(),
        date: z.string().regex(/^\d{4}(-\d{2}-\d{2})?$/),
        title: z.string(),
        body: z.string().optional(),
        reference: z.string().optional(),
        description: z.string().optional(),
      }),
    )
    .default([]),
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
  const row = (table: string, values: Record<string, unknown>) => {
    const full: Record<string, unknown> = { id: randomUUID(), ...values, ...stamp };
    const names = Object.keys(full);
    db.prepare(`INSERT INTO ${table} (${names.join(', ')}) VALUES (${names.map((name) => '@' + name).join(', ')})`).run(full);
    return full.id as string;
  };
  const insertChain = db.prepare(
    `INSERT INTO chain (id, name, description, meeting_cadence_years, source, created_at, updated_at)
     VALUES (@id, @name, @description, @cadence, @source, @created_at, @updated_at)`,
  );
  for (const chain of demo.chains) {
    const id = randomUUID();
    chainIds.set(chain.key, id);
    insertChain.run({
      id,
      name: chain.name,
      description: chain.description ?? null,
      cadence: chain.meetingCadenceYears,
      source: chain.source ?? source,
      ...stamp,
    });
  }
  const insertPlace = db.prepare(
    `INSERT INTO place (id, name, alternative_names, area_code, kind, latitude, longitude, note, source, created_at, updated_at)
     VALUES (@id, @name, @alternative_names, @area_code, @kind, @latitude, @longitude, @note, @source, @created_at, @updated_at)`,
  );
  const branchIds = new Map<string, string>();
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
      id,
      name: place.name,
      alternative_names: JSON.stringify(place.alternativeNames),
      area_code: place.areaCode,
      kind: place.kind,
      latitude: place.latitude,
      longitude: place.longitude,
      note: place.note ?? null,
      source,
      ...stamp,
    });
    if (!place.branch) continue;
    const branchId = randomUUID();
    branchIds.set(place.key, branchId);
    insertBranch.run({
      id: branchId,
      place_id: id,
      name: place.branch.name,
      founded_date: place.branch.foundedDate ?? null,
      source,
      ...stamp,
    });
    for (const [year, count] of Object.entries(place.counts)) {
      insertCount.run({
        id: randomUUID(),
        branch_id: branchId,
        year: Number(year),
        count,
        source,
        note: place.countNote ?? null,
        ...stamp,
      });
    }
  }
  const insertMembership = db.prepare(
    `INSERT INTO membership (id, chain_id, place_id, joined_year, left_year, leave_reason, sponsor_bond, can_host, source, note, created_at, updated_at)
     VALUES (@id, @chain_id, @place_id, @joined_year, @left_year, @leave_reason, @sponsor_bond, @can_host, @source, @note, @created_at, @updated_at)`,
  );
  for (const membership of demo.memberships) {
    const chainId = chainIds.get(membership.chain);
    const placeId = placeIds.get(membership.place);
    if (!chainId || !placeId)
      throw new Error(`Demo membership names an unknown chain or place: ${membership.chain}/${membership.place}`);
    const membershipId = randomUUID();
    insertMembership.run({
      id: membershipId,
      chain_id: chainId,
      place_id: placeId,
      joined_year: membership.joinedYear,
      left_year: membership.leftYear ?? null,
      leave_reason: membership.leaveReason ?? null,
      sponsor_bond: membership.sponsorBond ?? null,
      can_host: membership.canHost ? 1 : 0,
      source,
      note: membership.note ?? null,
      ...stamp,
    });
    if (membership.alternatives.length > 0) {
      const alternative = (value: number, alternativeSource: string, shown: boolean) =>
        row('fact_alternative', {
          table_name: 'membership',
          row_id: membershipId,
          field: 'joined_year',
          value: JSON.stringify(value),
          source: alternativeSource,
          shown: shown ? 1 : 0,
        });
      alternative(membership.joinedYear, membership.joinedSource ?? source, true);
      for (const other of membership.alternatives) alternative(other.joinedYear, other.source, false);
    }
  }
  const chainOf = (key: string) => chainIds.get(key) ?? fail(`chain ${key}`);
  const placeOf = (key: string) => placeIds.get(key) ?? fail(`place ${key}`);
  for (const meeting of demo.meetings) {
    row('meeting', {
      chain_id: chainOf(meeting.chain),
      year: meeting.year,
      host_place_id: placeOf(meeting.host),
      kind: meeting.kind,
      start_date: meeting.startDate ?? null,
      end_date: meeting.endDate ?? null,
      location: meeting.location ?? null,
      note: meeting.note ?? null,
      source,
    });
  }
  for (const grant of demo.grants) {
    row('branch_grant', {
      branch_id: branchIds.get(grant.place) ?? fail(`branch of ${grant.place}`),
      year: grant.year,
      amount: grant.amount,
      currency: grant.currency,
      grantor: grant.grantor ?? null,
      status: grant.status,
      note: grant.note ?? null,
      source,
    });
  }
  for (const agreement of demo.agreements) {
    const agreementId = row('agreement', {
      chain_id: chainOf(agreement.chain),
      kind: agreement.kind,
      status: agreement.status,
      title: agreement.title,
      note: agreement.note ?? null,
      source,
    });
    for (const party of agreement.parties) row('agreement_party', { agreement_id: agreementId, place_id: placeOf(party) });
  }
  for (const activity of demo.activities) {
    const activityId = row('activity', {
      chain_id: chainOf(activity.chain),
      year: activity.year,
      title: activity.title,
      field: activity.field,
      description: activity.description ?? null,
      source,
    });
    for (const place of activity.places) row('activity_place', { activity_id: activityId, place_id: placeOf(place) });
  }
  for (const event of demo.events) {
    row('event', {
      chain_id: chainOf(event.chain),
      place_id: event.place ? placeOf(event.place) : null,
      date: event.date,
      title: event.title,
      body: event.body ?? null,
      reference: event.reference ?? null,
      description: event.description ?? null,
      source,
    });
  }
}

function fail(what: string): never {
  throw new Error(`The demo names an unknown ${what}`);
}

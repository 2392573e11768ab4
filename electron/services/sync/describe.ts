import type Database from 'better-sqlite3';
import type { RowLabel, SyncValue, Table } from '../../../shared/contract';
import { NATURAL_KEYS, splitNaturalKey } from './keys';

/** A field's value of the row being described (from the engine: the row may not be in the tables yet). */
type FieldValue = (field: string) => SyncValue;

const text = (value: unknown): string | null => (typeof value === 'string' && value !== '' ? value : null);

function placeName(db: Database.Database, placeId: unknown): string | null {
  if (typeof placeId !== 'string') return null;
  return text(db.prepare('SELECT name FROM place WHERE id = ?').pluck().get(placeId));
}

function branchPlace(db: Database.Database, branchId: unknown): { name: string | null; placeId?: string } {
  if (typeof branchId !== 'string') return { name: null };
  const row = db.prepare('SELECT p.id, p.name FROM branch b JOIN place p ON p.id = b.place_id WHERE b.id = ?').get(branchId) as
    { id: string; name: string } | undefined;
  return row ? { name: text(row.name), placeId: row.id } : { name: null };
}

/** The place a row is about, so the window can mark that member as in conflict. */
const about = (label: RowLabel, placeId: unknown): RowLabel =>
  typeof placeId === 'string' && placeId !== '' ? { ...label, placeId } : label;

/** What a row is, in words: the place it is about, its name or title, its year. */
export function describeRow(db: Database.Database, table: Table, rowKey: string, field: FieldValue): RowLabel {
  // A natural key holds the row's parent and year ("branch:2014") even when its fields are unknown.
  const { parent, year: keyYear } = NATURAL_KEYS[table] ? splitNaturalKey(rowKey) : { parent: null, year: NaN };
  const year = typeof field('year') === 'number' ? (field('year') as number) : Number.isFinite(keyYear) ? keyYear : undefined;
  const withYear = (name: string | null, placeId?: unknown): RowLabel =>
    about(year === undefined ? { table, name } : { table, name, year }, placeId);
  switch (table) {
    case 'place':
      return about(
        { table, name: text(field('name')) ?? text(db.prepare('SELECT name FROM place WHERE id = ?').pluck().get(rowKey)) },
        rowKey,
      );
    case 'chain':
      return { table, name: text(field('name')) ?? text(db.prepare('SELECT name FROM chain WHERE id = ?').pluck().get(rowKey)) };
    case 'membership':
      return about({ table, name: placeName(db, field('place_id')) }, field('place_id'));
    case 'branch':
      return about({ table, name: text(field('name')) ?? placeName(db, field('place_id')) }, field('place_id'));
    case 'member_count': {
      const place = branchPlace(db, field('branch_id') ?? parent);
      return withYear(place.name, place.placeId);
    }
    case 'branch_grant': {
      const place = branchPlace(db, field('branch_id'));
      return withYear(place.name, place.placeId);
    }
    case 'activity_level': {
      const membership = field('membership_id') ?? parent;
      const placeId =
        typeof membership === 'string'
          ? db.prepare('SELECT place_id FROM membership WHERE id = ?').pluck().get(membership)
          : null;
      return withYear(placeName(db, placeId), placeId);
    }
    case 'meeting':
      return withYear(placeName(db, field('host_place_id')) ?? text(field('location')));
    case 'activity':
      return withYear(text(field('title')));
    case 'event':
    case 'attached_document':
      return { table, name: text(field('title')) };
    case 'agreement':
      return { table, name: text(field('title')) };
    case 'contact':
      return { table, name: text(field('person_name')) };
    case 'agreement_party':
    case 'activity_place':
      return { table, name: placeName(db, field('place_id')) };
    case 'fact_alternative':
      return { table, name: null };
  }
}

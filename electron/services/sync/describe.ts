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

function branchPlaceName(db: Database.Database, branchId: unknown): string | null {
  if (typeof branchId !== 'string') return null;
  return text(db.prepare('SELECT p.name FROM branch b JOIN place p ON p.id = b.place_id WHERE b.id = ?').pluck().get(branchId));
}

/** What a row is, in words: the place it is about, its name or title, its year. */
export function describeRow(db: Database.Database, table: Table, rowKey: string, field: FieldValue): RowLabel {
  // A natural key holds the row's parent and year ("branch:2014") even when its fields are unknown.
  const { parent, year: keyYear } = NATURAL_KEYS[table] ? splitNaturalKey(rowKey) : { parent: null, year: NaN };
  const year = typeof field('year') === 'number' ? (field('year') as number) : Number.isFinite(keyYear) ? keyYear : undefined;
  const withYear = (name: string | null): RowLabel => (year === undefined ? { table, name } : { table, name, year });
  switch (table) {
    case 'place':
      return { table, name: text(field('name')) ?? text(db.prepare('SELECT name FROM place WHERE id = ?').pluck().get(rowKey)) };
    case 'chain':
      return { table, name: text(field('name')) ?? text(db.prepare('SELECT name FROM chain WHERE id = ?').pluck().get(rowKey)) };
    case 'membership':
      return { table, name: placeName(db, field('place_id')) };
    case 'branch':
      return { table, name: text(field('name')) ?? placeName(db, field('place_id')) };
    case 'member_count':
      return withYear(branchPlaceName(db, field('branch_id') ?? parent));
    case 'branch_grant':
      return withYear(branchPlaceName(db, field('branch_id')));
    case 'activity_level': {
      const membership = field('membership_id') ?? parent;
      const placeId =
        typeof membership === 'string'
          ? db.prepare('SELECT place_id FROM membership WHERE id = ?').pluck().get(membership)
          : null;
      return withYear(placeName(db, placeId));
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

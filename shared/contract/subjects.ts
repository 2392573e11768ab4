/**
 * The document's tables that people edit. The change log may name only these (a file is
 * untrusted input), and an edit's answer says which of them it changed.
 */
export const TABLES = [
  'chain',
  'place',
  'membership',
  'branch',
  'member_count',
  'meeting',
  'branch_grant',
  'agreement',
  'agreement_party',
  'activity',
  'activity_place',
  'event',
  'contact',
  'attached_document',
  'activity_level',
  'fact_alternative',
] as const;

export type Table = (typeof TABLES)[number];

/**
 * What a query reads and an edit touches: a table, or the document as a whole (which file is
 * open, whether it may be written, its backups), which only another file or a restore changes.
 */
export type Subject = Table | 'document';

export const SUBJECTS: readonly Subject[] = [...TABLES, 'document'];

const TABLE_NAMES: ReadonlySet<string> = new Set(TABLES);

export function isTable(name: string): name is Table {
  return TABLE_NAMES.has(name);
}

import { z } from 'zod';
import { action, edit, empty, query, type EditAnswer } from './method';
import type { Table } from './subjects';

/**
 * Sharing a chain document between laptops (see electron/services/sync/): the document's edits
 * are mirrored into a CRDT engine (Automerge) kept inside the file; an exchange file or a copy
 * of the document carries them to a colleague, whose app merges them. Where two laptops changed
 * the same field, both values are kept as a conflict until a person decides.
 */

/** An exchange file's name ends so: NAME.vanort-changes. */
export const EXCHANGE_EXTENSION = '.vanort-changes';

/** The longest exchange file or document copy the app reads (it is untrusted input). */
export const EXCHANGE_MAX_BYTES = 64 * 1024 * 1024;

/** A value as the document holds it (JSON: a number stays a number, null is "not known"). */
export type SyncValue = string | number | null;

/** What a row is, in words the window can show: "Herning", "Herning 2014", "Årsmöte 2015". */
export interface RowLabel {
  table: Table;
  /** The place, chain or record's own name; null when the row no longer has one. */
  name: string | null;
  /** A count's, a meeting's or a grant's year. */
  year?: number;
  /** The place (member) the row is about, where it is about one: the window marks it. */
  placeId?: string;
}

/** Who made a change: the laptop's name as it was given in Settings, and its device id. */
export interface Author {
  device: string;
  /** Empty when that laptop never named itself. */
  laptop: string;
}

/** One field changed, old -> new ('*row' for a row that was added or removed). */
export interface FieldChange {
  row: RowLabel;
  /** The row's id (the key of a count: branch and year). */
  rowKey: string;
  /** A column name, or '*row' when the row itself was added ('live') or removed ('removed'). */
  field: string;
  old: SyncValue;
  new: SyncValue;
  author: Author;
  /** ISO 8601. */
  at: string;
}

export interface ConflictValue {
  value: SyncValue;
  author: Author;
  at: string | null;
  /** The value every laptop shows until someone decides (the same one chosen everywhere). */
  shown: boolean;
}

/** A field two laptops changed since they last synced: every value kept. */
export interface Conflict {
  /** The engine's key of the field (give it to sync.decide). */
  key: string;
  row: RowLabel;
  rowKey: string;
  /** A column name, or '*row': one laptop removed the row while another edited it. */
  field: string;
  values: ConflictValue[];
}

export interface SyncPeer extends Author {
  /** When this laptop last merged that laptop's changes (ISO 8601). */
  lastMerged: string;
}

/** The sync tools whose folders the app recognises (electron/services/sync/synced-folder.ts). */
export type SyncTool = 'syncthing' | 'dropbox' | 'onedrive' | 'nextcloud' | 'icloud' | 'google-drive';

/** The tools' own names: product names, the same in every language. */
export const SYNC_TOOL_NAMES: Readonly<Record<SyncTool, string>> = {
  syncthing: 'Syncthing',
  dropbox: 'Dropbox',
  onedrive: 'OneDrive',
  nextcloud: 'Nextcloud',
  icloud: 'iCloud Drive',
  'google-drive': 'Google Drive',
};

export interface SyncedFolder {
  tool: SyncTool;
  /** The folder the tool syncs (its root, as far as the marker or name tells). */
  folder: string;
}

export interface SyncStatus {
  /** Sharing is on for this document (its edits are mirrored into the engine). */
  shared: boolean;
  documentId: string;
  /** This laptop's name (Settings); empty until it is given. */
  laptop: string;
  device: string;
  conflicts: number;
  /** The shared folder this laptop syncs through, or null. */
  folder: string | null;
  /** Goes up each time changes from the shared folder were merged in the background. */
  revision: number;
  peers: SyncPeer[];
  /** When this laptop last merged anything (ISO 8601), for "since my last merge". */
  lastMerge: string | null;
  /**
   * The document itself lies in a folder a sync tool syncs (a live SQLite file there gets
   * damaged): the window says so and offers the shared folder instead. Null when it does not.
   */
  syncedFolder: SyncedFolder | null;
}

export interface MergePreview {
  /** The laptops whose changes the file brings. */
  from: Author[];
  /** Fields of rows both sides have, old -> new. */
  changed: FieldChange[];
  /** Rows that are new here ('*row' entries and their fields folded into one). */
  added: FieldChange[];
  /** Rows the colleague removed. */
  removed: FieldChange[];
  /** Conflicts the merge would leave (those already here included). */
  conflicts: Conflict[];
  /** The file brings nothing this document lacks (merging it changes nothing). */
  nothingNew: boolean;
  /** The file builds on changes this document does not have: ask for one with all changes. */
  missingEarlier: boolean;
}

export interface ChangeEntry {
  seq: number;
  at: string;
  author: Author;
  /** Merged from another laptop (false: made on this one). */
  merged: boolean;
  change: FieldChange;
}

const exchangeFileSchema = z
  .object({
    fileName: z.string().min(1).max(255),
    // base64 of at most EXCHANGE_MAX_BYTES (4 characters for 3 bytes).
    contentBase64: z
      .string()
      .max(Math.ceil((EXCHANGE_MAX_BYTES / 3) * 4) + 4, { error: 'errors.exchangeTooLarge' })
      .regex(/^[A-Za-z0-9+/]*={0,2}$/, { error: 'validation.invalid' }),
  })
  .strict();

// A typed value may be as long as a document holds (electron/db/value-limits.ts), no longer.
const valueSchema = z.union([z.string().max(10_000), z.number(), z.null()]);

export const syncMethods = {
  'sync.status': query<SyncStatus>()(empty),
  /** Turns sharing on: the document gets its first shared history (deterministic, see engine.ts). */
  'sync.enable': edit<EditAnswer & { builtMs: number }>()(empty),
  /** An exchange file: what the others may lack, or everything. */
  'sync.send': action<{ fileName: string; contentBase64: string; bytes: number; changes: number }>()(
    z.object({ all: z.boolean().optional() }).strict(),
  ),
  /** What merging an exchange file or a copy of the document would do; nothing is written. */
  'sync.preview': query<MergePreview>()(exchangeFileSchema),
  /** Merges it in one transaction (one undo step). */
  'sync.merge': edit<EditAnswer & { changed: number; conflicts: number }>()(exchangeFileSchema),
  'sync.conflicts': query<Conflict[]>()(empty),
  /** A person's decision: this value, kept or typed. An ordinary edit: it ends the conflict everywhere. */
  'sync.decide': edit()(z.object({ key: z.string().min(1).max(400), value: valueSchema }).strict()),
  /** The change log in words: who, when, what; filtered by laptop and by date. */
  'sync.changes': query<ChangeEntry[]>()(
    z
      .object({
        device: z.string().max(100).optional(),
        /** ISO date or time: entries at or after it. */
        since: z.string().max(40).optional(),
        /** Only what the last merge brought and what was changed after it. */
        sinceLastMerge: z.boolean().optional(),
        limit: z.number().int().min(1).max(5000).optional(),
      })
      .strict(),
  ),
  /** The shared folder this laptop syncs through (null: none). Writes this laptop's changes file there. */
  'sync.setFolder': edit<EditAnswer & { folder: string | null }>()(
    z.object({ folder: z.string().min(1).max(4096).nullable() }).strict(),
  ),
  /** Looks in the shared folder now (on focus): merges what is new there and writes this laptop's file. */
  'sync.checkFolder': edit<EditAnswer & { merged: number }>()(empty),
} as const;

import { z } from 'zod';
import type { Result } from './result';
import type { MemberCountTotal } from './totals';
import type { Language } from './format';
import { IMPORT_FIELDS } from './importing/columns';
import type { ImportFilePreview } from './importing/preview';
import {
  historyRecordSchema,
  idSchema,
  isStorableLine,
  isStorableNote,
  latitudeSchema,
  longitudeSchema,
  meetingSchema,
  memberCountSchema,
  nameSchema,
  noteSchema,
  placeInputSchema,
  yearSchema,
} from './validation';

/** The API: method name -> input schema (validated by the router) and output type. */
function method<Output>() {
  return <Input extends z.ZodType>(input: Input) => ({ input, output: undefined as unknown as Output });
}

export interface DocumentInfo {
  path: string;
  fileName: string;
  readOnly: boolean;
  /** Why it is read-only: the file or its folder cannot be written, or another app instance has it open. */
  readOnlyReason: 'file' | 'folder' | 'in_use' | null;
  /** Read from a copy in memory (a read-only folder): others' later changes to the file are not seen. */
  inMemoryCopy: boolean;
  /** The app instance that has the document open, when that is why it is read-only. */
  lockHolder: { host: string; since: string } | null;
  schemaVersion: number;
  /** Set when this open migrated the file: the version it had and the backup written first. */
  migratedFrom: number | null;
  backupPath: string | null;
}

export interface ChainSummary {
  id: string;
  name: string;
  memberCount: number;
}

export interface Member {
  membershipId: string;
  placeId: string;
  name: string;
  areaCode: string;
  joinedYear: number;
  leftYear: number | null;
  leaveReason: string | null;
  /** Where the membership's years come from, and a note (the sources disagree at times). */
  source: string | null;
  note: string | null;
  /** An older bond (fadderort) that preceded membership. */
  sponsorBond: string | null;
  /** Whether the member takes part in the rotation of the annual meeting. */
  canHost: boolean;
  /** The SKL activity level recorded for the shown year, if any. */
  activityLevel: ActivityLevel | null;
  /** Null when the branch did not report (or has no branch): unknown, not zero. */
  memberCount: number | null;
  /** The year the shown count is from; null when nothing was ever reported. */
  countYear: number | null;
  latitude: number | null;
  longitude: number | null;
}

export type ActivityLevel = 'active' | 'sporadic' | 'dormant';

/** One source's value for a fact; the one shown is the value in the record. */
export interface FactAlternative {
  id: string;
  value: number;
  source: string;
  note: string | null;
  shown: boolean;
}

export interface ChainMembers {
  chain: { id: string; name: string };
  /** The year the first member joined: where the year slider starts. */
  firstYear: number | null;
  /** The year the table shows: members in the chain that year, and their counts. */
  year: number;
  members: Member[];
  total: MemberCountTotal;
}

/** A place found in the offline gazetteer (GeoNames). */
export interface GazetteerHit {
  geonameId: number;
  name: string;
  /** The alternate name that matched what was typed (Åbo for Turku), if not the main name. */
  matchedName: string | null;
  areaCode: string;
  latitude: number;
  longitude: number;
  population: number;
}

/** The bundled offline basemap: land as GeoJSON multipolygons (Natural Earth). */
export interface Basemap {
  type: 'FeatureCollection';
  features: Array<{
    type: 'Feature';
    id: string;
    /** land is filled without outline; line is a coastline or border, drawn without fill. */
    properties: { kind: 'land' | 'line'; detail: string };
    geometry: { type: 'MultiPolygon'; coordinates: number[][][][] } | { type: 'MultiLineString'; coordinates: number[][][] };
  }>;
}

export type MeetingKind = 'annual_meeting' | 'board_seminar' | 'other';

export interface Meeting {
  id: string;
  year: number;
  kind: MeetingKind;
  hostPlaceId: string | null;
  hostName: string | null;
  startDate: string | null;
  endDate: string | null;
  location: string | null;
  note: string | null;
}

export type TimelineKind = 'joined' | 'left' | 'meeting' | 'event' | 'activity' | 'grant' | 'agreement';

/** One dated line of a chain's history; the UI words it by kind. */
export interface TimelineEntry {
  id: string;
  kind: TimelineKind;
  /** YYYY or YYYY-MM-DD. */
  date: string;
  year: number;
  title: string;
  placeName: string | null;
  detail: string | null;
  reference: string | null;
  amount: number | null;
  currency: string | null;
  status: string | null;
  meetingKind: MeetingKind | null;
  /** Where the fact comes from (a report, minutes, a decision). */
  source: string | null;
}

export interface ChainHistory {
  chainId: string;
  meetingCadenceYears: number;
  meetings: Meeting[];
  nextHost: { year: number | null; placeId: string | null; name: string | null; lastHosted: number | null };
  timeline: TimelineEntry[];
}

/** Member counts over time, as reported: null is a gap (not reported), never zero. */
export interface CountSeries {
  years: number[];
  members: Array<{ placeId: string; name: string; values: Array<number | null> }>;
  /** The chain's total of what was reported each year; incomplete where a member did not report. */
  total: Array<{ sum: number | null; notReported: number }>;
}

/** A backup of the open document, named by its file name (never a path). */
export interface BackupInfo {
  id: string;
  kind: 'opened' | 'before-migration' | 'before-restore';
  /** ISO time it was taken. */
  createdAt: string;
  /** Bytes. */
  size: number;
}

export interface UndoState {
  canUndo: boolean;
  canRedo: boolean;
}

export interface Settings {
  language: Language;
}

const empty = z.object({}).strict();
const languageSchema = z.enum(['sv', 'en'], { error: 'validation.language' });

/** The largest spreadsheet the window may send for import: 20 MB, as base64. */
export const IMPORT_MAX_BYTES = 20 * 1024 * 1024;
const importFile = {
  fileName: z.string().trim().min(1, { error: 'validation.invalid' }).max(260, { error: 'validation.invalid' }),
  contentBase64: z.string().max(Math.ceil(IMPORT_MAX_BYTES / 3) * 4, { error: 'validation.importTooLarge' }),
  /** The field of each column; when left out (or not fitting the file) it is guessed from the headers. */
  mapping: z
    .array(z.enum(IMPORT_FIELDS, { error: 'validation.invalid' }))
    .max(1000)
    .optional(),
};

export const contract = {
  'document.info': method<DocumentInfo>()(empty),
  'chains.list': method<ChainSummary[]>()(empty),
  'members.list': method<ChainMembers>()(z.object({ chainId: idSchema, year: yearSchema.optional() }).strict()),
  'members.rename': method<UndoState>()(z.object({ placeId: idSchema, name: nameSchema }).strict()),
  'members.setJoinedYear': method<UndoState>()(z.object({ membershipId: idSchema, joinedYear: yearSchema }).strict()),
  'members.setCount': method<UndoState>()(
    z.object({ placeId: idSchema, year: yearSchema, memberCount: memberCountSchema }).strict(),
  ),
  'members.setLeft': method<UndoState>()(
    z.object({ membershipId: idSchema, leftYear: yearSchema.nullable(), leaveReason: noteSchema.nullable() }).strict(),
  ),
  'members.rejoin': method<UndoState>()(z.object({ membershipId: idSchema, joinedYear: yearSchema }).strict()),
  'meetings.add': method<UndoState>()(z.object({ chainId: idSchema, meeting: meetingSchema }).strict()),
  'meetings.update': method<UndoState>()(z.object({ meetingId: idSchema, meeting: meetingSchema }).strict()),
  'meetings.remove': method<UndoState>()(z.object({ meetingId: idSchema }).strict()),
  'records.add': method<UndoState>()(z.object({ chainId: idSchema, record: historyRecordSchema }).strict()),
  'records.remove': method<UndoState>()(
    z
      .object({ kind: z.enum(['grant', 'event', 'activity', 'agreement'], { error: 'validation.invalid' }), id: idSchema })
      .strict(),
  ),
  'members.setHosting': method<UndoState>()(
    z.object({ membershipId: idSchema, canHost: z.boolean(), sponsorBond: noteSchema.nullable() }).strict(),
  ),
  'chains.setCadence': method<UndoState>()(
    z
      .object({
        chainId: idSchema,
        meetingCadenceYears: z.number().int().min(1, { error: 'validation.cadence' }).max(10, { error: 'validation.cadence' }),
      })
      .strict(),
  ),
  'members.setActivityLevel': method<UndoState>()(
    z
      .object({
        membershipId: idSchema,
        year: yearSchema,
        level: z.enum(['active', 'sporadic', 'dormant'], { error: 'validation.invalid' }).nullable(),
      })
      .strict(),
  ),
  'facts.alternatives': method<FactAlternative[]>()(
    z.object({ table: z.literal('membership'), rowId: idSchema, field: z.literal('joined_year') }).strict(),
  ),
  'facts.add': method<UndoState>()(
    z
      .object({
        table: z.literal('membership'),
        rowId: idSchema,
        field: z.literal('joined_year'),
        value: yearSchema,
        source: z
          .string({ error: 'validation.sourceEmpty' })
          .trim()
          .min(1, { error: 'validation.sourceEmpty' })
          .max(500, { error: 'validation.textTooLong' })
          .refine(isStorableNote, { error: 'validation.textControl' }),
        note: noteSchema.nullable(),
        show: z.boolean(),
      })
      .strict(),
  ),
  'facts.show': method<UndoState>()(z.object({ alternativeId: idSchema }).strict()),
  /** The source and note of a fact's record: a membership, a member count, a meeting, a place. */
  'facts.setSourceNote': method<UndoState>()(
    z
      .object({
        table: z.enum(['membership', 'member_count', 'meeting', 'place'], { error: 'validation.invalid' }),
        rowId: idSchema,
        source: noteSchema.nullable(),
        note: noteSchema.nullable(),
      })
      .strict(),
  ),
  'members.add': method<UndoState & { membershipId: string; placeId: string }>()(
    z.object({ chainId: idSchema, joinedYear: yearSchema, place: placeInputSchema }).strict(),
  ),
  'places.move': method<UndoState>()(
    z.object({ placeId: idSchema, latitude: latitudeSchema, longitude: longitudeSchema }).strict(),
  ),
  'gazetteer.search': method<GazetteerHit[]>()(
    z
      .object({
        query: z.string().max(100, { error: 'validation.queryTooLong' }),
        limit: z.number().int().min(1).max(50).optional(),
      })
      .strict(),
  ),
  'map.basemap': method<Basemap>()(empty),
  'chains.history': method<ChainHistory>()(z.object({ chainId: idSchema }).strict()),
  'chains.countSeries': method<CountSeries>()(z.object({ chainId: idSchema }).strict()),
  'members.counts': method<Array<{ year: number; count: number | null }>>()(z.object({ placeId: idSchema }).strict()),
  'undo.state': method<UndoState>()(empty),
  'undo.undo': method<UndoState & { changed: boolean }>()(empty),
  'undo.redo': method<UndoState & { changed: boolean }>()(empty),
  'backups.list': method<BackupInfo[]>()(empty),
  /** Replaces the document's state with a backup's; the current state is backed up first. */
  'backups.restore': method<{ restored: BackupInfo; currentSavedAs: BackupInfo }>()(
    z.object({ id: z.string().regex(/^[^/\\]{1,255}\.vanort$/, { error: 'validation.invalid' }) }).strict(),
  ),
  'settings.get': method<Settings>()(empty),
  'settings.setLanguage': method<Settings>()(z.object({ language: languageSchema }).strict()),
  /** Reads a spreadsheet the user picked and says what an import would do; writes nothing. */
  'import.preview': method<ImportFilePreview>()(z.object(importFile).strict()),
  /** Imports the file's rows into a chain (one undo step); refused while a row that is not excluded has a problem. */
  'import.apply': method<UndoState & { added: number; updated: number }>()(
    z
      .object({
        ...importFile,
        chainId: idSchema,
        countYear: yearSchema,
        excludeRows: z.array(z.number().int().min(1).max(10_000_000)).max(1_000_000).default([]),
        excludeRowsWithProblems: z.boolean().default(false),
      })
      .strict(),
  ),
  /** File actions need the desktop's dialogs; the browser host answers "unsupported". */
  'file.new': method<{ opened: boolean }>()(empty),
  'file.open': method<{ opened: boolean }>()(empty),
  'file.saveCopy': method<{ savedTo: string | null }>()(empty),
  /** Exports the chain to a file the user picks (CSV, XLSX or GeoJSON). */
  'file.export': method<{ savedTo: string | null }>()(
    z
      .object({
        chainId: idSchema,
        format: z.enum(['csv', 'xlsx', 'geojson'], { error: 'validation.invalid' }),
        delimiter: z.enum([';', ','], { error: 'validation.invalid' }).default(';'),
      })
      .strict(),
  ),
  /** Prints the report shown in the window to an A4 PDF the user saves. */
  'file.saveReportPdf': method<{ savedTo: string | null }>()(
    z
      .object({
        title: z.string().max(300).refine(isStorableLine, { error: 'validation.textControl' }),
        language: z.enum(['sv', 'en'], { error: 'validation.language' }),
      })
      .strict(),
  ),
  /** Saves a PNG of the given part of the window (the map with its legend). */
  'file.exportMapImage': method<{ savedTo: string | null }>()(
    z
      .object({
        x: z.number().int().min(0),
        y: z.number().int().min(0),
        width: z.number().int().min(1).max(20_000),
        height: z.number().int().min(1).max(20_000),
      })
      .strict(),
  ),
} as const;

export type Contract = typeof contract;
export type MethodName = keyof Contract;
export type MethodInput<M extends MethodName> = z.input<Contract[M]['input']>;
export type ParsedInput<M extends MethodName> = z.output<Contract[M]['input']>;
export type MethodOutput<M extends MethodName> = Contract[M]['output'];

export const METHOD_NAMES = Object.keys(contract) as MethodName[];

export function isMethodName(name: string): name is MethodName {
  return Object.prototype.hasOwnProperty.call(contract, name);
}

/** Events the desktop shell sends to the window (menu commands, a newly opened document). */
export type ShellEvent =
  | { kind: 'document-changed' }
  | { kind: 'language-changed'; language: Language }
  | { kind: 'command'; command: 'undo' | 'redo' | 'import' }
  | { kind: 'restore-backup' }
  | { kind: 'export'; format: 'csv' | 'xlsx' | 'geojson'; delimiter: ';' | ',' };

/** The one object the preload (or the browser host's shim) puts on window. */
export interface AtlasClient {
  invoke<M extends MethodName>(method: M, input: MethodInput<M>): Promise<Result<MethodOutput<M>>>;
  onEvent(listener: (event: ShellEvent) => void): () => void;
}

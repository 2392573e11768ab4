import type { Language } from '../format';
import type { MemberCountTotal } from '../totals';

/** The data the API answers with (the methods are in the files beside this one). */

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
  /**
   * That holder may well be gone (its lock is old, from another computer, or names no process an
   * app could have): the window offers "Open anyway" (document.openAnyway).
   */
  canOpenAnyway: boolean;
  schemaVersion: number;
  /** Set when this open migrated the file: the version it had and the backup written first. */
  migratedFrom: number | null;
  backupPath: string | null;
  /** The backup on opening could not be written (a full backup disk): opened without one. */
  backupProblem: { code: string; backupsBytes: number } | null;
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
  /** Null when the year it joined is not known: then it counts as a member from the chain's start. */
  joinedYear: number | null;
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
  /**
   * Where the year slider starts: the year the first member joined (a member whose year is not
   * known is there from it on), or, when no year joined is known, the first year with a count.
   */
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
  /** GeoNames' first-level area code within the country (CA for California), when it has one. */
  region: string | null;
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
  /** The member's country or area, on a join or a departure; null on other entries. */
  areaCode: string | null;
  /** The membership a join or a departure is of (a former member rejoins through it); else null. */
  membershipId: string | null;
  detail: string | null;
  reference: string | null;
  amount: number | null;
  currency: string | null;
  /** Who gave a grant (a municipality, a fund); null on other entries and when not known. */
  grantor: string | null;
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
  /**
   * Whether the user chose it. Until then the desktop shows the system's language (Electron's
   * preferred system languages), and the browser host's window the browser's (navigator.languages).
   */
  languageChosen: boolean;
  /** "This computer's name" (for example "Herning – Karen"); empty until the user gives it. */
  laptopName: string;
}

import { closeSync, constants, fstatSync, mkdirSync, openSync, readSync, renameSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { randomUUID } from 'node:crypto';
import { DEFAULT_LANGUAGE, isLanguage, languageFrom, type Language } from '../shared/format';
import { isStorableLine } from '../shared/validation';

/** The app's own preferences (not the document's): a small JSON file in the user's data folder. */
export interface AppSettings {
  language: Language;
  /** Whether the user chose the language; until then it follows the system's (and is not stored). */
  languageChosen: boolean;
  recentFiles: string[];
  lastDocument: string | null;
  /** Names this laptop in the change log. */
  deviceId: string;
  /** "This computer's name" (for example "Herning – Karen"), recorded with shared changes; '' until given. */
  laptopName: string;
  /** How many backups of each document to keep (the newest; older ones are removed). */
  backupKeep: number;
}

export const DEFAULT_BACKUP_KEEP = 10;
const BACKUP_KEEP_MAX = 1000;

const RECENT_LIMIT = 10;

/**
 * What the settings may hold, checked as they are read: the file is the app's own, but a value of
 * megabytes would go into every change-log row (the device id), the menu (recent files) or an
 * open at start (the last document). The file itself is about a kilobyte.
 */
export const SETTINGS_LIMITS = {
  fileBytes: 256 * 1024,
  /** Longer than any path a file system takes (PATH_MAX is 4,096 bytes on Linux). */
  pathLength: 4096,
  deviceIdLength: 100,
  laptopNameLength: 200,
} as const;

const isPath = (value: unknown): value is string =>
  typeof value === 'string' && value.length > 0 && value.length <= SETTINGS_LIMITS.pathLength && isStorableLine(value);

/** The file's text, or null when it is missing, not a regular file (a FIFO does not block) or too big. */
function readSettingsFile(path: string): string | null {
  let fd: number;
  try {
    fd = openSync(path, constants.O_RDONLY | constants.O_NONBLOCK);
  } catch {
    return null;
  }
  try {
    const stats = fstatSync(fd);
    if (!stats.isFile() || stats.size > SETTINGS_LIMITS.fileBytes) return null;
    const buffer = Buffer.alloc(SETTINGS_LIMITS.fileBytes + 1);
    const length = readSync(fd, buffer, 0, buffer.length, 0);
    return length > SETTINGS_LIMITS.fileBytes ? null : buffer.subarray(0, length).toString('utf8');
  } finally {
    closeSync(fd);
  }
}

function parseSettings(text: string): Partial<AppSettings> {
  const raw = JSON.parse(text) as Record<string, unknown>;
  const parsed: Partial<AppSettings> = {};
  if (isLanguage(raw.language)) parsed.language = raw.language;
  if (Array.isArray(raw.recentFiles)) parsed.recentFiles = raw.recentFiles.filter(isPath).slice(0, RECENT_LIMIT);
  if (isPath(raw.lastDocument)) parsed.lastDocument = raw.lastDocument;
  if (
    typeof raw.deviceId === 'string' &&
    raw.deviceId.length > 0 &&
    raw.deviceId.length <= SETTINGS_LIMITS.deviceIdLength &&
    isStorableLine(raw.deviceId)
  )
    parsed.deviceId = raw.deviceId;
  if (
    typeof raw.laptopName === 'string' &&
    raw.laptopName.length <= SETTINGS_LIMITS.laptopNameLength &&
    isStorableLine(raw.laptopName)
  )
    parsed.laptopName = raw.laptopName;
  if (
    typeof raw.backupKeep === 'number' &&
    Number.isInteger(raw.backupKeep) &&
    raw.backupKeep >= 1 &&
    raw.backupKeep <= BACKUP_KEEP_MAX
  ) {
    parsed.backupKeep = raw.backupKeep;
  }
  return parsed;
}

/**
 * The stored settings, read and checked as the app reads them, without making or writing the
 * file: what the command-line tools take this computer's device id and name from.
 */
export function readStoredSettings(path: string): Partial<AppSettings> {
  try {
    const text = readSettingsFile(path);
    return text === null ? {} : parseSettings(text);
  } catch {
    // A damaged (or oversized) settings file falls back to the defaults; the documents are not affected.
    return {};
  }
}

export class SettingsStore {
  private settings: AppSettings;
  private readonly listeners = new Set<(settings: AppSettings) => void>();

  /** `systemLanguages`: the system's preferred languages, most wanted first; the first the app speaks is used until the user chooses. */
  constructor(
    private readonly path: string,
    systemLanguages: readonly string[] = [],
  ) {
    const stored = readStoredSettings(path);
    this.settings = {
      language: stored.language ?? languageFrom(systemLanguages) ?? DEFAULT_LANGUAGE,
      languageChosen: stored.language !== undefined,
      recentFiles: stored.recentFiles ?? [],
      lastDocument: stored.lastDocument ?? null,
      deviceId: stored.deviceId ?? randomUUID(),
      laptopName: stored.laptopName ?? '',
      backupKeep: stored.backupKeep ?? DEFAULT_BACKUP_KEEP,
    };
    if (!stored.deviceId) this.save();
  }

  get(): AppSettings {
    return { ...this.settings, recentFiles: [...this.settings.recentFiles] };
  }

  update(change: Partial<AppSettings>): AppSettings {
    this.settings = {
      ...this.settings,
      ...change,
      languageChosen: this.settings.languageChosen || change.language !== undefined,
    };
    this.save();
    for (const listener of this.listeners) listener(this.get());
    return this.get();
  }

  /** Remembers an opened document: first in the recent list, and the one to open next start. */
  noteOpened(path: string): AppSettings {
    const recentFiles = [path, ...this.settings.recentFiles.filter((item) => item !== path)].slice(0, RECENT_LIMIT);
    return this.update({ recentFiles, lastDocument: path });
  }

  /**
   * A document the app had to close because it did not answer is not opened by itself at the
   * next start (it would hang again); it stays in the recent files, to be opened on purpose.
   */
  forgetLastDocument(path: string): void {
    if (this.settings.lastDocument === path) this.update({ lastDocument: null });
  }

  onChange(listener: (settings: AppSettings) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private save(): void {
    mkdirSync(dirname(this.path), { recursive: true });
    const temporary = `${this.path}.tmp`;
    const { language, languageChosen, ...rest } = this.settings;
    writeFileSync(temporary, JSON.stringify(languageChosen ? { language, ...rest } : rest, null, 2));
    renameSync(temporary, this.path);
  }
}

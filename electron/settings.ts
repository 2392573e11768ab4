import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { randomUUID } from 'node:crypto';
import { DEFAULT_LANGUAGE, isLanguage, type Language } from '../shared/format';

/** The app's own preferences (not the document's): a small JSON file in the user's data folder. */
export interface AppSettings {
  language: Language;
  recentFiles: string[];
  lastDocument: string | null;
  /** Names this laptop in the change log. */
  deviceId: string;
  /** How many backups of each document to keep (the newest; older ones are removed). */
  backupKeep: number;
}

export const DEFAULT_BACKUP_KEEP = 10;
const BACKUP_KEEP_MAX = 1000;

const RECENT_LIMIT = 10;

function parseSettings(text: string): Partial<AppSettings> {
  const raw = JSON.parse(text) as Record<string, unknown>;
  const parsed: Partial<AppSettings> = {};
  if (isLanguage(raw.language)) parsed.language = raw.language;
  if (Array.isArray(raw.recentFiles))
    parsed.recentFiles = raw.recentFiles.filter((item): item is string => typeof item === 'string');
  if (typeof raw.lastDocument === 'string') parsed.lastDocument = raw.lastDocument;
  if (typeof raw.deviceId === 'string' && raw.deviceId.length > 0) parsed.deviceId = raw.deviceId;
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

export class SettingsStore {
  private settings: AppSettings;
  private readonly listeners = new Set<(settings: AppSettings) => void>();

  constructor(private readonly path: string) {
    let stored: Partial<AppSettings> = {};
    try {
      if (existsSync(path)) stored = parseSettings(readFileSync(path, 'utf8'));
    } catch {
      // A damaged settings file falls back to the defaults; the documents are not affected.
    }
    this.settings = {
      language: stored.language ?? DEFAULT_LANGUAGE,
      recentFiles: stored.recentFiles ?? [],
      lastDocument: stored.lastDocument ?? null,
      deviceId: stored.deviceId ?? randomUUID(),
      backupKeep: stored.backupKeep ?? DEFAULT_BACKUP_KEEP,
    };
    if (!stored.deviceId) this.save();
  }

  get(): AppSettings {
    return { ...this.settings, recentFiles: [...this.settings.recentFiles] };
  }

  update(change: Partial<AppSettings>): AppSettings {
    this.settings = { ...this.settings, ...change };
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
    writeFileSync(temporary, JSON.stringify(this.settings, null, 2));
    renameSync(temporary, this.path);
  }
}

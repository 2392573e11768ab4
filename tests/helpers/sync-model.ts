/**
 * A model of what laptops sharing a chain have written, for the property test of merging
 * (tests/integration/sync-property.test.ts): every value each laptop's own actions put into a
 * field, and which earlier writes of that field the laptop had seen when it wrote (a write
 * replaces only what its laptop knew). From that the model says which values a laptop must still
 * keep for a field: one shown, or several kept as a conflict.
 */
import { copyFileSync } from 'node:fs';
import { join } from 'node:path';
import * as A from '@automerge/automerge';
import { expect } from 'vitest';
import type { Conflict, SyncValue } from '../../shared/contract';
import {
  conflictingValues,
  engineKeys,
  engineValue,
  plainValue,
  sqlIdOf,
  type EngineDoc,
} from '../../electron/services/sync/engine';
import { ROW, isHiddenField, parseKey } from '../../electron/services/sync/keys';
import { laptop, type Laptop } from './laptops';

export interface Write {
  id: number;
  key: string;
  value: SyncValue;
  laptop: string;
  /** The engine change that holds it. */
  hash: string;
  /** The writes of the same field its laptop had seen: those it replaced. */
  replaces: Set<number>;
}

/** The laptop's engine document (the test reads it as the app's services do). */
export function engineOf(each: Laptop): A.Doc<EngineDoc> {
  const engine = each.session.context().sync;
  if (!engine) throw new Error(`${each.name}: not shared`);
  return engine.current;
}

/** Laptops opened on copies of one document file (copying is cheap, making the demo is not). */
export async function laptopsFromFile(root: string, template: string, names: string[]): Promise<Laptop[]> {
  const laptops: Laptop[] = [];
  for (const name of names) {
    const path = join(root, `${name.replace(/[^a-z0-9]+/gi, '-')}.vanort`);
    copyFileSync(template, path);
    laptops.push(await laptop(root, name, path, false));
  }
  return laptops;
}

/** The laptop name the first history's writes are recorded under. */
const FIRST = '*first history*';

/** The first history's writes, by its change's hash. */
const firstWrites = new Map<string, Map<string, Write[]>>();

/** Whether a doc holds a change, asked once per change (a write's laptop knows all of one change or none). */
function knower(doc: A.Doc<EngineDoc>): (hash: string) => boolean {
  const answers = new Map<string, boolean>();
  return (hash) => {
    let known = answers.get(hash);
    if (known === undefined) answers.set(hash, (known = A.hasHeads(doc, [hash])));
    return known;
  };
}

export class SyncModel {
  private readonly writes = new Map<string, Write[]>();
  private nextId = 0;

  /** Starts from the first shared history the laptops share (decoded once per template). */
  constructor(first: Laptop) {
    const [change] = A.getAllChanges(engineOf(first));
    const hash = A.decodeChange(change!).hash!;
    let initial = firstWrites.get(hash);
    if (!initial) {
      this.record(FIRST, [change!], () => new Set());
      firstWrites.set(hash, (initial = new Map(this.writes)));
    }
    for (const [key, list] of initial) this.writes.set(key, [...list]);
    this.nextId = Math.max(...[...initial.values()].flatMap((list) => list.map((write) => write.id))) + 1;
  }

  /** Runs one action of a laptop's user and records every field its own changes wrote. */
  async act<T>(each: Laptop, action: () => Promise<T>): Promise<T> {
    const before = A.getHeads(engineOf(each));
    const result = await action();
    const doc = engineOf(each);
    const changes = A.getChanges(A.view(doc, before), doc);
    // What the laptop knew before: its doc now minus its own new changes.
    const own = new Set(changes.map((change) => A.decodeChange(change).hash!));
    const knows = knower(doc);
    this.record(
      each.name,
      changes,
      (key) => {
        const seen = new Set<number>();
        for (const write of this.writes.get(key) ?? []) if (!own.has(write.hash) && knows(write.hash)) seen.add(write.id);
        return seen;
      },
      (key) => plainValue(engineValue(doc, key)),
    );
    return result;
  }

  private record(
    name: string,
    changes: Uint8Array[],
    seenOf: (key: string) => Set<number>,
    shownAfter: (key: string) => SyncValue = () => null,
  ): void {
    for (const change of changes) {
      const decoded = A.decodeChange(change);
      for (const op of decoded.ops) {
        // (The root's ops are the document's first change: its id and buckets, no field.)
        if (op.obj === '_root' || typeof op.key !== 'string' || (op.action !== 'set' && op.action !== 'del')) continue;
        const parsed = parseKey(op.key);
        if (!parsed || isHiddenField(parsed.table, parsed.field)) continue;
        // Automerge writes "the shown one of a conflict" as a removal of the others: meant is that value.
        const value = op.action === 'del' ? shownAfter(op.key) : op.value;
        if (value !== null && typeof value !== 'string' && typeof value !== 'number') continue;
        const list = this.writes.get(op.key) ?? [];
        list.push({ id: this.nextId++, key: op.key, value, laptop: name, hash: decoded.hash!, replaces: seenOf(op.key) });
        this.writes.set(op.key, list);
      }
    }
  }

  /** The fields someone wrote after the first history (the ones worth checking). */
  editedKeys(): string[] {
    return [...this.writes.entries()].filter(([, list]) => list.length > 1 || list[0]!.laptop !== FIRST).map(([key]) => key);
  }

  /** The values a laptop must keep for a field: its known writes that no known write replaced. */
  kept(each: Laptop, key: string, knows = knower(engineOf(each))): SyncValue[] {
    const known = (this.writes.get(key) ?? []).filter((write) => knows(write.hash));
    const replaced = new Set(known.flatMap((write) => [...write.replaces]));
    return distinct(known.filter((write) => !replaced.has(write.id)).map((write) => write.value));
  }

  /** Every write the model holds: whether this laptop has all of them. */
  knowsAll(each: Laptop): boolean {
    const knows = knower(engineOf(each));
    return [...this.writes.values()].every((list) => list.every((write) => knows(write.hash)));
  }

  /**
   * The properties on one laptop: each edited field shows its one kept value, or, where several
   * are kept, is a conflict of exactly those values with the shown one among them; no conflict has
   * values that are all equal; the file is sound. `whole`: also every conflict the engine has is listed.
   */
  async check(each: Laptop, whole = false): Promise<void> {
    const conflicts = await each.call<Conflict[]>('sync.conflicts');
    const byKey = new Map(conflicts.map((conflict) => [conflict.key, conflict]));
    for (const conflict of conflicts) {
      expect(
        distinct(conflict.values.map((entry) => entry.value)).length,
        `${each.name}: ${conflict.key} all equal`,
      ).toBeGreaterThan(1);
      expect(conflict.values.filter((entry) => entry.shown).length, `${each.name}: ${conflict.key} shown`).toBeGreaterThan(0);
    }
    const knows = knower(engineOf(each));
    for (const key of this.editedKeys()) {
      const kept = this.kept(each, key, knows);
      const shown = shownValue(each, key);
      const conflict = byKey.get(key);
      const inEngine = conflictingValues(engineOf(each), key)?.map((entry) => plainValue(entry.value));
      const where = `${each.name}: ${key} kept ${JSON.stringify(kept)} shown ${JSON.stringify(shown)} engine ${JSON.stringify(inEngine)}`;
      if (kept.length === 0) continue;
      if (kept.length === 1) {
        expect(conflict, where).toBeUndefined();
        expect(shown, where).toEqual(kept[0]);
      } else {
        expect(conflict, where).toBeDefined();
        expect(sorted(distinct(conflict!.values.map((entry) => entry.value))), where).toEqual(sorted(kept));
        expect(kept, where).toContainEqual(shown);
        expect(
          conflict!.values.filter((entry) => entry.shown).map((entry) => entry.value),
          where,
        ).toContainEqual(shown);
      }
    }
    if (whole) {
      // The stored list is the engine's: every key the engine holds in conflict is listed.
      const doc = engineOf(each);
      const inEngine = engineKeys(doc).filter((key) => conflictingValues(doc, key) !== null);
      expect(sorted(inEngine), `${each.name}: conflicts listed`).toEqual(sorted([...byKey.keys()]));
    }
    const db = each.session.context().db;
    expect(db.pragma('integrity_check', { simple: true }), `${each.name}: integrity_check`).toBe('ok');
    expect(db.pragma('foreign_key_check'), `${each.name}: foreign_key_check`).toEqual([]);
  }
}

/** What the laptop's tables show for an engine field (a row's '*row' is whether it is removed). */
export function shownValue(each: Laptop, key: string): SyncValue | undefined {
  const db = each.session.context().db;
  const parsed = parseKey(key)!;
  const doc = engineOf(each);
  const engineId = doc[`${parsed.table}/${parsed.rowKey}/id`];
  const id = sqlIdOf(db, parsed.table, parsed.rowKey, A.isImmutableString(engineId) ? engineId.toString() : null);
  const row = id
    ? (db.prepare(`SELECT * FROM ${parsed.table} WHERE id = ?`).get(id) as Record<string, SyncValue> | undefined)
    : undefined;
  if (!row) return undefined;
  if (parsed.field === ROW) return row.deleted_at === null ? 'live' : 'removed';
  return row[parsed.field];
}

const text = (value: SyncValue | undefined): string => JSON.stringify(value ?? null);

function distinct(values: SyncValue[]): SyncValue[] {
  const seen = new Map<string, SyncValue>();
  for (const value of values) seen.set(text(value), value);
  return [...seen.values()];
}

const sorted = <T>(values: T[]): T[] => [...values].sort((a, b) => text(a as SyncValue).localeCompare(text(b as SyncValue)));

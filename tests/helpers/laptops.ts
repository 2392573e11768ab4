import { copyFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { expect } from 'vitest';
import type { Router } from '../../electron/router';
import type { ChainHistory, ChainMembers, ChainSummary, Conflict, MergePreview } from '../../shared/contract';
import type { DocumentSession } from '../../electron/document-session';
import { routerFor } from './documents';

/**
 * Laptops sharing one chain document, each with its own settings (device id, laptop name) and
 * its own copy of the file: what the sharing tests start from.
 */
export interface Laptop {
  name: string;
  path: string;
  router: Router;
  session: DocumentSession;
  /** A call that must succeed: its value. */
  call<T = unknown>(method: string, input?: unknown): Promise<T>;
  /** A call's whole Result (for refusals). */
  result(method: string, input?: unknown): Promise<{ ok: boolean; value?: unknown; error?: { code: string; message: string } }>;
}

export async function laptop(root: string, name: string, path: string, create: boolean): Promise<Laptop> {
  const dir = join(root, name.replace(/[^a-z0-9]+/gi, '-'));
  mkdirSync(dir, { recursive: true });
  const { router, session, settings } = await routerFor(dir, path, create);
  settings.update({ laptopName: name });
  const result = (method: string, input: unknown = {}) => router.call(method as never, input as never) as never;
  return {
    name,
    path,
    router,
    session,
    result,
    async call<T>(method: string, input: unknown = {}): Promise<T> {
      const answer = (await router.call(method as never, input as never)) as { ok: boolean; value?: T; error?: unknown };
      if (!answer.ok) throw new Error(`${name}: ${method} refused: ${JSON.stringify(answer.error)}`);
      return answer.value as T;
    },
  };
}

/** Where laptopsWithDemo keeps a laptop's copy of the document. */
export const pathOf = (root: string, name: string): string => join(root, `${name.replace(/[^a-z0-9]+/gi, '-')}.vanort`);

/** The demo on `names.length` laptops: made once, copied (as a file sent by e-mail is), opened on each. */
export async function laptopsWithDemo(root: string, names: string[], share = true): Promise<Laptop[]> {
  const first = await laptop(root, names[0]!, pathOf(root, names[0]!), true);
  first.session.close();
  const laptops: Laptop[] = [];
  for (const [index, name] of names.entries()) {
    const path = pathOf(root, name);
    if (index > 0) copyFileSync(first.path, path);
    laptops.push(index === 0 ? await laptop(root, name, path, false) : await laptop(root, name, path, false));
  }
  if (share) for (const each of laptops) await each.call('sync.enable');
  return laptops;
}

/** Sends A's changes to B (an exchange file) and merges them there: B's merge answer. */
export async function exchange(from: Laptop, to: Laptop, all = false) {
  const file = await from.call<{ fileName: string; contentBase64: string }>('sync.send', { all });
  return to.call<{ changed: number; conflicts: number }>('sync.merge', {
    fileName: file.fileName,
    contentBase64: file.contentBase64,
  });
}

/**
 * Sends A's changes to B as a person would: when B's preview says the file leaves out changes B
 * lacks too (missingEarlier), A is asked for a file with all changes. B's merge answer, and
 * whether it had to ask.
 */
export async function exchangeAsAsked(from: Laptop, to: Laptop) {
  let file = await changesFile(from);
  const asked = (await to.call<MergePreview>('sync.preview', file)).missingEarlier;
  if (asked) file = await changesFile(from, true);
  return { ...(await to.call<{ changed: number; conflicts: number }>('sync.merge', file)), asked };
}

/** Every table of the document as rows (ids included, timestamps left out), for comparing copies. */
export function tablesOf(laptop: Laptop): Record<string, unknown[]> {
  const db = laptop.session.context().db;
  const tables = db
    .prepare(
      `SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name NOT LIKE 'sync_%' AND name NOT IN ('change_log', 'document_property')`,
    )
    .pluck()
    .all() as string[];
  const out: Record<string, unknown[]> = {};
  for (const table of tables.sort()) {
    const rows = db.prepare(`SELECT * FROM ${table} ORDER BY id`).all() as Record<string, unknown>[];
    out[table] = rows.map(({ created_at: _c, updated_at: _u, deleted_at, ...rest }) => ({
      ...rest,
      removed: deleted_at !== null,
    }));
  }
  return out;
}

export function expectSameTables(laptops: Laptop[]): void {
  const [first, ...others] = laptops;
  for (const other of others) expect(tablesOf(other), `${other.name} vs ${first!.name}`).toEqual(tablesOf(first!));
}

/** A laptop's conflicts as keys and value sets (value and laptop name), for comparing laptops. */
export async function conflictSummary(laptop: Laptop): Promise<Array<{ key: string; field: string; values: string[] }>> {
  const conflicts = await laptop.call<Conflict[]>('sync.conflicts');
  return conflicts.map((conflict) => ({
    key: conflict.key,
    field: conflict.field,
    values: conflict.values.map((value) => `${JSON.stringify(value.value)} by ${value.author.laptop}`).sort(),
  }));
}

/** The same tables and the same conflicts on every laptop. */
export async function expectConverged(laptops: Laptop[]): Promise<void> {
  expectSameTables(laptops);
  const [first, ...others] = laptops;
  const expected = await conflictSummary(first!);
  for (const other of others) expect(await conflictSummary(other), `${other.name}'s conflicts`).toEqual(expected);
}

/** An exchange file of a laptop's changes, as the window sends it to sync.preview and sync.merge. */
export async function changesFile(from: Laptop, all = false): Promise<{ fileName: string; contentBase64: string }> {
  const { fileName, contentBase64 } = await from.call<{ fileName: string; contentBase64: string }>('sync.send', { all });
  return { fileName, contentBase64 };
}

/** The ids the demo's tests edit: its first chain, its members (in a year), a place by name. */
export async function demoIds(laptop: Laptop, year = 2013) {
  const chains = await laptop.call<ChainSummary[]>('chains.list');
  const chainId = chains[0]!.id;
  const members = await laptop.call<ChainMembers>('members.list', { chainId, year });
  const place = (name: string) => members.members.find((member) => member.name === name)!;
  const history = await laptop.call<ChainHistory>('chains.history', { chainId });
  return { chainId, members, place, meetings: history.meetings };
}

/** A meeting as meetings.add and meetings.update take it. */
export const meetingInput = (year: number, hostPlaceId: string | null, location: string | null = null) => ({
  year,
  hostPlaceId,
  kind: 'annual_meeting',
  startDate: null,
  endDate: null,
  location,
  note: null,
});

import * as A from '@automerge/automerge';
import { EXCHANGE_MAX_BYTES, type Author } from '../../../shared/contract';
import { ServiceError } from '../context';
import { readMessage } from './engine';

/**
 * The exchange file (NAME.vanort-changes): a line naming the format, a line of JSON saying whose
 * document and whose changes it holds, then the engine's changes, each prefixed by its length.
 * It is untrusted input: bounded in size, every part checked before anything is written.
 */

export { EXCHANGE_EXTENSION } from '../../../shared/contract';
const MAGIC = 'VANORT-CHANGES';
/**
 * The format this version writes and reads; a higher one is a newer app's. Format 1 was written
 * by the versions whose engine held one flat map (no buckets, keys.ts): its changes do not apply
 * to a document of buckets, so such a file is refused, and its sender sends again once updated.
 */
export const EXCHANGE_FORMAT = 2;
const HEADER_MAX = 16 * 1024;
/** More changes than any real document makes in a year of edits; a "bomb" stops here. */
const CHANGES_MAX = 200_000;

export interface ExchangeHeader {
  format: number;
  documentId: string;
  /** The laptop that wrote the file. */
  from: Author;
  written: string;
  /** Everything (true), or the changes the recipients may lack. */
  all: boolean;
  /**
   * What a file that is not `all` builds on: the heads each known laptop held. A recipient that
   * holds none of them may lack earlier changes (the file leaves out those they hold).
   */
  base?: string[][];
}

export interface Incoming {
  documentId: string;
  from: Author | null;
  changes: Uint8Array[];
  /** See ExchangeHeader.base; [] when the file holds everything (a copy does). */
  base: string[][];
}

/** At most this many heads in a header's base (a chain has a few laptops, each a few heads). */
const BASE_HEADS_MAX = 1000;
const isHash = (value: unknown): value is string => typeof value === 'string' && /^[0-9a-f]{64}$/.test(value);

/** A header's base, checked: a list of lists of change hashes, bounded; else the file is damaged. */
function readBase(base: unknown): string[][] {
  if (base === undefined) return [];
  if (
    !Array.isArray(base) ||
    base.length > BASE_HEADS_MAX ||
    !base.every((heads): heads is string[] => Array.isArray(heads) && heads.length <= BASE_HEADS_MAX && heads.every(isHash)) ||
    base.reduce((sum: number, heads: string[]) => sum + heads.length, 0) > BASE_HEADS_MAX
  )
    throw refused('errors.exchangeDamaged', 'base');
  return base;
}

/** An exchange file or copy refused with a plain message (an errors.* key); nothing is written. */
export function refused(message: string, detail: string): ServiceError {
  return new ServiceError({ code: 'exchange_refused', message, detail });
}

export function encodeExchange(header: Omit<ExchangeHeader, 'format'>, changes: Uint8Array[]): Buffer {
  const parts: Buffer[] = [
    Buffer.from(`${MAGIC} ${EXCHANGE_FORMAT}\n${JSON.stringify({ format: EXCHANGE_FORMAT, ...header })}\n`),
  ];
  for (const change of changes) {
    const length = Buffer.alloc(4);
    length.writeUInt32BE(change.length);
    parts.push(length, Buffer.from(change));
  }
  return Buffer.concat(parts);
}

export function isExchangeFile(bytes: Uint8Array): boolean {
  return Buffer.from(bytes.subarray(0, MAGIC.length)).toString('latin1') === MAGIC;
}

/** Reads an exchange file, or refuses it: too large, damaged, from a newer version. */
export function decodeExchange(bytes: Uint8Array): Incoming {
  if (bytes.length > EXCHANGE_MAX_BYTES) throw refused('errors.exchangeTooLarge', `${bytes.length} bytes`);
  const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length);
  const firstLine = buffer.indexOf(0x0a);
  const secondLine = firstLine < 0 ? -1 : buffer.indexOf(0x0a, firstLine + 1);
  if (!isExchangeFile(bytes) || firstLine < 0 || secondLine < 0 || secondLine > HEADER_MAX)
    throw refused('errors.exchangeDamaged', 'no header');
  const format = Number(buffer.subarray(MAGIC.length + 1, firstLine).toString('latin1'));
  if (!Number.isInteger(format) || format < 1) throw refused('errors.exchangeDamaged', 'format');
  if (format > EXCHANGE_FORMAT) throw refused('errors.exchangeNewer', `format ${format}`);
  if (format < EXCHANGE_FORMAT) throw refused('errors.exchangeOlder', `format ${format}`);
  let header: Partial<ExchangeHeader>;
  try {
    header = JSON.parse(buffer.subarray(firstLine + 1, secondLine).toString('utf8')) as Partial<ExchangeHeader>;
  } catch {
    throw refused('errors.exchangeDamaged', 'header');
  }
  if (typeof header.documentId !== 'string' || header.documentId.length > 100)
    throw refused('errors.exchangeDamaged', 'document id');
  const changes: Uint8Array[] = [];
  let at = secondLine + 1;
  while (at < buffer.length) {
    if (at + 4 > buffer.length) throw refused('errors.exchangeDamaged', 'truncated');
    const length = buffer.readUInt32BE(at);
    at += 4;
    if (length === 0 || at + length > buffer.length) throw refused('errors.exchangeDamaged', 'truncated');
    if (changes.length >= CHANGES_MAX) throw refused('errors.exchangeTooLarge', 'changes');
    changes.push(new Uint8Array(buffer.subarray(at, at + length)));
    at += length;
  }
  checkChanges(changes);
  const base = readBase(header.base);
  return { documentId: header.documentId, from: header.from ? readMessage(JSON.stringify(header.from)) : null, changes, base };
}

/** Every change decodes (Automerge checks its checksum and structure); else the file is damaged. */
export function checkChanges(changes: Uint8Array[]): void {
  for (const change of changes) {
    try {
      A.decodeChange(change);
    } catch {
      throw refused('errors.exchangeDamaged', 'change');
    }
  }
}

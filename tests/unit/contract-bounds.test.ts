/**
 * Every text and list the API accepts has a maximum length, so a call cannot hand a service a
 * value of megabytes (a name of 100 MB once made a chain's history take 7 s and 2 GB). The window,
 * the browser host and the fuzz tests all go through these schemas (electron/router.ts).
 */
import type { z } from 'zod';
import { describe, expect, it } from 'vitest';
import { contract } from '../../shared/contract';

/** What a schema is made of, as zod 4 describes it. */
interface Described {
  _zod: { def: Record<string, unknown> & { type: string; checks?: Array<{ _zod: { def: { check: string } } }> } };
  maxLength?: number | null;
}

const WRAPPERS = ['optional', 'nullable', 'default', 'prefault', 'readonly', 'catch', 'nonoptional'];
const BOUNDED = ['number', 'boolean', 'literal', 'enum', 'null', 'undefined', 'int', 'bigint'];
// A format of a fixed length (z.uuid()): its pattern bounds it.
const FIXED_FORMATS = ['uuid', 'guid'];

/** The paths inside a schema where a text or a list has no maximum length (or where it cannot be told). */
function unbounded(schema: unknown, path: string): string[] {
  const { def } = (schema as Described)._zod;
  if (BOUNDED.includes(def.type)) return [];
  if (WRAPPERS.includes(def.type)) return unbounded(def.innerType, path);
  if (def.type === 'pipe') return unbounded(def.in, path);
  if (def.type === 'string') {
    const fixed = typeof def.format === 'string' && FIXED_FORMATS.includes(def.format);
    return fixed || typeof (schema as Described).maxLength === 'number' ? [] : [path];
  }
  if (def.type === 'array') {
    const max = def.checks?.some((check) => check._zod.def.check === 'max_length');
    return [...(max ? [] : [path]), ...unbounded(def.element, `${path}[]`)];
  }
  if (def.type === 'object')
    return Object.entries(def.shape as Record<string, z.ZodType>).flatMap(([key, value]) => unbounded(value, `${path}.${key}`));
  if (def.type === 'union') return (def.options as z.ZodType[]).flatMap((option, index) => unbounded(option, `${path}|${index}`));
  return [`${path} (${def.type}: not known to be bounded)`];
}

describe('the API contract', () => {
  it('bounds the length of every text and list a method accepts', () => {
    const found = Object.entries(contract).flatMap(([method, definition]) => unbounded(definition.input, method));
    expect(found).toEqual([]);
  });

  it('the walk itself sees an unbounded text and list', async () => {
    const { z } = await import('zod');
    expect(unbounded(z.object({ a: z.string(), b: z.array(z.string().max(5)).optional() }), 'm')).toEqual(['m.a', 'm.b']);
    expect(unbounded(z.object({ a: z.string().max(5), b: z.uuid(), c: z.array(z.number()).max(3) }), 'm')).toEqual([]);
  });
});

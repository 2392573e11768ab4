import { z } from 'zod';
import { idSchema, isStorableNote, noteSchema, yearSchema } from '../validation';
import { edit, query } from './method';
import type { FactAlternative } from './types';

/** Facts the sources disagree on (the year a member joined), and the source and note of a record. */
export const factMethods = {
  'facts.alternatives': query<FactAlternative[]>()(
    z.object({ table: z.literal('membership'), rowId: idSchema, field: z.literal('joined_year') }).strict(),
  ),
  'facts.add': edit()(
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
  'facts.show': edit()(z.object({ alternativeId: idSchema }).strict()),
  /** The source and note of a fact's record: a membership, a member count, a meeting, a place. */
  'facts.setSourceNote': edit()(
    z
      .object({
        table: z.enum(['membership', 'member_count', 'meeting', 'place'], { error: 'validation.invalid' }),
        rowId: idSchema,
        source: noteSchema.nullable(),
        note: noteSchema.nullable(),
      })
      .strict(),
  ),
} as const;

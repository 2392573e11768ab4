import { z } from 'zod';
import { idSchema, nameSchema } from '../validation';
import { edit, empty, query, type EditAnswer } from './method';
import type { ChainHistory, ChainSummary, CountSeries } from './types';

/** The document's chains: the list, a new one, a chain's meeting cadence, its history and its counts over time. */
export const chainMethods = {
  'chains.list': query<ChainSummary[]>()(empty),
  'chains.setCadence': edit()(
    z
      .object({
        chainId: idSchema,
        meetingCadenceYears: z.number().int().min(1, { error: 'validation.cadence' }).max(10, { error: 'validation.cadence' }),
      })
      .strict(),
  ),
  /**
   * A chain's history; with untilYear, as it stood at the end of that year (the yearly report):
   * nothing dated later, and the next host as the rotation gave it after that year.
   */
  'chains.history': query<ChainHistory>()(
    z.object({ chainId: idSchema, untilYear: z.number().int().min(0).max(9999).optional() }).strict(),
  ),
  'chains.countSeries': query<CountSeries>()(z.object({ chainId: idSchema }).strict()),
  /** "New chain…": another chain in the open document (one undo step); a name it has already is refused. */
  'chains.create': edit<EditAnswer & { chainId: string }>()(z.object({ name: nameSchema }).strict()),
} as const;

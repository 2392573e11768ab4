import { z } from 'zod';
import { idSchema } from '../validation';
import { empty, method } from './method';
import type { ChainHistory, ChainSummary, CountSeries, UndoState } from './types';

/** The document's chains: the list, a chain's meeting cadence, its history and its counts over time. */
export const chainMethods = {
  'chains.list': method<ChainSummary[]>()(empty),
  'chains.setCadence': method<UndoState>()(
    z
      .object({
        chainId: idSchema,
        meetingCadenceYears: z.number().int().min(1, { error: 'validation.cadence' }).max(10, { error: 'validation.cadence' }),
      })
      .strict(),
  ),
  'chains.history': method<ChainHistory>()(z.object({ chainId: idSchema }).strict()),
  'chains.countSeries': method<CountSeries>()(z.object({ chainId: idSchema }).strict()),
} as const;

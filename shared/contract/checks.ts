import { z } from 'zod';
import type { FactWarning } from '../checks/warnings';
import { idSchema } from '../validation';
import { query } from './method';

/** Facts kept although they contradict each other: the chain's "Att granska / To check" list. */
export const checkMethods = {
  'checks.list': query<FactWarning[]>()(z.object({ chainId: idSchema }).strict()),
} as const;

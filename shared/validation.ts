import { z } from 'zod';

import { YEAR_MIN, maxYear } from './years';

export { YEAR_MIN, maxYear };

// Messages are i18n keys; the UI translates them at the field.
export const yearSchema = z
  .number({ error: 'validation.yearNotNumber' })
  .int({ error: 'validation.yearNotNumber' })
  .min(YEAR_MIN, { error: 'validation.yearRange' })
  .refine((year) => year <= maxYear(), { error: 'validation.yearRange' });

export const memberCountSchema = z
  .number({ error: 'validation.countNotNumber' })
  .int({ error: 'validation.countNotNumber' })
  .min(0, { error: 'validation.countNegative' })
  .max(10_000_000, { error: 'validation.countTooLarge' })
  .nullable();

export const nameSchema = z
  .string({ error: 'validation.nameEmpty' })
  .trim()
  .min(1, { error: 'validation.nameEmpty' })
  .max(200, { error: 'validation.nameTooLong' });

export const idSchema = z.uuid({ error: 'validation.badId' });

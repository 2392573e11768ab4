import { z } from 'zod';

import { YEAR_MIN, maxYear } from './years';
import { isAreaCode } from './areas';

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

export const latitudeSchema = z
  .number({ error: 'validation.coordinate' })
  .min(-90, { error: 'validation.coordinate' })
  .max(90, { error: 'validation.coordinate' });
export const longitudeSchema = z
  .number({ error: 'validation.coordinate' })
  .min(-180, { error: 'validation.coordinate' })
  .max(180, { error: 'validation.coordinate' });

/** A calendar date, YYYY-MM-DD, that exists. */
export const dateSchema = z
  .string({ error: 'validation.date' })
  .regex(/^\d{4}-\d{2}-\d{2}$/, { error: 'validation.date' })
  .refine((text) => {
    const date = new Date(`${text}T00:00:00Z`);
    return !Number.isNaN(date.getTime()) && date.toISOString().startsWith(text);
  }, { error: 'validation.date' });

export const noteSchema = z.string({ error: 'validation.invalid' }).trim().max(2000, { error: 'validation.textTooLong' });

export const meetingSchema = z
  .object({
    year: yearSchema,
    hostPlaceId: idSchema.nullable(),
    kind: z.enum(['annual_meeting', 'board_seminar', 'other'], { error: 'validation.invalid' }),
    startDate: dateSchema.nullable(),
    endDate: dateSchema.nullable(),
    location: noteSchema.nullable(),
    note: noteSchema.nullable(),
  })
  .strict();

export const PLACE_KINDS = ['municipality', 'town', 'settlement', 'region', 'minority_community'] as const;

/** A new member's place: from the gazetteer (with its GeoNames id) or a pin put on the map. */
export const placeInputSchema = z
  .object({
    name: nameSchema,
    areaCode: z.string({ error: 'validation.areaCode' }).refine(isAreaCode, { error: 'validation.areaCode' }),
    latitude: latitudeSchema,
    longitude: longitudeSchema,
    kind: z.enum(PLACE_KINDS, { error: 'validation.invalid' }).default('municipality'),
    geonameId: z.number().int().positive().optional(),
  })
  .strict();

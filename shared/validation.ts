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

/**
 * Text a person typed or pasted is stored and read back exactly, whatever it holds (markup,
 * right-to-left marks, emoji, formula-like text), except what cannot be kept as text: control
 * characters such as NUL (SQLite's functions stop at a NUL, XLSX drops them, CSV readers choke)
 * and halves of surrogate pairs (UTF-8 cannot hold them: they would come back as U+FFFD).
 * Notes may hold line breaks and tabs; names and titles are one line.
 */
// eslint-disable-next-line no-control-regex -- control characters are exactly what these refuse
const CONTROL_IN_LINE = /[\u0000-\u001F\u007F]/;
// eslint-disable-next-line no-control-regex -- as above, less tab and line breaks
const CONTROL_IN_NOTE = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/;
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
export const isStorableLine = (text: string): boolean => !CONTROL_IN_LINE.test(text) && !LONE_SURROGATE.test(text);
export const isStorableNote = (text: string): boolean => !CONTROL_IN_NOTE.test(text) && !LONE_SURROGATE.test(text);

export const nameSchema = z
  .string({ error: 'validation.nameEmpty' })
  .trim()
  .min(1, { error: 'validation.nameEmpty' })
  .max(200, { error: 'validation.nameTooLong' })
  .refine(isStorableLine, { error: 'validation.textControl' });

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
/** A real day (2015-02-30 is none), as YYYY-MM-DD. */
const isDay = (text: string) => {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(text)) return false;
  const date = new Date(`${text}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().startsWith(text);
};
const inYearRange = (text: string) => Number(text.slice(0, 4)) >= YEAR_MIN && Number(text.slice(0, 4)) <= maxYear();

/**
 * A date given as the forms take it: the format first (its message names the forms the field
 * takes), then the years the app knows (dateRange), so that 2030-01-01 is told it is too late.
 */
const datedSchema = (message: string, valid: (text: string) => boolean) =>
  z
    .string({ error: message })
    .max(10, { error: message })
    .refine(valid, { error: message, abort: true })
    .refine(inYearRange, { error: 'validation.dateRange' });

/** A day: a meeting's start and end. */
export const dateSchema = datedSchema('validation.date', isDay);

export const noteSchema = z
  .string({ error: 'validation.invalid' })
  .trim()
  .max(2000, { error: 'validation.textTooLong' })
  .refine(isStorableNote, { error: 'validation.textControl' });

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

/** An event's date: a year (2015) or a day (2015-03-10). */
export const yearOrDateSchema = datedSchema('validation.yearOrDate', (text) => /^\d{4}$/.test(text) || isDay(text));
/**
 * An agreement's date as the papers give it: a year (2015), a year and month (2015-03) or a day
 * (2015-03-10). An event's date takes a year or a day; a month alone is rarely all one knows of it.
 */
export const partialDateSchema = datedSchema(
  'validation.partialDate',
  (text) => /^\d{4}$/.test(text) || /^\d{4}-(0[1-9]|1[0-2])$/.test(text) || isDay(text),
);
const titleSchema = z
  .string({ error: 'validation.titleEmpty' })
  .trim()
  .min(1, { error: 'validation.titleEmpty' })
  .max(300, { error: 'validation.textTooLong' })
  .refine(isStorableLine, { error: 'validation.textControl' });
const optionalText = noteSchema.nullable();

export const CURRENCIES = ['SEK', 'DKK', 'NOK', 'ISK', 'EUR'] as const;
export const FIELDS_OF_COOPERATION = [
  'culture',
  'school_education',
  'business_employment',
  'democracy_equality',
  'leisure_sport',
  'tourism',
  'environment_climate',
  'other',
] as const;
export const AGREEMENT_KINDS = ['municipalities', 'branches', 'branch_and_municipality', 'other'] as const;
export const AGREEMENT_STATUSES = ['none_found', 'active', 'dormant', 'ended'] as const;

/** Records of a chain's history that people add and remove in the timeline. */
export const historyRecordSchema = z.discriminatedUnion('kind', [
  z
    .object({
      kind: z.literal('grant'),
      placeId: idSchema,
      year: yearSchema,
      // null: a grant of unknown sum, never zero
      amount: z
        .number({ error: 'validation.amount' })
        .min(0, { error: 'validation.amount' })
        .max(1e12, { error: 'validation.amount' })
        .nullable(),
      currency: z.enum(CURRENCIES, { error: 'validation.invalid' }),
      status: z.enum(['granted', 'proposed'], { error: 'validation.invalid' }),
      grantor: optionalText,
      note: optionalText,
      source: optionalText.default(null),
    })
    .strict(),
  z
    .object({
      kind: z.literal('event'),
      date: yearOrDateSchema,
      title: titleSchema,
      body: optionalText,
      reference: optionalText,
      description: optionalText,
      placeId: idSchema.nullable(),
      source: optionalText.default(null),
    })
    .strict(),
  z
    .object({
      kind: z.literal('activity'),
      year: yearSchema,
      title: titleSchema,
      field: z.enum(FIELDS_OF_COOPERATION, { error: 'validation.invalid' }),
      placeIds: z.array(idSchema).max(50),
      description: optionalText,
      source: optionalText.default(null),
    })
    .strict(),
  z
    .object({
      kind: z.literal('agreement'),
      title: titleSchema,
      agreementKind: z.enum(AGREEMENT_KINDS, { error: 'validation.invalid' }),
      status: z.enum(AGREEMENT_STATUSES, { error: 'validation.invalid' }),
      partyPlaceIds: z.array(idSchema).max(50),
      startDate: partialDateSchema.nullable(),
      endDate: partialDateSchema.nullable(),
      note: optionalText,
      source: optionalText.default(null),
    })
    .strict(),
]);

/** A record as the data side stores it and gives it back for editing (defaults applied). */
export type HistoryRecord = z.output<typeof historyRecordSchema>;
export const RECORD_KINDS = ['grant', 'event', 'activity', 'agreement'] as const;
/** The places an activity takes part in or an agreement is between (other records name none or one). */
export const linkedPlaceIds = (record: HistoryRecord): string[] =>
  record.kind === 'activity' ? record.placeIds : record.kind === 'agreement' ? record.partyPlaceIds : [];
export type RecordKind = (typeof RECORD_KINDS)[number];

export const PLACE_KINDS = ['municipality', 'town', 'settlement', 'region', 'minority_community'] as const;

/** A new member's place: from the gazetteer (with its GeoNames id) or a pin put on the map. */
export const placeInputSchema = z
  .object({
    name: nameSchema,
    areaCode: z
      .string({ error: 'validation.areaCode' })
      .max(6, { error: 'validation.areaCode' })
      .refine(isAreaCode, { error: 'validation.areaCode' }),
    latitude: latitudeSchema,
    longitude: longitudeSchema,
    kind: z.enum(PLACE_KINDS, { error: 'validation.invalid' }).default('municipality'),
    geonameId: z.number().int().positive().optional(),
  })
  .strict();

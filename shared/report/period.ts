import type { TimelineEntry } from '../contract';

/** The years a report covers: one year (from = to), or a range between two seminars. */
export interface ReportPeriod {
  from: number;
  to: number;
}

export function reportPeriod(year: number, from: number | null): ReportPeriod {
  return { from: from ?? year, to: year };
}

/** The entries dated in the period (an entry of unknown date is in none). */
export function entriesDuring<T extends Pick<TimelineEntry, 'year' | 'date'>>(entries: readonly T[], period: ReportPeriod): T[] {
  return entries.filter((entry) => entry.date !== '' && entry.year >= period.from && entry.year <= period.to);
}

export interface GrantTotal {
  currency: string;
  /** The sum of the granted amounts that are known. */
  sum: number;
  /** How many granted amounts the sum holds. */
  counted: number;
  /** Granted, of unknown sum: counted apart, never added as 0. */
  unknown: number;
}

/**
 * The grants' totals per currency (never added across currencies). Only granted grants count: a
 * proposed one is not money yet. A currency whose grants are all of unknown sum still gets a line.
 */
export function grantTotals(grants: ReadonlyArray<Pick<TimelineEntry, 'amount' | 'currency' | 'status'>>): GrantTotal[] {
  const totals = new Map<string, GrantTotal>();
  for (const grant of grants) {
    if (grant.status === 'proposed') continue;
    const currency = grant.currency ?? '';
    const total = totals.get(currency) ?? { currency, sum: 0, counted: 0, unknown: 0 };
    if (grant.amount === null) total.unknown += 1;
    else {
      total.sum += grant.amount;
      total.counted += 1;
    }
    totals.set(currency, total);
  }
  return [...totals.values()].sort((a, b) => a.currency.localeCompare(b.currency));
}

/** The period as a title and a file name say it: "2013", or "2007–2014". */
export function periodLabel(period: ReportPeriod): string {
  return period.from === period.to ? String(period.to) : `${period.from}–${period.to}`;
}

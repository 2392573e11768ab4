import { describe, expect, it } from 'vitest';
import { entriesDuring, grantTotals, periodLabel, reportPeriod } from '../../shared/report/period';
import { parseReportHash, reportHash, reportPageCss } from '../../shared/report/params';

describe('the period a report covers', () => {
  it('is the one year, or the range from–year', () => {
    expect(reportPeriod(2013, null)).toEqual({ from: 2013, to: 2013 });
    expect(reportPeriod(2014, 2007)).toEqual({ from: 2007, to: 2014 });
    expect(periodLabel(reportPeriod(2013, null))).toBe('2013');
    expect(periodLabel(reportPeriod(2014, 2007))).toBe('2007–2014');
  });

  it('holds the entries dated in it, and none of unknown date', () => {
    const entries = [
      { year: 2012, date: '2012' },
      { year: 2013, date: '2013-05-01' },
      { year: 2014, date: '2014' },
      { year: 0, date: '' },
    ];
    expect(entriesDuring(entries, reportPeriod(2013, null))).toEqual([{ year: 2013, date: '2013-05-01' }]);
    expect(entriesDuring(entries, reportPeriod(2014, 2012)).map((entry) => entry.year)).toEqual([2012, 2013, 2014]);
  });

  it('round-trips through the route; a range whose start is not before its end is one year', () => {
    const hash = reportHash({ chainId: 'c 1', year: 2014, from: 2007, checks: true, language: 'fi' });
    expect(parseReportHash(hash)).toEqual({ chainId: 'c 1', year: 2014, from: 2007, checks: true, language: 'fi' });
    expect(parseReportHash(reportHash({ chainId: 'c', year: 2013, language: 'sv' }))?.checks).toBe(false);
    expect(parseReportHash(reportHash({ chainId: 'c', year: 2013, language: 'sv' }))?.from).toBeNull();
    expect(parseReportHash('#/report?chain=c&year=2013&from=2013&lang=sv')?.from).toBeNull();
    expect(parseReportHash('#/report?chain=c&year=2013&from=2020&lang=sv')?.from).toBeNull();
  });
});

describe("the grants' totals", () => {
  it('sums each currency apart, counts unknown sums apart, and leaves proposed grants out', () => {
    expect(
      grantTotals([
        { amount: 16_800, currency: 'DKK', status: 'granted' },
        { amount: 35_000, currency: 'DKK', status: 'granted' },
        { amount: null, currency: 'EUR', status: 'granted' },
        { amount: null, currency: 'DKK', status: 'granted' },
        { amount: 15_000, currency: 'SEK', status: 'proposed' },
      ]),
    ).toEqual([
      { currency: 'DKK', sum: 51_800, counted: 2, unknown: 1 },
      { currency: 'EUR', sum: 0, counted: 0, unknown: 1 },
    ]);
  });
});

describe("the printed page's footer", () => {
  it('is CSS margin boxes with the page counters, and a hostile name cannot end its string', () => {
    const css = reportPageCss('a"b\\c\n}.x{', '3 december 2026', 'Sida', 'av');
    expect(css).toContain('@bottom-right { content: "Sida " counter(page) " av " counter(pages);');
    expect(css).toContain('content: "a\\"b\\\\c }.x{";');
    // One rule: the braces balance and nothing of the name escapes its string.
    const outside = css.replace(/"(?:\\.|[^"\\])*"/g, '""');
    expect(outside).not.toContain('.x');
    expect([...outside].filter((c) => c === '{').length).toBe([...outside].filter((c) => c === '}').length);
  });
});

import { describe, expect, it } from 'vitest';
import { contentDisposition } from '../../electron/transport/web-host';
import { attachmentName } from '../../renderer/src/api/host-export';

describe("a download's file name", () => {
  it('goes from the host to the page whole: å ä ö, quotes, percent signs and apostrophes', () => {
    for (const name of ['Vänersborgs nordiska vänortskedja.csv', 'Siglufjörður "100%".xlsx', "O'Brien (Eiði)*.geojson"])
      expect(attachmentName(contentDisposition(name), 'export.csv')).toBe(name);
  });

  it('has an ASCII filename beside filename* for browsers that read only that', () => {
    expect(contentDisposition('Kedja "ö".csv')).toBe(
      `attachment; filename="Kedja _o_.csv"; filename*=UTF-8''Kedja%20%22%C3%B6%22.csv`,
    );
    expect(attachmentName('attachment; filename="plain.csv"', 'export.csv')).toBe('plain.csv');
    expect(attachmentName(null, 'export.csv')).toBe('export.csv');
    expect(attachmentName("attachment; filename*=UTF-8''%E0%A4", 'export.csv')).toBe('export.csv');
  });
});

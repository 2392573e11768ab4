import { readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import type { ChainMembers, ChainSummary } from '../../shared/contract';
import type { ImportFilePreview, PreviewRow } from '../../shared/importing/preview';
import { createI18n } from '../../shared/i18n';
import { routerFor } from '../helpers/documents';
import { useTempDir } from '../helpers/files';

const tempDir = useTempDir();
const SHEETS = resolve(dirname(fileURLToPath(import.meta.url)), '../fixtures/sheets');
// Pasadena;USA (California, Texas and Maryland have one), Bergen;Tyskland (five), and rows of one
// place each: Lund from the gazetteer, Bergen (Norway) and Herning from the demo document.
const FILE = {
  fileName: 'choose-pasadena.csv',
  contentBase64: readFileSync(join(SHEETS, 'choose-pasadena.csv')).toString('base64'),
};
const PASADENA_ROW = 2;
const GERMAN_BERGEN_ROW = 3;
const LUND_ROW = 4;

/** Great-circle distance in km. */
function distanceKm(a: { latitude: number; longitude: number }, b: { latitude: number; longitude: number }): number {
  const rad = Math.PI / 180;
  const dLat = (b.latitude - a.latitude) * rad;
  const dLon = (b.longitude - a.longitude) * rad;
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(a.latitude * rad) * Math.cos(b.latitude * rad) * Math.sin(dLon / 2) ** 2;
  return 2 * 6371 * Math.asin(Math.sqrt(h));
}

async function demoRouter() {
  const dir = tempDir();
  const { router, session } = await routerFor(dir, join(dir, 'demo.vanort'));
  const chains = (await router.call('chains.list', {})) as { ok: true; value: ChainSummary[] };
  const chainId = chains.value.find((chain) => chain.name === 'Vänersborg–Lich')!.id;
  return { router, session, chainId };
}

const rowOf = (preview: ImportFilePreview, rowNumber: number): PreviewRow =>
  preview.rows.find((row) => row.rowNumber === rowNumber)!;

describe('same-named places in one country: the row asks the user to choose', () => {
  it('lists the candidates with region and population, and a choice settles the row', async () => {
    const { router, session } = await demoRouter();
    const asked = await router.call('import.preview', FILE);
    expect(asked.ok).toBe(true);
    const preview = (asked as { ok: true; value: ImportFilePreview }).value;

    const pasadena = rowOf(preview, PASADENA_ROW);
    expect(pasadena.place).toBeNull();
    expect(pasadena.problems).toEqual([{ field: 'place', message: 'validation.placeAmbiguous' }]);
    // Most populous first; each named as the gazetteer names it, with its GeoNames admin1 code.
    expect(pasadena.candidates!.map(({ name, areaCode, region, population }) => [name, areaCode, region, population])).toEqual([
      ['Pasadena', 'US', 'TX', 153_784],
      ['Pasadena', 'US', 'CA', 142_250],
      ['Pasadena', 'US', 'MD', 24_287],
    ]);
    // Five places are called Bergen in Germany; Bergen auf Rügen (Bergen only as an alternate name) is none of them.
    const bergen = rowOf(preview, GERMAN_BERGEN_ROW);
    expect(bergen.problems.map((problem) => problem.message)).toEqual(['validation.placeAmbiguous']);
    expect(bergen.candidates!.map((candidate) => candidate.name)).toEqual(Array(5).fill('Bergen'));
    expect(bergen.candidates!.every((candidate) => candidate.areaCode === 'DE')).toBe(true);
    const populations = bergen.candidates!.map((candidate) => candidate.population);
    expect(populations).toEqual([...populations].sort((a, b) => b - a));

    // A name with one place in the country does not ask: Lund from the gazetteer; Bergen (Norway)
    // and Herning, which the document has.
    for (const rowNumber of [LUND_ROW, 5, 6]) {
      expect(rowOf(preview, rowNumber).problems, `row ${rowNumber}`).toEqual([]);
      expect(rowOf(preview, rowNumber).candidates, `row ${rowNumber}`).toBeUndefined();
    }
    expect(rowOf(preview, LUND_ROW).place).toMatchObject({ kind: 'gazetteer', name: 'Lund' });
    expect(rowOf(preview, 5).place).toMatchObject({ kind: 'existing', name: 'Bergen' });
    expect(rowOf(preview, 6).place).toMatchObject({ kind: 'existing', name: 'Herning' });
    expect(preview.rowsWithProblems).toBe(2);

    // Choosing California settles the row; the candidates stay, so the choice can be changed.
    const california = pasadena.candidates!.find((candidate) => candidate.region === 'CA')!;
    const chosen = await router.call('import.preview', {
      ...FILE,
      placeChoices: [{ rowNumber: PASADENA_ROW, geonameId: california.geonameId }],
    });
    const settled = rowOf((chosen as { ok: true; value: ImportFilePreview }).value, PASADENA_ROW);
    expect(settled.problems).toEqual([]);
    expect(settled.place).toEqual({ kind: 'gazetteer', geonameId: california.geonameId, name: 'Pasadena' });
    expect(settled.candidates).toHaveLength(3);
    expect((chosen as { ok: true; value: ImportFilePreview }).value.rowsWithProblems).toBe(1);

    // The problem in the user's words, both languages.
    expect((await createI18n('sv')).t('validation.placeAmbiguous')).toBe('Flera orter heter så i landet: välj en.');
    expect((await createI18n('en')).t('validation.placeAmbiguous')).toBe(
      'Several places in the country have this name: choose one.',
    );
    session.close();
  });

  it('imports the chosen Pasadena at its own position, the file checked again with the same choice', async () => {
    const { router, session, chainId } = await demoRouter();
    const preview = ((await router.call('import.preview', FILE)) as { ok: true; value: ImportFilePreview }).value;
    const california = rowOf(preview, PASADENA_ROW).candidates!.find((candidate) => candidate.region === 'CA')!;

    // Without the choice, the row is a problem and the import is refused.
    const refused = await router.call('import.apply', { ...FILE, chainId, countYear: 2013, excludeRows: [GERMAN_BERGEN_ROW] });
    expect(refused).toMatchObject({ ok: false, error: { message: 'validation.importProblems' } });

    const applied = await router.call('import.apply', {
      ...FILE,
      chainId,
      countYear: 2013,
      excludeRows: [GERMAN_BERGEN_ROW],
      placeChoices: [{ rowNumber: PASADENA_ROW, geonameId: california.geonameId }],
    });
    expect(applied).toMatchObject({ ok: true, value: { added: 4, updated: 0 } });
    const members = ((await router.call('members.list', { chainId, year: 2013 })) as { ok: true; value: ChainMembers }).value
      .members;
    const imported = members.find((member) => member.name === 'Pasadena')!;
    expect(imported).toMatchObject({ areaCode: 'US', joinedYear: 1983, memberCount: 40 });
    // Pasadena, California (34.15 N, 118.14 W), not Pasadena, Texas 2,214 km away.
    expect(
      distanceKm({ latitude: imported.latitude!, longitude: imported.longitude! }, { latitude: 34.15, longitude: -118.14 }),
    ).toBeLessThan(10);
    session.close();
  });

  it('refuses a choice that is not one of the row’s candidates, and writes nothing', async () => {
    const { router, session, chainId } = await demoRouter();
    const preview = ((await router.call('import.preview', FILE)) as { ok: true; value: ImportFilePreview }).value;
    // Lund's GeoNames id: a real place, but not one of the row's Pasadenas.
    const lund = rowOf(preview, LUND_ROW).place as { kind: 'gazetteer'; geonameId: number };
    const texas = rowOf(preview, PASADENA_ROW).candidates!.find((candidate) => candidate.region === 'TX')!;
    const refusal = {
      ok: false,
      error: { code: 'invalid_input', field: 'placeChoices', message: 'validation.placeChoiceInvalid' },
    };
    for (const placeChoices of [
      [{ rowNumber: PASADENA_ROW, geonameId: lund.geonameId }],
      // A row that does not ask takes no choice, not even its own place.
      [{ rowNumber: LUND_ROW, geonameId: lund.geonameId }],
      // Nor does a row the file does not have, or one row two places.
      [{ rowNumber: 99, geonameId: texas.geonameId }],
      [
        { rowNumber: PASADENA_ROW, geonameId: texas.geonameId },
        { rowNumber: PASADENA_ROW, geonameId: lund.geonameId },
      ],
    ]) {
      expect(await router.call('import.preview', { ...FILE, placeChoices }), JSON.stringify(placeChoices)).toMatchObject(refusal);
      expect(
        await router.call('import.apply', { ...FILE, chainId, countYear: 2013, excludeRows: [GERMAN_BERGEN_ROW], placeChoices }),
      ).toMatchObject(refusal);
    }
    const members = ((await router.call('members.list', { chainId, year: 2013 })) as { ok: true; value: ChainMembers }).value;
    expect(members.members.map((member) => member.name).sort()).toEqual(['Lich', 'Vänersborg']);
    expect(((await router.call('undo.state', {})) as { ok: true; value: { canUndo: boolean } }).value.canUndo).toBe(false);
    session.close();
  });
});

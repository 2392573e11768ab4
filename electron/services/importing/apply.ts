import { recordChanges } from '../change-log';
import { invalid, notFound, type DocumentContext } from '../context';
import type { GazetteerHit } from '../../../shared/contract';
import type { PreviewRow } from '../../../shared/importing/preview';
import type { Gazetteer } from '../gazetteer';
import { localBranchName } from '../places';
import { previewOfFile, type FileImportOptions, type ImportFile, type ImportPreview } from './check';

// Import of members, step 3 of 3: writing the rows that check.ts found free of problems.
// Importing the same file twice changes nothing the second time.

/**
 * Writes the rows that have no problems into the chain: places found or made, memberships added
 * or brought up to date, member counts for the given year. One transaction, one undo step.
 */
export function applyImport(
  ctx: DocumentContext,
  chainId: string,
  preview: ImportPreview,
  options: { countYear: number; gazetteer?: Gazetteer; excludeRows?: number[] },
): { added: number; updated: number } {
  if (!ctx.db.prepare('SELECT 1 FROM chain WHERE id = ? AND deleted_at IS NULL').get(chainId)) throw notFound(`chain ${chainId}`);
  const excluded = new Set(options.excludeRows ?? []);
  const rows = preview.rows.filter((row) => !excluded.has(row.rowNumber));
  if (rows.some((row) => row.problems.length > 0)) throw new Error('Rows with problems must be fixed or excluded first');
  let added = 0;
  let updated = 0;
  // Prepared once: an import may have a hundred thousand rows.
  const findPlaceByGeonames = ctx.db.prepare('SELECT id FROM place WHERE geonames_id = ? AND deleted_at IS NULL');
  const findMembership = ctx.db.prepare(
    'SELECT id, joined_year AS joinedYear, left_year AS leftYear FROM membership WHERE chain_id = ? AND place_id = ? AND deleted_at IS NULL ORDER BY joined_year DESC LIMIT 1',
  );
  const findBranch = ctx.db.prepare(
    'SELECT id FROM branch WHERE place_id = ? AND deleted_at IS NULL ORDER BY created_at LIMIT 1',
  );
  const findCount = ctx.db.prepare('SELECT id FROM member_count WHERE branch_id = ? AND year = ? AND deleted_at IS NULL');
  // Gazetteer hits by the row's name, so that a name the file repeats is searched once.
  const hits = new Map<string, GazetteerHit | undefined>();
  const hitOf = (row: PreviewRow & { place: { kind: 'gazetteer' } }): GazetteerHit | undefined => {
    const key = `${row.place.geonameId}:${row.name}`;
    if (!hits.has(key))
      hits.set(
        key,
        options.gazetteer?.named(row.name).find((item) => item.geonameId === row.place.geonameId),
      );
    return hits.get(key);
  };
  recordChanges(
    ctx,
    (changes) => {
      for (const row of rows) {
        // The gazetteer's or the document's spelling, not the sheet's (Torshavn becomes Tórshavn).
        const placeName = row.place?.kind === 'gazetteer' || row.place?.kind === 'existing' ? row.place.name : row.name;
        let placeId: string;
        // A place made by this row has no membership, branch or count yet: nothing to look up.
        let fresh = false;
        if (row.place?.kind === 'existing') placeId = row.place.placeId;
        else {
          const hit = row.place?.kind === 'gazetteer' ? hitOf(row as PreviewRow & { place: { kind: 'gazetteer' } }) : undefined;
          const reused = hit ? (findPlaceByGeonames.get(hit.geonameId) as { id: string } | undefined) : undefined;
          if (reused) placeId = reused.id;
          else {
            placeId = changes.insert('place', {
              name: placeName,
              area_code: row.areaCode ?? hit?.areaCode ?? 'SE',
              kind: 'municipality',
              latitude: row.latitude ?? hit?.latitude ?? null,
              longitude: row.longitude ?? hit?.longitude ?? null,
              geonames_id: hit?.geonameId ?? null,
              source: hit ? `GeoNames ${hit.geonameId}` : null,
            });
            fresh = true;
          }
        }
        const membership = fresh
          ? undefined
          : (findMembership.get(chainId, placeId) as { id: string; joinedYear: number; leftYear: number | null } | undefined);
        if (membership) {
          changes.update('membership', membership.id, {
            joined_year: row.joinedYear ?? membership.joinedYear,
            left_year: row.leftYear,
          });
          updated += 1;
        } else {
          changes.insert('membership', {
            chain_id: chainId,
            place_id: placeId,
            joined_year: row.joinedYear,
            left_year: row.leftYear,
          });
          added += 1;
        }
        if (row.hasCount) {
          const branch = fresh ? undefined : (findBranch.get(placeId) as { id: string } | undefined);
          const branchId = branch?.id ?? changes.insert('branch', { place_id: placeId, name: localBranchName(placeName) });
          const count = branch ? (findCount.get(branchId, options.countYear) as { id: string } | undefined) : undefined;
          if (count) changes.update('member_count', count.id, { count: row.memberCount });
          else changes.insert('member_count', { branch_id: branchId, year: options.countYear, count: row.memberCount });
        }
      }
    },
    { bulkInserts: true },
  );
  return { added, updated };
}

/**
 * The import dialog's confirmation: the file is checked again here (the window's preview is not
 * trusted), and written only if every row that is not excluded is free of problems.
 */
export async function applyImportFile(
  ctx: DocumentContext,
  chainId: string,
  file: ImportFile,
  options: FileImportOptions & { countYear: number; excludeRows: number[]; excludeRowsWithProblems: boolean },
): Promise<{ added: number; updated: number }> {
  const { preview } = await previewOfFile(ctx, file, options);
  const excluded = new Set(options.excludeRows);
  if (options.excludeRowsWithProblems) for (const row of preview.rows) if (row.problems.length > 0) excluded.add(row.rowNumber);
  if (preview.rows.some((row) => !excluded.has(row.rowNumber) && row.problems.length > 0))
    throw invalid('file', 'validation.importProblems');
  if (preview.rows.every((row) => excluded.has(row.rowNumber))) throw invalid('file', 'validation.importNothing');
  return applyImport(ctx, chainId, preview, {
    countYear: options.countYear,
    gazetteer: options.gazetteer,
    excludeRows: [...excluded],
  });
}

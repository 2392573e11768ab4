import { foldName } from '../../../shared/text/fold';
import type { PreviewRow } from '../../../shared/importing/preview';
import { recordChanges } from '../change-log';
import { invalid, notFound, type DocumentContext } from '../context';
import type { Gazetteer } from '../gazetteer';
import { localBranchName } from '../places';
import { previewOfFile, type FileImportOptions, type ImportFile, type ImportPreview } from './check';
import { countYearOf, decideRow, fieldsInFile, storedReader, targetsOf } from './outcome';

// Import of members, step 3 of 3: writing the rows that check.ts found free of problems, as
// outcome.ts decides for the preview: only what a row gives and what differs from what is stored.
// Importing the same file twice changes nothing the second time.

/** What an import did: members added, members changed, rows that changed nothing (repeats too). */
export interface ImportCounts {
  added: number;
  updated: number;
  unchanged: number;
}

/**
 * Writes the rows that have no problems into the chain: places found or made, memberships added
 * or brought up to date, member counts for the given year. One transaction, one undo step.
 */
export function applyImport(
  ctx: DocumentContext,
  chainId: string,
  preview: ImportPreview,
  options: { countYear: number; gazetteer?: Gazetteer; excludeRows?: number[]; emptyClears?: boolean },
): ImportCounts {
  if (!ctx.db.prepare('SELECT 1 FROM chain WHERE id = ? AND deleted_at IS NULL').get(chainId)) throw notFound(`chain ${chainId}`);
  const excluded = new Set(options.excludeRows ?? []);
  const rows = preview.rows.filter((row) => !excluded.has(row.rowNumber));
  if (rows.some((row) => row.problems.length > 0)) throw new Error('Rows with problems must be fixed or excluded first');
  const counts: ImportCounts = { added: 0, updated: 0, unchanged: 0 };
  // Read before anything is written: rows of one place are repeats, left out, except the periods
  // of one place (left and rejoined), which share the place and branch the first of them made.
  const reader = storedReader(ctx, chainId);
  const inFile = fieldsInFile(preview.mapping);
  const made = new Map<string, string>();
  const branchMade = new Map<string, string>();
  // The counts this import wrote or changed (branch and year): a second period's row says them again.
  const countsWritten = new Set<string>();
  recordChanges(
    ctx,
    (changes) => {
      for (const row of rows) {
        if (row.outcome === 'duplicate') {
          counts.unchanged += 1;
          continue;
        }
        const targets = targetsOf(row, inFile, options.emptyClears ?? false);
        const countYear = countYearOf(row, options.countYear);
        const known = reader.placeOf(row.place);
        const stored = known === null ? null : reader.member(known, targets);
        const placeKey = newPlaceKey(row);
        const earlier = stored ? undefined : made.get(placeKey);
        const decision = decideRow(targets, stored, reader, countYear);
        if (decision.problems.length > 0) throw new Error('Rows with problems must be fixed or excluded first');
        if (decision.outcome === 'same') {
          counts.unchanged += 1;
          continue;
        }
        // The gazetteer's or the document's spelling, not the sheet's (Torshavn becomes Tórshavn).
        const placeName = row.place?.kind === 'gazetteer' || row.place?.kind === 'existing' ? row.place.name : row.name;
        let placeId: string;
        if (stored) placeId = stored.place.id;
        else if (earlier) placeId = earlier;
        else {
          const hit = row.place?.kind === 'gazetteer' ? options.gazetteer?.byId(row.place.geonameId) : undefined;
          placeId = changes.insert('place', {
            name: placeName,
            area_code: row.areaCode ?? hit?.areaCode ?? 'SE',
            kind: 'municipality',
            latitude: row.latitude ?? hit?.latitude ?? null,
            longitude: row.longitude ?? hit?.longitude ?? null,
            geonames_id: hit?.geonameId ?? null,
            source: hit ? `GeoNames ${hit.geonameId}` : null,
          });
        }
        const membership: Record<string, number | string | null> = {};
        let branchId = stored?.branchId ?? branchMade.get(placeId) ?? null;
        const addCount = (count: number | null) => {
          branchId ??= changes.insert('branch', { place_id: placeId, name: localBranchName(placeName) });
          if (countsWritten.has(`${branchId} ${countYear}`)) return;
          countsWritten.add(`${branchId} ${countYear}`);
          changes.insert('member_count', { branch_id: branchId, year: countYear, count });
        };
        for (const change of decision.changes) {
          if (change.field === 'joinedYear') membership.joined_year = change.to;
          if (change.field === 'leftYear') membership.left_year = change.to;
          if (change.field === 'note') membership.note = change.to;
          if (change.field === 'position')
            changes.update('place', placeId, {
              latitude: targets.position?.latitude ?? null,
              longitude: targets.position?.longitude ?? null,
            });
          if (change.field === 'memberCount') {
            const count = targets.memberCount ?? null;
            if (!decision.countId) addCount(count);
            else if (!countsWritten.has(decision.countId)) {
              countsWritten.add(decision.countId);
              changes.update('member_count', decision.countId, { count });
            }
          }
        }
        // A new place's count is stored as the file gives it, "not reported" too; an empty cell
        // stores nothing (the export writes one for a branch that never reported a count).
        if (!stored && row.hasCount && !row.emptyFields?.includes('memberCount')) addCount(row.memberCount);
        if (!stored) made.set(placeKey, placeId);
        if (branchId !== null) branchMade.set(placeId, branchId);
        if (stored?.membership) {
          changes.update('membership', stored.membership.id, membership);
          counts.updated += 1;
        } else {
          changes.insert('membership', {
            chain_id: chainId,
            place_id: placeId,
            joined_year: row.joinedYear,
            left_year: row.leftYear,
            note: row.note ?? null,
          });
          counts.added += 1;
        }
      }
    },
    { bulkInserts: true },
  );
  return counts;
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
): Promise<ImportCounts> {
  const { preview } = await previewOfFile(ctx, file, { ...options, chainId });
  const excluded = new Set(options.excludeRows);
  if (options.excludeRowsWithProblems) for (const row of preview.rows) if (row.problems.length > 0) excluded.add(row.rowNumber);
  if (preview.rows.some((row) => !excluded.has(row.rowNumber) && row.problems.length > 0))
    throw invalid('file', 'validation.importProblems');
  if (preview.rows.every((row) => excluded.has(row.rowNumber))) throw invalid('file', 'validation.importNothing');
  return applyImport(ctx, chainId, preview, {
    countYear: options.countYear,
    gazetteer: options.gazetteer,
    excludeRows: [...excluded],
    emptyClears: options.emptyClears,
  });
}

/** A place an import makes, as check.ts tells the rows of one place apart: its GeoNames id, else its name and area. */
function newPlaceKey(row: PreviewRow): string {
  if (row.place?.kind === 'gazetteer') return `geonames ${row.place.geonameId}`;
  return `name ${foldName(row.name)} ${row.areaCode ?? ''}`;
}

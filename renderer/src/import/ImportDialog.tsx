import { useMemo, useRef, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { IMPORT_MAX_BYTES } from '../../../shared/contract';
import { IMPORT_FIELDS, type ImportField } from '../../../shared/importing/columns';
import type { ImportChoice, ImportFilePreview, PreviewRow } from '../../../shared/importing/preview';
import { formatInteger } from '../../../shared/format';
import { parseYearInput } from '../../../shared/input-parsing';
import { call } from '../api/client';
import { useEdit } from '../api/edits';
import { useLanguage } from '../document/DocumentProvider';
import { FieldError } from '../forms/FieldError';
import { TextField } from '../forms/fields';
import { readAsBase64 } from '../forms/files';
import { ModalDialog } from '../forms/ModalDialog';
import type { ApiError } from '../../../shared/result';
import { describeError, translateKey } from '../i18n';
import { areaName } from '../members/areaName';
import { JoinedYear } from '../members/JoinedYear';
import { candidateText, outcomeText, rowChangesText } from './changes';
import './import.css';

interface ImportDialogProps {
  chain: { id: string; name: string };
  /** The year the table shows: the imported member counts are for it unless the user says otherwise. */
  year: number;
  onClose(): void;
  /** After a confirmed import: what to tell the user. */
  onImported(message: string): void;
}

interface ChosenFile {
  fileName: string;
  contentBase64: string;
}

/** What the preview is checked with besides the file: the preview and the import send the same. */
interface CheckSettings {
  mapping?: ImportField[];
  /** The year of the counts, so that the preview compares them with that year's stored ones. */
  countYear?: number;
  emptyClears: boolean;
  placeChoices: ImportChoice[];
}

/**
 * "Import…": the user picks a file, checks how its columns are read and what each row becomes,
 * excludes the rows that cannot be imported, and confirms. Nothing is written before that.
 */
export function ImportDialog({ chain, year, onClose, onImported }: ImportDialogProps) {
  const { t } = useTranslation();
  const language = useLanguage();
  const edit = useEdit();
  const dialog = useRef<HTMLDialogElement>(null);
  const [file, setFile] = useState<ChosenFile | null>(null);
  const [preview, setPreview] = useState<ImportFilePreview | null>(null);
  const [excluded, setExcluded] = useState<ReadonlySet<number>>(new Set());
  const [excludeProblems, setExcludeProblems] = useState(false);
  const [countYear, setCountYear] = useState(String(year));
  const [busy, setBusy] = useState(false);
  const [settings, setSettings] = useState<CheckSettings>({ countYear: year, emptyClears: false, placeChoices: [] });
  // Kept untranslated, so a language chosen while the file is checked shows it in that language.
  const [error, setError] = useState<Pick<ApiError, 'message' | 'params'> | null>(null);
  // Arrow keys in a choice of places check again at each step: only the newest answer is shown.
  const latestCheck = useRef(0);

  const loadPreview = async (chosen: ChosenFile, next: CheckSettings) => {
    const check = ++latestCheck.current;
    setSettings(next);
    setBusy(true);
    // The chain the rows would go into: what each row changes is worked out against it.
    const result = await call('import.preview', { ...chosen, ...next, chainId: chain.id });
    if (check !== latestCheck.current) return;
    setBusy(false);
    if (!result.ok) {
      setPreview(null);
      return setError(result.error);
    }
    setError(null);
    setPreview(result.value);
  };

  const chooseFile = async (picked: File | undefined) => {
    setPreview(null);
    setExcluded(new Set());
    setExcludeProblems(false);
    setFile(null);
    if (!picked) return;
    if (picked.size > IMPORT_MAX_BYTES) return setError({ message: 'validation.importTooLarge' });
    setBusy(true);
    let chosen: ChosenFile;
    try {
      chosen = { fileName: picked.name, contentBase64: await readAsBase64(picked) };
    } catch {
      setBusy(false);
      return setError({ message: 'errors.importUnreadable' });
    }
    setFile(chosen);
    // A new file has its own columns and rows: only the count year and "empty cells clear values" carry over.
    const { countYear: checkedYear, emptyClears } = settings;
    await loadPreview(chosen, { countYear: checkedYear, emptyClears, placeChoices: [] });
  };

  const changeCountYear = (text: string) => {
    setCountYear(text);
    const parsed = parseYearInput(text);
    // A year half typed ("201") is not checked; the confirmation says what is wrong with it.
    if (!parsed.ok || parsed.value === settings.countYear) return;
    if (file) void loadPreview(file, { ...settings, countYear: parsed.value });
    else setSettings({ ...settings, countYear: parsed.value });
  };
  const setEmptyClears = (emptyClears: boolean) => {
    if (file) void loadPreview(file, { ...settings, emptyClears });
    else setSettings({ ...settings, emptyClears });
  };
  const choosePlace = (rowNumber: number, geonameId: number) => {
    if (!file) return;
    const others = settings.placeChoices.filter((choice) => choice.rowNumber !== rowNumber);
    void loadPreview(file, { ...settings, placeChoices: [...others, { rowNumber, geonameId }] });
  };
  const chosenFor = (rowNumber: number) => settings.placeChoices.find((choice) => choice.rowNumber === rowNumber)?.geonameId;

  // Counted over the whole file by the data side: the dialog is shown at most 500 rows.
  const outcomes = preview?.outcomes ?? null;
  const isExcluded = (row: PreviewRow) => excluded.has(row.rowNumber) || (excludeProblems && row.problems.length > 0);
  const counts = useMemo(() => {
    if (!preview) return null;
    const excludedWithProblems = preview.rows.filter((row) => row.problems.length > 0 && excluded.has(row.rowNumber)).length;
    const problems = excludeProblems ? 0 : preview.rowsWithProblems - excludedWithProblems;
    const excludedCount = excluded.size + (excludeProblems ? preview.rowsWithProblems - excludedWithProblems : 0);
    return { problems, excluded: excludedCount, ready: preview.totalRows - excludedCount - problems };
  }, [preview, excluded, excludeProblems]);

  const confirm = async () => {
    if (!file || !preview || !counts) return;
    const parsedYear = parseYearInput(countYear);
    if (!parsedYear.ok) return setError({ message: parsedYear.message });
    setBusy(true);
    const result = await edit('import.apply', {
      ...file,
      mapping: preview.mapping,
      emptyClears: settings.emptyClears,
      placeChoices: settings.placeChoices,
      chainId: chain.id,
      countYear: parsedYear.value,
      excludeRows: [...excluded],
      excludeRowsWithProblems: excludeProblems,
    });
    setBusy(false);
    if (!result.ok) return setError(result.error);
    dialog.current?.close();
    onImported(t('import.done', { added: result.value.added, updated: result.value.updated }));
  };

  // How the file was read: its encoding (a CSV saved by Excel is Windows-1252) and its header row.
  const readingText = (read: ImportFilePreview) =>
    [
      read.encoding === 'UTF-8 BOM'
        ? t('import.encodingBom', { encoding: 'UTF-8' })
        : read.encoding
          ? t('import.encoding', { encoding: read.encoding })
          : '',
      read.headerRow > 1 ? t('import.headerRow', { row: read.headerRow }) : '',
    ]
      .filter((part) => part !== '')
      .join(' · ');
  const fieldLabel = (field: ImportField | 'place') => t(`import.fields.${field}`);
  const placeText = (row: PreviewRow) => {
    if (!row.place) return row.candidates ? '' : '—';
    if (row.place.kind === 'existing') return t('import.placeExisting', { name: row.place.name });
    if (row.place.kind === 'gazetteer') return t('import.placeGazetteer', { name: row.place.name });
    return t('import.placeNew');
  };
  // A value that could not be read is shown as the file has it, marked, rather than as a blank.
  const valueOf = (row: PreviewRow, field: ImportField, shown: ReactNode) => {
    const problem = row.problems.find((item) => item.field === field && item.value !== undefined);
    return problem ? <span className="bad-value">{problem.value}</span> : shown;
  };
  const toggleRow = (rowNumber: number) =>
    setExcluded((current) => {
      const next = new Set(current);
      if (!next.delete(rowNumber)) next.add(rowNumber);
      return next;
    });

  return (
    <ModalDialog dialogRef={dialog} className="import-dialog" labelledBy="import-title" onClose={onClose}>
      <form
        method="dialog"
        onSubmit={(event) => {
          event.preventDefault();
          void confirm();
        }}
      >
        <h2 id="import-title">{t('import.title', { chain: chain.name })}</h2>
        <p className="hint">{t('import.intro')}</p>
        <div className="form-row">
          <label>
            {t('import.file')}
            <input
              type="file"
              accept=".csv,.txt,.xlsx,.geojson,.json"
              disabled={busy}
              onChange={(event) => void chooseFile(event.target.files?.[0])}
            />
          </label>
          <TextField label={t('import.countYear')} inputMode="numeric" size={6} value={countYear} onChange={changeCountYear} />
        </div>
        <label className="checkbox">
          <input
            type="checkbox"
            checked={settings.emptyClears}
            aria-describedby="import-empty-clears-hint"
            onChange={(event) => setEmptyClears(event.target.checked)}
          />
          {t('import.emptyClears')}
        </label>
        <p id="import-empty-clears-hint" className="hint import-empty-clears-hint">
          {t('import.emptyClearsHint')}
        </p>
        {busy && !preview ? <p aria-live="polite">{t('import.reading')}</p> : null}
        {preview && file ? (
          <>
            <fieldset className="import-columns">
              <legend>{t('import.columns')}</legend>
              {preview.headers.map((header, index) => (
                <label key={index}>
                  <span className="import-header" title={header}>
                    {header || t('import.column', { number: index + 1 })}
                  </span>
                  <select
                    value={preview.mapping[index]}
                    disabled={busy}
                    onChange={(event) => {
                      const mapping = preview.mapping.map((field, column) =>
                        column === index ? (event.target.value as ImportField) : field,
                      );
                      // Other columns may give other rows other places: the choices start again.
                      void loadPreview(file, { ...settings, mapping, placeChoices: [] });
                    }}
                  >
                    {IMPORT_FIELDS.map((field) => (
                      <option key={field} value={field}>
                        {fieldLabel(field)}
                      </option>
                    ))}
                  </select>
                </label>
              ))}
            </fieldset>
            {readingText(preview) ? <p className="import-reading">{readingText(preview)}</p> : null}
            {preview.notes?.length ? (
              <ul className="import-notes" aria-label={t('import.notesLabel')}>
                {preview.notes.map((note) => (
                  <li key={note.rowNumber}>{translateKey(t, note.message, { row: note.rowNumber, value: note.value })}</li>
                ))}
              </ul>
            ) : null}
            {counts ? (
              <p className="import-summary" aria-live="polite">
                {t('import.summary', {
                  total: formatInteger(preview.totalRows, language),
                  ready: formatInteger(counts.ready, language),
                  problems: formatInteger(counts.problems, language),
                  excluded: formatInteger(counts.excluded, language),
                })}
                {preview.rows.length < preview.totalRows
                  ? ` ${t('import.shown', { shown: preview.rows.length, total: preview.totalRows })}`
                  : null}
              </p>
            ) : null}
            {outcomes ? (
              <p className="import-outcomes">
                {t('import.outcomeSummary', {
                  add: formatInteger(outcomes.add, language),
                  change: formatInteger(outcomes.change, language),
                  same: formatInteger(outcomes.same, language),
                  duplicate: formatInteger(outcomes.duplicate, language),
                })}
              </p>
            ) : null}
            {preview.rowsWithProblems > 0 ? (
              <label className="checkbox">
                <input type="checkbox" checked={excludeProblems} onChange={(event) => setExcludeProblems(event.target.checked)} />
                {t('import.excludeProblems')}
              </label>
            ) : null}
            <div className="import-preview" tabIndex={0} aria-label={t('import.preview')}>
              <table>
                <caption className="visually-hidden">{t('import.preview')}</caption>
                <thead>
                  <tr>
                    <th scope="col">{t('import.row')}</th>
                    <th scope="col">{t('import.exclude')}</th>
                    <th scope="col">{fieldLabel('name')}</th>
                    <th scope="col">{fieldLabel('area')}</th>
                    <th scope="col">{fieldLabel('joinedYear')}</th>
                    <th scope="col">{fieldLabel('leftYear')}</th>
                    <th scope="col">{fieldLabel('memberCount')}</th>
                    <th scope="col">{t('import.place')}</th>
                    {outcomes ? <th scope="col">{t('import.outcomeColumn')}</th> : null}
                    <th scope="col">{t('import.problems')}</th>
                  </tr>
                </thead>
                <tbody>
                  {preview.rows.map((row) => (
                    <tr
                      key={row.rowNumber}
                      className={
                        [row.problems.length > 0 ? 'has-problem' : '', isExcluded(row) ? 'excluded' : ''].join(' ').trim() ||
                        undefined
                      }
                      data-row={row.rowNumber}
                    >
                      <th scope="row">{row.rowNumber}</th>
                      <td>
                        <input
                          type="checkbox"
                          aria-label={t('import.excludeRow', { row: row.rowNumber })}
                          checked={isExcluded(row)}
                          disabled={excludeProblems && row.problems.length > 0}
                          onChange={() => toggleRow(row.rowNumber)}
                        />
                      </td>
                      <td className="name-cell">{row.name}</td>
                      <td>{valueOf(row, 'area', row.areaCode ? areaName(row.areaCode, t, language) : '')}</td>
                      <td>{valueOf(row, 'joinedYear', <JoinedYear year={row.joinedYear} />)}</td>
                      <td>{valueOf(row, 'leftYear', String(row.leftYear ?? ''))}</td>
                      <td>
                        {valueOf(
                          row,
                          'memberCount',
                          !row.hasCount
                            ? ''
                            : row.memberCount === null
                              ? t('import.notReported')
                              : formatInteger(row.memberCount, language),
                        )}
                      </td>
                      <td>
                        {placeText(row)}
                        {row.candidates ? (
                          <fieldset className="import-choice">
                            <legend>{t('import.chooseLabel', { row: row.rowNumber, name: row.name })}</legend>
                            {row.candidates.map((candidate) => (
                              <label key={candidate.geonameId} className="checkbox">
                                <input
                                  type="radio"
                                  name={`import-choice-${row.rowNumber}`}
                                  value={candidate.geonameId}
                                  checked={chosenFor(row.rowNumber) === candidate.geonameId}
                                  onChange={() => choosePlace(row.rowNumber, candidate.geonameId)}
                                />
                                {candidateText(t, language, candidate)}
                              </label>
                            ))}
                          </fieldset>
                        ) : null}
                      </td>
                      {outcomes ? (
                        <td className="import-outcome">
                          <span className="import-outcome-word">{outcomeText(t, row)}</span>
                          {rowChangesText(t, language, row) ? (
                            <span className="import-changes">{rowChangesText(t, language, row)}</span>
                          ) : null}
                        </td>
                      ) : null}
                      <td>
                        {row.problems.length === 0 ? (
                          t('import.ok')
                        ) : (
                          <ul className="row-problems">
                            {row.problems.map((problem, index) => (
                              <li key={index}>
                                {fieldLabel(problem.field)}: {describeError(t, problem)}
                              </li>
                            ))}
                          </ul>
                        )}
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          </>
        ) : null}
        <FieldError message={error ? describeError(t, error) : null} />
        {counts && counts.problems > 0 ? <p className="hint">{t('validation.importProblems')}</p> : null}
        <div className="form-row dialog-buttons">
          <button type="submit" disabled={busy || !counts || counts.problems > 0 || counts.ready === 0}>
            {t('import.confirm', { count: counts?.ready ?? 0 })}
          </button>
          <button type="button" onClick={() => dialog.current?.close()}>
            {t('import.cancel')}
          </button>
        </div>
      </form>
    </ModalDialog>
  );
}

import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useReadOnly } from '../document/DocumentProvider';
import {
  AGREEMENT_KINDS,
  AGREEMENT_STATUSES,
  CURRENCIES,
  FIELDS_OF_COOPERATION,
  linkedPlaceIds,
  type HistoryRecord,
} from '../../../shared/validation';
import { parseAmountInput, parseYearInput } from '../../../shared/input-parsing';
import type { MethodInput, RecordForEditing } from '../../../shared/contract';
import { useEdit } from '../api/edits';
import { FieldError } from '../forms/FieldError';
import { ChoiceField, TextField } from '../forms/fields';
import { describeError } from '../i18n';

type RecordInput = MethodInput<'records.add'>['record'];
type Kind = RecordInput['kind'];
const KINDS: Kind[] = ['event', 'grant', 'activity', 'agreement'];

interface HistoryRecordFormProps {
  chainId: string;
  members: Array<{ placeId: string; name: string }>;
  /** A record to edit in place (its id, as records.get gave it), instead of adding one. */
  editing?: { id: string; what: string } & RecordForEditing;
  /** The edit was saved or cancelled. */
  onDone?: () => void;
}

const orNull = (text: string) => text.trim() || null;

const NEW_FIELDS: Record<string, string> = {
  currency: 'SEK',
  status: 'granted',
  field: 'culture',
  agreementKind: 'municipalities',
  agreementStatus: 'active',
};

/**
 * The form's fields of a record, as text: what build() reads back. Fields the form does not show
 * (an event's description, a grant's note, an agreement's end) are kept as they were.
 */
function fieldsOf(record: HistoryRecord): Record<string, string> {
  const text = (value: string | number | null) => (value === null ? '' : String(value));
  switch (record.kind) {
    case 'grant':
      return {
        placeId: record.placeId,
        year: text(record.year),
        amount: text(record.amount),
        currency: record.currency,
        status: record.status,
        grantor: text(record.grantor),
        note: text(record.note),
        source: text(record.source),
      };
    case 'event':
      return {
        date: record.date,
        title: record.title,
        body: text(record.body),
        reference: text(record.reference),
        description: text(record.description),
        placeId: text(record.placeId),
        source: text(record.source),
      };
    case 'activity':
      return {
        year: text(record.year),
        title: record.title,
        field: record.field,
        description: text(record.description),
        source: text(record.source),
      };
    case 'agreement':
      return {
        title: record.title,
        agreementKind: record.agreementKind,
        agreementStatus: record.status,
        startDate: text(record.startDate),
        endDate: text(record.endDate),
        note: text(record.note),
        source: text(record.source),
      };
  }
}

/**
 * Adds a decision or event, a grant, an activity or an agreement to the chain's history, or
 * (editing) changes one in place: the same fields and checks, saved as one undo step.
 */
export function HistoryRecordForm({ chainId, members: shownMembers, editing, onDone }: HistoryRecordFormProps) {
  const { t } = useTranslation();
  const edit = useEdit();
  const [kind, setKind] = useState<Kind>(editing?.record.kind ?? 'event');
  const [fields, setFields] = useState<Record<string, string>>(() =>
    editing ? { ...NEW_FIELDS, ...fieldsOf(editing.record) } : NEW_FIELDS,
  );
  const [unknownSum, setUnknownSum] = useState(editing?.record.kind === 'grant' && editing.record.amount === null);
  const [places, setPlaces] = useState<Set<string>>(() => (editing ? new Set(linkedPlaceIds(editing.record)) : new Set()));
  const [error, setError] = useState<string | null>(null);
  const field = (name: string) => fields[name] ?? '';
  // A record may name a place that is not a member in the year shown (a former member's grant).
  const members = [
    ...shownMembers,
    ...(editing?.places ?? []).filter((place) => !shownMembers.some((member) => member.placeId === place.placeId)),
  ];
  const form = useRef<HTMLFormElement>(null);
  // Editing starts in the form's first field (once: not again when the history is fetched anew).
  const editingId = editing?.id ?? null;
  useEffect(() => {
    if (editingId) form.current?.querySelector<HTMLElement>('input, select')?.focus();
  }, [editingId]);

  const build = (): RecordInput | string => {
    const year = () => parseYearInput(field('year'));
    switch (kind) {
      case 'event':
        return {
          kind,
          date: field('date').trim(),
          title: field('title'),
          body: orNull(field('body')),
          reference: orNull(field('reference')),
          description: orNull(field('description')),
          placeId: orNull(field('placeId')),
          source: orNull(field('source')),
        };
      case 'grant': {
        const parsedYear = year();
        if (!parsedYear.ok) return parsedYear.message;
        if (!field('placeId')) return 'validation.notAMember';
        let amount: number | null = null;
        if (!unknownSum) {
          const parsed = parseAmountInput(field('amount'));
          if (!parsed.ok) return parsed.message;
          amount = parsed.value;
        }
        return {
          kind,
          placeId: field('placeId'),
          year: parsedYear.value,
          amount,
          currency: field('currency') as (typeof CURRENCIES)[number],
          status: field('status') as 'granted' | 'proposed',
          grantor: orNull(field('grantor')),
          note: orNull(field('note')),
          source: orNull(field('source')),
        };
      }
      case 'activity': {
        const parsedYear = year();
        if (!parsedYear.ok) return parsedYear.message;
        return {
          kind,
          year: parsedYear.value,
          title: field('title'),
          field: field('field') as (typeof FIELDS_OF_COOPERATION)[number],
          placeIds: [...places],
          description: orNull(field('description')),
          source: orNull(field('source')),
        };
      }
      case 'agreement':
        return {
          kind,
          title: field('title'),
          agreementKind: field('agreementKind') as (typeof AGREEMENT_KINDS)[number],
          status: field('agreementStatus') as (typeof AGREEMENT_STATUSES)[number],
          partyPlaceIds: [...places],
          startDate: orNull(field('startDate')),
          endDate: orNull(field('endDate')),
          note: orNull(field('note')),
          source: orNull(field('source')),
        };
    }
  };

  const save = async () => {
    const record = build();
    if (typeof record === 'string') return setError(describeError(t, { message: record }));
    const result = editing
      ? await edit('records.update', { chainId, id: editing.id, record })
      : await edit('records.add', { chainId, record });
    if (!result.ok) return setError(describeError(t, result.error));
    setError(null);
    if (editing) return onDone?.();
    setFields((current) => ({ ...NEW_FIELDS, currency: current.currency ?? 'SEK' }));
    setPlaces(new Set());
    setUnknownSum(false);
  };

  const text = (name: string, label: string, extra: { size?: number; placeholder?: string } = {}) => (
    <TextField
      label={label}
      value={field(name)}
      onChange={(value) => setFields((current) => ({ ...current, [name]: value }))}
      {...extra}
    />
  );
  const memberSelect = (label: string, optional: boolean) => (
    <ChoiceField
      label={label}
      value={field('placeId')}
      options={['', ...members.map((member) => member.placeId)]}
      labelOf={(placeId) => members.find((member) => member.placeId === placeId)?.name ?? (optional ? '—' : t('records.choose'))}
      onChange={(value) => setFields((current) => ({ ...current, placeId: value }))}
    />
  );
  const memberChecks = (legend: string) => (
    <fieldset className="member-checks">
      <legend>{legend}</legend>
      {members.map((member) => (
        <label key={member.placeId}>
          <input
            type="checkbox"
            checked={places.has(member.placeId)}
            onChange={() =>
              setPlaces((current) => {
                const next = new Set(current);
                if (next.has(member.placeId)) next.delete(member.placeId);
                else next.add(member.placeId);
                return next;
              })
            }
          />
          {member.name}
        </label>
      ))}
    </fieldset>
  );
  // Generic over the options, so that t(`records.grantStatuses.${value}`) is checked against them.
  const choice = <Option extends string>(
    name: string,
    label: string,
    options: readonly Option[],
    labelOf: (value: Option) => string,
  ) => (
    <ChoiceField<Option>
      label={label}
      value={field(name) as Option}
      options={options}
      labelOf={labelOf}
      onChange={(value) => setFields((current) => ({ ...current, [name]: value }))}
    />
  );

  // A read-only document shows no form to add with.
  const readOnly = useReadOnly();
  if (readOnly) return null;
  const title = editing ? t('records.editWhat', { what: editing.what }) : t('records.title');
  return (
    <form
      ref={form}
      className={editing ? 'record-form editing' : 'record-form'}
      aria-label={title}
      onSubmit={(event) => {
        event.preventDefault();
        void save();
      }}
      onKeyDown={(event) => {
        if (editing && event.key === 'Escape') {
          event.preventDefault();
          onDone?.();
        }
      }}
    >
      <h3>{editing ? t('records.editHeading') : title}</h3>
      {editing ? null : (
        <div className="form-row">
          <ChoiceField<Kind>
            label={t('records.kind')}
            value={kind}
            options={KINDS}
            labelOf={(value) => t(`timeline.kinds.${value}`)}
            onChange={setKind}
          />
        </div>
      )}
      <div className="form-row">
        {kind === 'event' ? (
          <>
            {text('date', t('records.date'), { size: 11, placeholder: t('history.datePlaceholder') })}
            {text('title', t('records.titleField'))}
            {text('body', t('records.body'))}
            {text('reference', t('records.reference'), { size: 18 })}
            {memberSelect(t('records.place'), true)}
          </>
        ) : null}
        {kind === 'grant' ? (
          <>
            {memberSelect(t('records.branch'), false)}
            {text('year', t('history.meetingYear'), { size: 6 })}
            <TextField
              label={t('records.amount')}
              value={unknownSum ? '' : field('amount')}
              onChange={(value) => setFields((current) => ({ ...current, amount: value }))}
              disabled={unknownSum}
              size={10}
            />
            <label className="inline">
              <input type="checkbox" checked={unknownSum} onChange={(event) => setUnknownSum(event.target.checked)} />
              {t('records.unknownSum')}
            </label>
            {choice('currency', t('records.currency'), CURRENCIES, (value) => value)}
            {choice('status', t('records.grantStatus'), ['granted', 'proposed'], (value) => t(`records.grantStatuses.${value}`))}
            {text('grantor', t('records.grantor'))}
          </>
        ) : null}
        {kind === 'activity' ? (
          <>
            {text('year', t('history.meetingYear'), { size: 6 })}
            {text('title', t('records.titleField'))}
            {choice('field', t('records.field'), FIELDS_OF_COOPERATION, (value) => t(`timeline.fields.${value}`))}
            {memberChecks(t('records.involved'))}
          </>
        ) : null}
        {kind === 'agreement' ? (
          <>
            {text('title', t('records.titleField'))}
            {choice('agreementKind', t('records.agreementKind'), AGREEMENT_KINDS, (value) =>
              t(`records.agreementKinds.${value}`),
            )}
            {choice('agreementStatus', t('records.agreementStatus'), AGREEMENT_STATUSES, (value) =>
              t(`timeline.agreementStatus.${value}`),
            )}
            {text('startDate', t('history.startDate'), { size: 14, placeholder: t('history.partialDatePlaceholder') })}
            {memberChecks(t('records.parties'))}
          </>
        ) : null}
      </div>
      <div className="form-row">{text('source', t('records.source'))}</div>
      <button type="submit">{editing ? t('records.saveEdit') : t('records.save')}</button>
      {editing ? (
        <button type="button" onClick={onDone}>
          {t('records.cancel')}
        </button>
      ) : null}
      <FieldError message={error} />
    </form>
  );
}

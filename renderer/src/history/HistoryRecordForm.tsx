import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useReadOnly } from '../document/DocumentProvider';
import { AGREEMENT_KINDS, AGREEMENT_STATUSES, CURRENCIES, FIELDS_OF_COOPERATION } from '../../../shared/validation';
import { parseAmountInput, parseYearInput } from '../../../shared/input-parsing';
import type { MethodInput } from '../../../shared/contract';
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
}

const orNull = (text: string) => text.trim() || null;

/** Adds a decision or event, a grant, an activity or an agreement to the chain's history. */
export function HistoryRecordForm({ chainId, members }: HistoryRecordFormProps) {
  const { t } = useTranslation();
  const edit = useEdit();
  const [kind, setKind] = useState<Kind>('event');
  const [fields, setFields] = useState<Record<string, string>>({
    currency: 'SEK',
    status: 'granted',
    field: 'culture',
    agreementKind: 'municipalities',
    agreementStatus: 'active',
  });
  const [unknownSum, setUnknownSum] = useState(false);
  const [places, setPlaces] = useState<Set<string>>(new Set());
  const [error, setError] = useState<string | null>(null);
  const field = (name: string) => fields[name] ?? '';

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
          description: null,
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
          note: null,
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
          endDate: null,
          note: orNull(field('note')),
          source: orNull(field('source')),
        };
    }
  };

  const save = async () => {
    const record = build();
    if (typeof record === 'string') return setError(describeError(t, { message: record }));
    const result = await edit('records.add', { chainId, record });
    if (!result.ok) return setError(describeError(t, result.error));
    setError(null);
    setFields((current) => ({
      currency: current.currency ?? 'SEK',
      status: 'granted',
      field: 'culture',
      agreementKind: 'municipalities',
      agreementStatus: 'active',
    }));
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
  return (
    <form
      className="record-form"
      aria-label={t('records.title')}
      onSubmit={(event) => {
        event.preventDefault();
        void save();
      }}
    >
      <h3>{t('records.title')}</h3>
      <div className="form-row">
        <ChoiceField<Kind>
          label={t('records.kind')}
          value={kind}
          options={KINDS}
          labelOf={(value) => t(`timeline.kinds.${value}`)}
          onChange={setKind}
        />
      </div>
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
      <button type="submit">{t('records.save')}</button>
      <FieldError message={error} />
    </form>
  );
}

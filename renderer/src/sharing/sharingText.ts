import type { TFunction } from 'i18next';
import type { Conflict, ConflictValue } from '../../../shared/contract';
import type { Language } from '../../../shared/format';
import { authorText, dateText, fieldText, thingText, valueText } from '../../../shared/sharing/describe';

/** A conflict's heading: "Herning, medlemmar 2013". */
export function conflictTitle(t: TFunction, conflict: Conflict): string {
  return `${thingText(t, conflict.row)}, ${fieldText(t, conflict)}`;
}

/** One kept value: "235 – Herning – Karen, 2 dec". */
export function conflictValueText(t: TFunction, language: Language, conflict: Conflict, value: ConflictValue): string {
  const when = dateText(language, value.at);
  const who = when ? t('share.conflicts.by', { author: authorText(t, value.author), date: when }) : authorText(t, value.author);
  return `${valueText(t, language, conflict.field, value.value)} – ${who}`;
}

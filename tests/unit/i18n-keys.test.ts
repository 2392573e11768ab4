/**
 * Every translation is used somewhere, and both languages have it. A key counts as used when the
 * source names it whole in a string: t('members.total'), an i18nKey, or a message the data side
 * returns ('validation.yearRange' in shared/validation.ts, 'errors.io' in a service). A plural
 * key (members.totalNotReported_one) is used through its base key. A key built at runtime, as in
 * t(`readOnly.${reason}`), counts only through a family listed below with the reason it is safe:
 * the compiler checks most of them against a union of values, but this test cannot see types.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, extname, join, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { DOCUMENT_ERROR_CODES } from '../../electron/db/errors';
import { en } from '../../shared/i18n/en';
import { sv } from '../../shared/i18n/sv';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const SOURCE_DIRS = ['renderer', 'electron', 'shared', 'scripts'];
/** The resources themselves; shared/i18n/index.ts (its fallback key) is searched like any source. */
const RESOURCE_FILES = new Set(['shared/i18n/sv.ts', 'shared/i18n/en.ts']);
const PLURAL_SUFFIX = /_(zero|one|two|few|many|other)$/;

interface Family {
  reason: string;
  /** Only these keys under the prefix are built at runtime; without it, every key under it. */
  only?: readonly string[];
}

/** Keys built at runtime, by the prefix of the template literal that builds them. */
const DYNAMIC_FAMILIES: Record<string, Family> = {
  'readOnly.': { reason: 'readOnly.tsx: the document\'s readOnlyReason ("file", "folder"; in_use has its own text)' },
  'backups.kinds.': { reason: 'RestoreBackupDialog: BackupInfo.kind, a union in the contract' },
  'history.kinds.': { reason: 'meetings, the timeline and the report: MeetingKind' },
  'history.every.': { reason: 'MeetingsPanel: the cadence choices 1 to 4 (translateKey)' },
  'timeline.kinds.': { reason: 'TimelinePanel and the record form: TimelineKind' },
  'timeline.agreementStatus.': { reason: 'the record form (AGREEMENT_STATUSES) and historyText (translateKey)' },
  'timeline.fields.': { reason: 'the record form (FIELDS_OF_COOPERATION) and historyText (translateKey)' },
  'records.grantStatuses.': { reason: 'the record form: its grant status choices' },
  'records.agreementKinds.': { reason: 'the record form: AGREEMENT_KINDS' },
  'languages.': { reason: 'the toolbar, the report dialog and the View menu: Language' },
  'tabs.': { reason: 'SidePanelTabs: the tab ids' },
  'checks.kinds.': { reason: 'FactWarnings: WarningKind (shared/checks/warnings.ts)' },
  'activity.levels.': { reason: 'ActivityLevelField: ActivityLevel' },
  'activity.help.': { reason: 'ActivityLevelField: ActivityLevel' },
  'areas.': { reason: 'areaName: OwnAreaCode (shared/areas.ts)' },
  'import.fields.': { reason: 'ImportDialog: ImportField and "place"' },
  'help.steps.': { reason: 'HelpDialog: its STEPS, in the order a new user meets them' },
  'exportDialog.formats.': { reason: 'ExportDialog: EXPORT_FORMATS' },
  'exportDialog.delimiters.': { reason: 'ExportDialog: the names of EXPORT_DELIMITERS' },
  'sharing.things.': { reason: "shared/sharing/describe.ts: a row label's table (Table) when the row has no name" },
  'sharing.fields.': { reason: 'shared/sharing/describe.ts: a changed column (translateKey, a fallback for others)' },
  'errors.': { reason: 'errors.${code} of a DocumentError (router, document session, main)', only: DOCUMENT_ERROR_CODES },
};

function keysOf(value: unknown, prefix = ''): string[] {
  if (typeof value === 'string') return [prefix];
  return Object.entries(value as Record<string, unknown>).flatMap(([key, inner]) =>
    keysOf(inner, prefix ? `${prefix}.${key}` : key),
  );
}

function valueOf(resource: unknown, key: string): unknown {
  return key.split('.').reduce<unknown>((node, part) => (node as Record<string, unknown> | undefined)?.[part], resource);
}

function sourceFiles(dir: string): string[] {
  return readdirSync(join(root, dir), { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(path);
    return ['.ts', '.tsx', '.mts', '.js', '.mjs'].includes(extname(entry.name)) ? [path] : [];
  });
}

/** The strings of the source (no comments): whole literals, and the heads of template literals. */
function scanSource(): { literals: Set<string>; templateHeads: Map<string, string[]> } {
  const literals = new Set<string>();
  const templateHeads = new Map<string, string[]>();
  for (const path of SOURCE_DIRS.flatMap(sourceFiles).map((file) => file.split(sep).join('/'))) {
    if (RESOURCE_FILES.has(path)) continue;
    const source = ts.createSourceFile(path, readFileSync(join(root, path), 'utf8'), ts.ScriptTarget.Latest, true);
    const visit = (node: ts.Node): void => {
      if (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node)) literals.add(node.text);
      if (ts.isTemplateExpression(node)) templateHeads.set(node.head.text, [...(templateHeads.get(node.head.text) ?? []), path]);
      ts.forEachChild(node, visit);
    };
    visit(source);
  }
  return { literals, templateHeads };
}

const svKeys = keysOf(sv);
const enKeys = keysOf(en);

describe('translation keys', () => {
  const { literals, templateHeads } = scanSource();
  const familyOf = (key: string) => Object.entries(DYNAMIC_FAMILIES).find(([prefix]) => key.startsWith(prefix));
  const builtAtRuntime = (key: string) => {
    const [prefix, family] = familyOf(key) ?? [];
    if (prefix === undefined || family === undefined) return false;
    return family.only === undefined || family.only.includes(key.slice(prefix.length));
  };
  const used = (key: string) => literals.has(key) || literals.has(key.replace(PLURAL_SUFFIX, '')) || builtAtRuntime(key);

  it('every key in sv.ts is used by the source', () => {
    expect(svKeys.filter((key) => !used(key))).toEqual([]);
  });

  it('every key built at runtime belongs to a listed family, and every listed family is built', () => {
    // A template literal whose head is a key prefix (`errors.${code}`) builds keys at runtime.
    const prefixes = [...templateHeads.keys()].filter((head) => head.endsWith('.') && svKeys.some((key) => key.startsWith(head)));
    const unlisted = prefixes.filter((prefix) => !(prefix in DYNAMIC_FAMILIES));
    expect(
      unlisted.map((prefix) => `${prefix}\${…} in ${templateHeads.get(prefix)?.join(', ')}`),
      'list the family in DYNAMIC_FAMILIES with the reason its keys exist',
    ).toEqual([]);
    expect(Object.keys(DYNAMIC_FAMILIES).filter((prefix) => !prefixes.includes(prefix))).toEqual([]);
    for (const [prefix, family] of Object.entries(DYNAMIC_FAMILIES)) {
      expect(family.reason, prefix).not.toBe('');
      for (const member of family.only ?? []) expect(svKeys, `${prefix}${member}`).toContain(`${prefix}${member}`);
    }
  });

  it('Swedish and English have the same keys, and no text is empty', () => {
    expect([...enKeys].sort()).toEqual([...svKeys].sort());
    for (const key of svKeys) {
      expect(valueOf(sv, key), `sv ${key}`).toMatch(/\S/);
      expect(valueOf(en, key), `en ${key}`).toMatch(/\S/);
    }
  });
});

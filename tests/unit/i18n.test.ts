import { describe, expect, it } from 'vitest';
import { en } from '../../shared/i18n/en';
import { sv } from '../../shared/i18n/sv';
import { createI18n } from '../../shared/i18n';

function keys(value: unknown, prefix = ''): string[] {
  if (typeof value === 'string') return [prefix];
  return Object.entries(value as Record<string, unknown>).flatMap(([key, inner]) =>
    keys(inner, prefix ? `${prefix}.${key}` : key),
  );
}

describe('translations', () => {
  it('English has every Swedish key and no other, none empty', () => {
    expect(keys(en).sort()).toEqual(keys(sv).sort());
    for (const key of keys(en)) {
      const value = key.split('.').reduce<unknown>((node, part) => (node as Record<string, unknown>)[part], en);
      expect(value, key).not.toBe('');
    }
  });

  it('speaks Swedish by default and pluralises the unknowns', async () => {
    const i18n = await createI18n();
    expect(i18n.language).toBe('sv');
    expect(i18n.t('members.totalNotReported', { count: 1 })).toBe('1 uppgift saknas');
    expect(i18n.t('members.totalNotReported', { count: 2 })).toBe('2 uppgifter saknas');
    await i18n.changeLanguage('en');
    expect(i18n.t('members.totalNotReported', { count: 1 })).toBe('1 not reported');
  });
});

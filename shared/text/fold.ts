/**
 * Folds a place name for search, so that people find it however they type the Nordic letters:
 * ð/d, þ/th, æ/ae, ø/ö/oe, å/aa, and any accent (Siglufjörður = Siglufjordur, Eiði = Eidi,
 * Åbo = Abo = Aabo, Göteborg = Goeteborg = Gøteborg).
 */
const LETTERS: Record<string, string> = {
  ð: 'd',
  đ: 'd',
  þ: 'th',
  æ: 'ae',
  ø: 'o',
  œ: 'o',
  ß: 'ss',
  ł: 'l',
  ı: 'i',
};

export function foldName(text: string): string {
  const lower = text.toLowerCase();
  let replaced = '';
  for (const char of lower) replaced += LETTERS[char] ?? char;
  return replaced
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .replace(/aa/g, 'a')
    .replace(/oe/g, 'o')
    .replace(/[‐‑–—-]/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}

const MAX_LENGTH = 80;
const FALLBACK = 'course';

// Letters that Unicode decomposition does not reduce to ASCII.
const SPECIAL_LETTERS: Record<string, string> = {
  ß: 'ss', æ: 'ae', œ: 'oe', ø: 'o', đ: 'd', ð: 'd', þ: 'th', ł: 'l', ı: 'i', ħ: 'h',
};
const SPECIAL_PATTERN = new RegExp(`[${Object.keys(SPECIAL_LETTERS).join('')}]`, 'g');

/** Lowercase ASCII slug of a title: diacritics folded, words joined by '-', at most 80 characters, never empty. */
export function slugify(title: string): string {
  const slug = title
    .normalize('NFKD')
    .toLowerCase()
    .replace(SPECIAL_PATTERN, (letter) => SPECIAL_LETTERS[letter] ?? '')
    .replace(/\p{M}+/gu, '')
    .replace(/&/g, ' and ')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
  return truncate(slug) || FALLBACK;
}

// Prefer ending at a word boundary, unless that would throw away more than half the slug.
function truncate(slug: string): string {
  if (slug.length <= MAX_LENGTH) return slug;
  const cut = slug.slice(0, MAX_LENGTH);
  if (slug[MAX_LENGTH] === '-') return cut;
  const lastDash = cut.lastIndexOf('-');
  return lastDash >= MAX_LENGTH / 2 ? cut.slice(0, lastDash) : cut.replace(/-+$/, '');
}

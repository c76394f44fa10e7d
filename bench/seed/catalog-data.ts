import { VOCABULARY, type TopicGroup } from './catalog-vocabulary.ts';

export type Rng = () => number;
export type CourseLevel = 'beginner' | 'intermediate' | 'advanced';

export interface CourseText {
  title: string;
  description: string;
  tags: string[];
  level: CourseLevel;
  language: string;
  category: string;
}

export const CATEGORY_SEED: ReadonlyArray<{ slug: string; name: string }> =
  VOCABULARY.map(({ slug, name }) => ({ slug, name }));

/** mulberry32: a tiny, fast, seedable PRNG returning floats in [0, 1). */
export function createRng(seed: number): Rng {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function pick<T>(rng: Rng, items: readonly T[]): T {
  const item = items[Math.floor(rng() * items.length)];
  if (item === undefined) throw new RangeError('pick() needs a non-empty list');
  return item;
}

export function randomInt(rng: Rng, min: number, max: number): number {
  return min + Math.floor(rng() * (max - min + 1));
}

// {s} subject, {a} audience, {n} a small number, {y} a year.
const TITLE_TEMPLATES: Record<CourseLevel, string[]> = {
  beginner: [
    'Intro to {s}', 'Introduction to {s}', '{s} for Beginners', '{s} Fundamentals', 'Getting Started with {s}',
    '{s} Basics', '{s} from Scratch', 'First Steps in {s}', 'A Gentle Introduction to {s}', '{s} 101',
    "The Beginner's Guide to {s}", 'Learn {s} in {n} Days', '{s} Essentials', '{s} Made Simple',
  ],
  intermediate: [
    '{s} in Practice', 'Practical {s}', 'Hands-On {s}', '{s} Workshop', '{s} Step by Step', 'Understanding {s}',
    '{s}: A Project-Based Course', 'The Complete {s} Course', '{s} Bootcamp', '{s} Patterns and Pitfalls',
    'Real-World {s}', '{s} by Example', '{s} Explained', '{s} Crash Course', '{s} in {n} Weeks', '{s} Toolbox',
  ],
  advanced: [
    'Advanced {s}', 'Mastering {s}', '{s} Deep Dive', '{s} Masterclass', 'Expert {s}', '{s} at Scale',
    'Professional {s}', '{s}: Beyond the Basics', '{s} Under the Hood', 'Production-Grade {s}', '{s} for Experts',
  ],
};
// A subject holding a phrase like "for Travel" or "with Python" only takes templates that end
// with it: "Intro to Spanish for Travel", never "Spanish for Travel for Beginners".
const PREFIX_TEMPLATES = Object.fromEntries(
  Object.entries(TITLE_TEMPLATES).map(([level, list]) => [level, list.filter((t) => t.endsWith('{s}'))]),
) as Record<CourseLevel, string[]>;
const AUDIENCE_TEMPLATES = ['{s} for {a}', '{s} for {a}: A Practical Guide', 'Essential {s} for {a}'];
const EDITION_SUFFIXES = [' ({y} Edition)', ': {y} Update', ' (Second Edition)', ' - Part 2', ' - Part 3'];
const YEARS = ['2023', '2024', '2025', '2026'];
const LEVELS: CourseLevel[] = ['beginner', 'beginner', 'intermediate', 'intermediate', 'intermediate', 'advanced'];

// Course languages, weighted towards English as on real marketplaces.
const LANGUAGES = ['en', 'en', 'en', 'en', 'en', 'en', 'en', 'en', 'en', 'en', 'en', 'en', 'en', 'en',
  'es', 'es', 'de', 'fr', 'pt', 'ja', 'it', 'pl', 'nl', 'tr', 'hi'];

// {s} subject, {t} topic, {a} audience, {f} and {g} facets in lower case, {n} a small number.
const OPENINGS = [
  'Learn {s} through {n} hands-on lessons and small, realistic projects.',
  'A practical course on {s}, designed for {a}.',
  'This course takes you from the basics of {t} to confident, everyday use.',
  'Discover how {s} really works and how to apply it with confidence.',
  'Build solid {s} skills one short exercise at a time.',
  'Everything you need to get productive with {s}, without the fluff.',
  'A structured path through {s}, taught by practitioners who use it every day.',
];
const MIDDLES = [
  'You will work through short videos, worked examples and quizzes.',
  'Each module ends with a project you can add to your portfolio.',
  'We cover {f} and {g}, along with the mistakes people most often make.',
  'Along the way you will practise {f} and {g} on realistic examples.',
  'Every lesson is under fifteen minutes, so it fits into a busy schedule.',
  'Downloadable notes, checklists and exercise files accompany every module.',
  'Real case studies show how {a} use {t} in their day-to-day work.',
];
const CLOSINGS: Record<CourseLevel, string[]> = {
  beginner: ['No prior experience with {t} is required.', 'Perfect if you have never touched {t} before.', 'Start from zero and finish with a result you are proud of.'],
  intermediate: ['Some familiarity with {t} is helpful.', 'By the end you will be ready to use {s} in your own work.', 'Ideal for {a} who know the basics and want more.'],
  advanced: ['Assumes solid working knowledge of {t}.', 'Aimed at {a} who want to go deep.', 'Expect challenging exercises and real production scenarios.'],
};

// Templates are split once into [text, key, text, key, ...]; a regex replace per call is too slow for 100k courses.
const compiledTemplates = new Map<string, string[]>();
function fill(template: string, values: Record<string, string>): string {
  let parts = compiledTemplates.get(template);
  if (parts === undefined) compiledTemplates.set(template, (parts = template.split(/\{(\w)\}/)));
  let out = parts[0] ?? '';
  for (let i = 1; i < parts.length; i += 2) out += (values[parts[i] ?? ''] ?? '') + (parts[i + 1] ?? '');
  return out;
}

// The word lists are small and fixed, so derived strings are computed once and reused.
function memo(fn: (s: string) => string): (s: string) => string {
  const cache = new Map<string, string>();
  return (s) => {
    let value = cache.get(s);
    if (value === undefined) cache.set(s, (value = fn(s)));
    return value;
  };
}

const toTag = memo((s) => s.replace(/^(for|with|at|in|through) /, '').toLowerCase()
  .replace(/\+/g, 'p').replace(/#/g, 'sharp').replace(/\./g, '').replace(/&/g, 'and')
  .replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, ''));
// "Query Tuning" -> "query tuning", but "REST APIs" and "EQ and Compression" keep their acronyms.
const inSentence = memo((s) => s.replace(/\b[A-Z](?=[a-z])/g, (c) => c.toLowerCase()));
const inTitle = memo((s) => s.replace(/(^|[\s-])[a-z]/g, (c) => c.toUpperCase()));
const PHRASE = / (for|with|at|in|through) /;
const isPhrase = (facet: string): boolean => facet.charCodeAt(0) >= 97 && facet.charCodeAt(0) <= 122;
const namedFacetsOf = new Map<TopicGroup, string[]>(
  VOCABULARY.flatMap((v) => v.groups).map((g) => [g, g.facets.filter((f) => !isPhrase(f))]),
);

interface Subject {
  subject: string;
  topic: string;
  facets: string[];
}

function pickSubject(rng: Rng, group: TopicGroup): Subject {
  const topic = pick(rng, group.topics);
  const roll = rng();
  if (roll < 0.2) return { subject: topic, topic, facets: [] };
  const facet = pick(rng, group.facets);
  const second = pick(rng, group.facets);
  if (roll < 0.3 && second !== facet && !isPhrase(facet) && !isPhrase(second)) {
    return { subject: `${topic} ${facet} and ${second}`, topic, facets: [facet, second] };
  }
  return { subject: `${topic} ${facet}`, topic, facets: [facet] };
}

function pickTitle(rng: Rng, subject: string, level: CourseLevel, audience: string): string {
  const endsInPhrase = PHRASE.test(subject);
  let template: string;
  if (!endsInPhrase && rng() < 0.1) template = pick(rng, AUDIENCE_TEMPLATES);
  else template = pick(rng, (endsInPhrase ? PREFIX_TEMPLATES : TITLE_TEMPLATES)[level]);
  if (rng() < 0.06) template += pick(rng, EDITION_SUFFIXES);
  return fill(template, { s: subject, a: inTitle(audience), n: String(randomInt(rng, 2, 30)), y: pick(rng, YEARS) });
}

/**
 * Text for the course at `index`: categories rotate with the index so that every slice of the
 * catalogue covers all of them; everything else comes from `rng`.
 */
export function generateCourseText(rng: Rng, index: number): CourseText {
  const vocabulary = VOCABULARY[index % VOCABULARY.length];
  if (vocabulary === undefined) throw new RangeError(`index must be a non-negative integer, got ${index}`);
  const group = pick(rng, vocabulary.groups);
  const subject = pickSubject(rng, group);
  const audience = pick(rng, vocabulary.audiences);
  const level = pick(rng, LEVELS);
  const title = pickTitle(rng, subject.subject, level, audience);

  const namedFacets = namedFacetsOf.get(group) as string[];
  const f = subject.facets.find((x) => !isPhrase(x)) ?? pick(rng, namedFacets);
  let g = pick(rng, namedFacets);
  if (g === f) g = namedFacets[(namedFacets.indexOf(g) + 1) % namedFacets.length] ?? g;
  const values = {
    s: subject.subject, t: subject.topic, a: audience, f: inSentence(f), g: inSentence(g), n: String(randomInt(rng, 8, 60)),
  };
  const description = `${fill(pick(rng, OPENINGS), values)} ${fill(pick(rng, MIDDLES), values)} ${fill(pick(rng, CLOSINGS[level]), values)}`;

  const tags: string[] = [];
  const candidates = [toTag(subject.topic), ...subject.facets.map(toTag), vocabulary.slug, pick(rng, vocabulary.tags)];
  if (rng() < 0.5) candidates.push(pick(rng, vocabulary.tags));
  for (const tag of candidates) if (!tags.includes(tag)) tags.push(tag);

  return { title, description, tags, level, language: pick(rng, LANGUAGES), category: vocabulary.slug };
}

const LESSON_PARAGRAPHS = [
  'In this lesson we look at {t} from a practical angle: what problem it solves, and where it fits into the bigger picture.',
  'Start by reading the example below, then try it yourself before moving on. Small experiments teach more than long explanations.',
  'Most people get stuck on the same few details. We go through them one at a time, with a short exercise after each.',
  'Keep your notes from the previous lesson nearby; we build directly on the ideas introduced there.',
  'By the end of this lesson you should be able to explain {t} in your own words and apply it to a new situation.',
  'There is no single right way to approach this. Compare the two approaches shown here and decide which suits your work.',
  'Take your time with the exercise. If something feels unclear, rewatch the demonstration and try again with a smaller example.',
];
const LESSON_HEADINGS = ['Key points', 'What you will practise', 'Checklist', 'Try it yourself', 'Summary'];
const LESSON_ITEMS = [
  'Review the core vocabulary before the exercise',
  'Work through the example slowly, one step at a time',
  'Change one thing and observe what happens',
  'Write down the question you could not answer yet',
  'Compare your result with the reference solution',
  'Repeat the exercise tomorrow without looking at your notes',
  'Share your result in the course discussion',
  'Note the most common mistake and how to avoid it',
];
const CODE_SNIPPETS = [
  '```bash\nmkdir practice && cd practice\ngit init\n```',
  '```ts\nexport function average(values: number[]): number {\n  return values.reduce((a, b) => a + b, 0) / values.length;\n}\n```',
  '```python\nscores = [72, 88, 95]\nprint(sum(scores) / len(scores))\n```',
  '```sql\nSELECT title, created_at\nFROM lessons\nORDER BY created_at DESC\nLIMIT 10;\n```',
  '```yaml\nsteps:\n  - name: warm-up\n    minutes: 5\n  - name: practice\n    minutes: 20\n```',
];

/** A short, believable markdown lesson body: heading, two paragraphs, a list and sometimes a code block or tip. */
export function generateLessonMarkdown(rng: Rng, title: string): string {
  const values = { t: title };
  const first = pick(rng, LESSON_PARAGRAPHS);
  let second = pick(rng, LESSON_PARAGRAPHS);
  if (second === first) second = LESSON_PARAGRAPHS[(LESSON_PARAGRAPHS.indexOf(first) + 1) % LESSON_PARAGRAPHS.length] ?? first;

  const items = new Set<string>();
  const itemCount = randomInt(rng, 3, 5);
  while (items.size < itemCount) items.add(pick(rng, LESSON_ITEMS));

  const parts = [
    `## ${title}`,
    fill(first, values),
    fill(second, values),
    `### ${pick(rng, LESSON_HEADINGS)}`,
    [...items].map((item) => `- ${item}`).join('\n'),
  ];
  if (rng() < 0.4) parts.push(pick(rng, CODE_SNIPPETS));
  if (rng() < 0.3) parts.push('> **Tip:** pause the video and try each step before watching the solution.');
  return `${parts.join('\n\n')}\n`;
}

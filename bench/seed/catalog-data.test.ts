import { describe, expect, it } from 'vitest';
import { CATEGORY_SEED, createRng, generateCourseText, generateLessonMarkdown, type CourseText } from './catalog-data.ts';
import { renderLessonMarkdown } from '../../plugins/courses/src/content/markdown.ts';

function courses(seed: number, count: number): CourseText[] {
  const rng = createRng(seed);
  return Array.from({ length: count }, (_, i) => generateCourseText(rng, i));
}

const KEBAB = /^[a-z0-9]+(-[a-z0-9]+)*$/;

describe('createRng', () => {
  it('is deterministic per seed and returns floats in [0, 1)', () => {
    const a = createRng(7);
    const b = createRng(7);
    const c = createRng(8);
    const fromA = Array.from({ length: 1000 }, a);
    expect(Array.from({ length: 1000 }, b)).toEqual(fromA);
    expect(Array.from({ length: 1000 }, c)).not.toEqual(fromA);
    for (const x of fromA) {
      expect(x).toBeGreaterThanOrEqual(0);
      expect(x).toBeLessThan(1);
    }
    expect(new Set(fromA).size).toBeGreaterThan(990);
  });
});

describe('CATEGORY_SEED', () => {
  it('has about a dozen unique kebab-case slugs with names', () => {
    expect(CATEGORY_SEED.length).toBe(12);
    expect(new Set(CATEGORY_SEED.map((c) => c.slug)).size).toBe(12);
    for (const { slug, name } of CATEGORY_SEED) {
      expect(slug).toMatch(KEBAB);
      expect(name.length).toBeGreaterThan(0);
    }
    expect(CATEGORY_SEED.map((c) => c.slug)).toEqual(expect.arrayContaining(['programming', 'data-science', 'devops', 'health']));
  });
});

describe('generateCourseText', () => {
  const sample = courses(2024, 10_000);

  it('is deterministic: same seed, same courses; different seed, different courses', () => {
    expect(courses(2024, 500)).toEqual(sample.slice(0, 500));
    const other = courses(2025, 500);
    expect(other).not.toEqual(sample.slice(0, 500));
    const sameTitle = other.filter((c, i) => c.title === sample[i]?.title).length;
    expect(sameTitle).toBeLessThan(25);
  });

  it('produces at least 90% distinct titles over 10,000 courses', () => {
    expect(new Set(sample.map((c) => c.title)).size).toBeGreaterThanOrEqual(9_000);
  });

  it('varies titles within every category', () => {
    for (const { slug } of CATEGORY_SEED) {
      const titles = sample.filter((c) => c.category === slug).map((c) => c.title);
      expect(titles.length).toBeGreaterThan(800);
      expect(new Set(titles).size / titles.length).toBeGreaterThan(0.9);
      expect(new Set(titles.map((t) => t.split(' ')[0])).size).toBeGreaterThan(20);
    }
  });

  it('mentions real technologies', () => {
    const text = sample.map((c) => c.title).join('\n');
    for (const name of ['Kubernetes', 'PostgreSQL', 'React', 'Rust', 'Terraform', 'PyTorch', 'Figma']) {
      expect(text).toContain(name);
    }
  });

  it('fills every field with clean values', () => {
    const categories = new Set(CATEGORY_SEED.map((c) => c.slug));
    for (const course of sample) {
      expect(categories.has(course.category)).toBe(true);
      expect(['beginner', 'intermediate', 'advanced']).toContain(course.level);
      expect(course.language).toMatch(/^[a-z]{2}$/);
      for (const text of [course.title, course.description]) {
        expect(text).not.toMatch(/[{}]|undefined|\s{2}|^\s|\s$/);
      }
      expect(course.title.length).toBeLessThanOrEqual(120);
      expect(course.title).not.toMatch(/ for .* for /);
      expect(course.description.length).toBeGreaterThan(60);
      expect(course.tags.length).toBeGreaterThanOrEqual(2);
      expect(new Set(course.tags).size).toBe(course.tags.length);
      expect(course.tags).toContain(course.category);
      for (const tag of course.tags) expect(tag).toMatch(KEBAB);
    }
  });

  it('rejects an index that cannot pick a category', () => {
    expect(() => generateCourseText(createRng(1), -1)).toThrow(RangeError);
  });

  it('spreads courses over all categories, levels and several languages', () => {
    const count = (key: keyof CourseText) => new Set(sample.map((c) => c[key])).size;
    expect(count('category')).toBe(12);
    expect(count('level')).toBe(3);
    expect(count('language')).toBeGreaterThan(5);
    expect(sample.filter((c) => c.language === 'en').length / sample.length).toBeGreaterThan(0.4);
  });
});

describe('generateLessonMarkdown', () => {
  it('is deterministic and starts with the title as a heading', () => {
    const a = generateLessonMarkdown(createRng(1), 'Kubernetes Networking in Practice');
    expect(generateLessonMarkdown(createRng(1), 'Kubernetes Networking in Practice')).toBe(a);
    expect(a.startsWith('## Kubernetes Networking in Practice\n\n')).toBe(true);
    expect(a).toMatch(/^- .+$/m);
  });

  it('varies between lessons and renders to prose with the courses renderer', () => {
    const rng = createRng(3);
    const bodies = Array.from({ length: 200 }, (_, i) => generateLessonMarkdown(rng, `Lesson ${i}`));
    expect(new Set(bodies.map((b) => b.replace(/Lesson \d+/g, ''))).size).toBeGreaterThan(150);
    expect(bodies.some((b) => b.includes('```'))).toBe(true);
    const html = renderLessonMarkdown(bodies[0] ?? '');
    expect(html).toContain('<h2>Lesson 0</h2>');
    expect(html.match(/<p>/g)?.length).toBeGreaterThanOrEqual(2);
    expect(html).toContain('<ul>');
  });
});

import { CATALOG_TAG } from '../src/cache.ts'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createTestEngine, type Actor, type TestEngine } from '@eduplatform/core/testing'
import { courses } from '../src/index.ts'
import { buildTsquery } from '../src/catalog.ts'
import { API, expectProblem, makeCourse } from './helpers.ts'

let t: TestEngine
let teacher: Actor
let other: Actor

interface Item {
  id: string
  title: string
  priceCents: number
  avgRating: number
  reviewCount: number
  enrollmentCount: number
  publishedAt: string
  level: string
  category: { slug: string } | null
  lessonCount: number
  teacher: { id: string; name: string }
}

const TITLES = [
  'Kubernetes Networking in Practice', 'Kubernetes Security Essentials', 'Intro to Python', 'Python for Data Analysis',
  'Advanced Rust Concurrency', 'Watercolor Landscapes', 'Spanish for Travel', 'Piano Chords and Accompaniment',
  'Bookkeeping Basics', 'Docker from Scratch', 'Statistics Made Simple', 'UI Design Fundamentals',
  'Email Marketing Essentials', 'Smartphone Photography', 'Yoga for Beginners', 'Linear Algebra Refresher',
  'Go Web Services', 'TypeScript Generics Deep Dive', 'SQL Window Functions', 'Jazz Guitar Improvisation',
  'Portrait Drawing', 'Public Speaking Confidence', 'Excel Pivot Tables', 'Terraform on AWS', 'Pandas Data Wrangling',
]
// Descriptions default to one naming the title; this one names Python only in the description, and often.
const DESCRIPTIONS: Record<string, string> = {
  'Pandas Data Wrangling': 'Clean messy tables with Python: Python scripts, Python notebooks and pandas. Python all the way.',
}
const CATEGORIES = ['devops', 'devops', 'programming', 'data-science', 'programming', 'design', 'languages', 'music',
  'business', 'devops', 'mathematics', 'design', 'marketing', 'photography', 'health', 'mathematics',
  'programming', 'programming', 'data-science', 'music', 'design', 'personal-development', 'business', 'devops', 'data-science']
const LEVELS = ['beginner', 'intermediate', 'advanced']
// Ties on purpose: keyset pages must break them by id.
const PRICES = [0, 1900, 0, 4900, 1900, 2900, 0, 1900, 4900, 0, 2900, 1900]

let all: Item[] = []

beforeAll(async () => {
  t = await createTestEngine({ plugins: [courses()] })
  teacher = await t.asTeacher()
  other = await t.asTeacher()
  const service = t.app.services.get('courses')
  for (let i = 0; i < TITLES.length; i++) {
    const c = await makeCourse(i % 5 === 0 ? other : teacher, {
      title: TITLES[i], description: DESCRIPTIONS[TITLES[i]!] ?? `A course about ${TITLES[i]!.toLowerCase()}. Lesson ${i}.`, category: CATEGORIES[i],
      level: LEVELS[i % 3], priceCents: PRICES[i % PRICES.length],
    }, { modules: 1, lessons: 1 })
    await t.app.orm.em.fork().transactional(async (em) => {
      await service.adjustEnrollmentCount(em, c.id, (i * 7) % 5)
      await service.setRatingStats(em, c.id, { avgRating: [4.5, 3, 4.5, 5, 0][i % 5]!, reviewCount: [10, 3, 10, 1, 0][i % 5]! })
    })
  }
  // Not in the catalogue: a draft and an archived course whose titles match searches.
  await makeCourse(teacher, { title: 'Kubernetes Networking Draft' }, { publish: false })
  const archived = await makeCourse(teacher, { title: 'Kubernetes Networking Archived' })
  await teacher.inject({ method: 'PATCH', url: `${API}/courses/${archived.id}`, payload: { status: 'archived' } })
  all = (await t.inject({ method: 'GET', url: `${API}/courses?limit=100` })).json().items
}, 120_000)
afterAll(async () => t?.close())

async function walk(query: string, limit = 5): Promise<Item[]> {
  const items: Item[] = []
  let cursor: string | null = null
  for (let page = 0; page < 100; page++) {
    const res = await t.inject({ method: 'GET', url: `${API}/courses?${query}&limit=${limit}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}` })
    expect(res.statusCode, res.body).toBe(200)
    const body = res.json()
    expect(body.items.length).toBeLessThanOrEqual(limit)
    items.push(...body.items)
    cursor = body.nextCursor
    if (!cursor) return items
    expect(body.items.length).toBe(limit)
  }
  throw new Error('too many pages')
}

const byKey = (key: (i: Item) => Array<number | string>, dir: 1 | -1) => (a: Item, b: Item) => {
  const ka = [...key(a), a.id]
  const kb = [...key(b), b.id]
  for (let i = 0; i < ka.length; i++) {
    if (ka[i]! < kb[i]!) return -dir
    if (ka[i]! > kb[i]!) return dir
  }
  return 0
}

const SORTS = {
  newest: byKey((i) => [Date.parse(i.publishedAt)], -1),
  rating: byKey((i) => [i.avgRating, i.reviewCount], -1),
  price_asc: byKey((i) => [i.priceCents], 1),
  price_desc: byKey((i) => [i.priceCents], -1),
  popular: byKey((i) => [i.enrollmentCount], -1),
} as const

describe('catalogue', () => {
  it('lists only published courses, newest first by default, with teacher, category and counts', () => {
    expect(all).toHaveLength(TITLES.length)
    expect(all.map((i) => i.title)).not.toContain('Kubernetes Networking Draft')
    expect(all.map((i) => i.title)).not.toContain('Kubernetes Networking Archived')
    expect([...all].sort(SORTS.newest).map((i) => i.id)).toEqual(all.map((i) => i.id))
    expect(all[0]).toMatchObject({ teacher: { id: expect.any(String), name: expect.any(String) }, category: { slug: expect.any(String), name: expect.any(String) }, lessonCount: 1 })
  })

  const filters: Record<string, (i: Item) => boolean> = {
    '': () => true,
    'category=devops': (i) => i.category?.slug === 'devops',
    'level=intermediate': (i) => i.level === 'intermediate',
    'free=true': (i) => i.priceCents === 0,
    'free=false': (i) => i.priceCents > 0,
    'minPrice=1900&maxPrice=2900': (i) => i.priceCents >= 1900 && i.priceCents <= 2900,
    'minRating=4.5': (i) => i.avgRating >= 4.5,
    'category=programming&free=false&minRating=3': (i) => i.category?.slug === 'programming' && i.priceCents > 0 && i.avgRating >= 3,
  }
  for (const [sort, compare] of Object.entries(SORTS)) {
    for (const [filter, keep] of Object.entries(filters)) {
      it(`walks every page of sort=${sort} ${filter || '(no filter)'}: complete, no duplicates, in order`, async () => {
        const items = await walk(`sort=${sort}&${filter}`, 4)
        const expected = all.filter(keep).sort(compare)
        expect(expected.length).toBeGreaterThan(0)
        expect(items.map((i) => i.id)).toEqual(expected.map((i) => i.id))
      })
    }
  }

  // With q the page comes from the search table: every sort and filter must agree with the plain listing.
  for (const [sort, compare] of Object.entries(SORTS)) {
    for (const [filter, keep] of Object.entries(filters)) {
      it(`walks every page of q=course&sort=${sort} ${filter || '(no filter)'} in the plain listing's order`, async () => {
        const items = await walk(`q=course&sort=${sort}&${filter}`, 4)
        // "A course about …" is in every description but the Pandas one.
        const expected = all.filter((i) => keep(i) && i.title !== 'Pandas Data Wrangling').sort(compare)
        expect(expected.length).toBeGreaterThan(0)
        expect(items.map((i) => i.id)).toEqual(expected.map((i) => i.id))
      })
    }
  }

  it('pages through search results by relevance without gaps or duplicates', async () => {
    const one = (await t.inject({ method: 'GET', url: `${API}/courses?q=kubernetes&limit=100` })).json().items as Item[]
    expect(one.length).toBeGreaterThanOrEqual(2)
    const paged = await walk('q=kubernetes', 1)
    expect(paged.map((i) => i.id)).toEqual(one.map((i) => i.id))
    const python = await walk('q=python&sort=price_desc', 1)
    expect(python.map((i) => i.title).sort()).toEqual(['Intro to Python', 'Pandas Data Wrangling', 'Python for Data Analysis'])
    expect(python.map((i) => i.priceCents)).toEqual([...python.map((i) => i.priceCents)].sort((a, b) => b - a))
  })

  it('walks relevance pages of a broad search (many equal ranks) without gaps or duplicates', async () => {
    // Every description but one says "A course about …": ranks tie, the id breaks the ties.
    for (const q of ['course', 'coures about', 'cours']) {
      const one = (await t.inject({ method: 'GET', url: `${API}/courses?q=${encodeURIComponent(q)}&limit=100` })).json().items as Item[]
      expect(one.length, q).toBe(TITLES.length - 1)
      for (const limit of [1, 3, 7]) {
        const paged = await walk(`q=${encodeURIComponent(q)}`, limit)
        expect(paged.map((i) => i.id), `${q} by ${limit}`).toEqual(one.map((i) => i.id))
      }
    }
  })
})

describe('search', () => {
  it('finds the right course despite typos, ranked first', async () => {
    for (const [q, title] of [
      ['kubernetis netwrking', 'Kubernetes Networking in Practice'],
      ['kubernets securty', 'Kubernetes Security Essentials'],
      ['piano chrods', 'Piano Chords and Accompaniment'],
      ['watercolour landscape', 'Watercolor Landscapes'],
      ['terraform aws', 'Terraform on AWS'],
      ['SQL WINDOW', 'SQL Window Functions'],
    ]) {
      const res = await t.inject({ method: 'GET', url: `${API}/courses?q=${encodeURIComponent(q!)}` })
      expect(res.statusCode).toBe(200)
      expect(res.json().items[0]?.title, q).toBe(title)
    }
  })

  it('corrects a typo in each of two words, and combines that with a filter', async () => {
    const search = async (query: string) => (await t.inject({ method: 'GET', url: `${API}/courses?${query}` })).json().items as Item[]
    expect((await search('q=kubernets%20securty&category=devops'))[0]?.title).toBe('Kubernetes Security Essentials')
    expect((await search('q=kubernetis%20netwrking&level=beginner')).map((i) => i.title)).toEqual(['Kubernetes Networking in Practice'])
    expect(await search('q=kubernetis%20netwrking&level=intermediate')).toEqual([])
    expect(await search('q=kubernets%20securty&category=music')).toEqual([])
    expect((await search('q=pyhton%20dta&free=false')).map((i) => i.title)).toEqual(['Python for Data Analysis'])
  })

  it('ranks title matches above description-only matches', async () => {
    const items = (await t.inject({ method: 'GET', url: `${API}/courses?q=python` })).json().items as Item[]
    expect(items.map((i) => i.title)).toEqual([expect.stringMatching(/Python/), expect.stringMatching(/Python/), 'Pandas Data Wrangling'])
    const typo = (await t.inject({ method: 'GET', url: `${API}/courses?q=pythn` })).json().items as Item[]
    expect(typo.map((i) => i.id)).toEqual(items.map((i) => i.id))
  })

  it('drops a word that matches nothing; finds nothing when no word matches', async () => {
    const titles = async (q: string) => ((await t.inject({ method: 'GET', url: `${API}/courses?q=${encodeURIComponent(q)}` })).json().items as Item[]).map((i) => i.title)
    expect(await titles('kubernetes qqxqqxqq')).toEqual(expect.arrayContaining(['Kubernetes Networking in Practice', 'Kubernetes Security Essentials']))
    expect(await titles('qqxqqxqq')).toEqual([])
    // No words at all: the plain listing, newest first.
    expect(await titles('%')).toEqual(all.slice(0, 20).map((i) => i.title))
  })

  it('finds the words of an edited course, typos included', async () => {
    const c = await makeCourse(teacher, { title: 'Glassblowing Weekend' })
    const titles = async (q: string) => ((await t.inject({ method: 'GET', url: `${API}/courses?q=${encodeURIComponent(q)}` })).json().items as Item[]).map((i) => i.title)
    expect(await titles('glasblowing')).toEqual(['Glassblowing Weekend'])
    await teacher.inject({ method: 'PATCH', url: `${API}/courses/${c.id}`, payload: { title: 'Stained Glass Windows', description: 'Leadwork and soldering.' } })
    expect(await titles('staind glas')).toEqual(['Stained Glass Windows'])
    expect(await titles('soldring')).toEqual(['Stained Glass Windows'])
    expect(await titles('glassblowing')).toEqual([])
    await teacher.inject({ method: 'DELETE', url: `${API}/courses/${c.id}` })
  })

  it('keeps search in step with every change of a course: price, level, counts, archive, publish again', async () => {
    const c = await makeCourse(teacher, { title: 'Bonsai Pruning', level: 'beginner', priceCents: 0 })
    const found = async (query: string) => ((await t.inject({ method: 'GET', url: `${API}/courses?q=bonsai&${query}` })).json().items as Item[]).map((i) => i.id)
    expect(await found('free=true&level=beginner')).toEqual([c.id])
    await teacher.inject({ method: 'PATCH', url: `${API}/courses/${c.id}`, payload: { priceCents: 2500, level: 'advanced' } })
    expect(await found('free=true')).toEqual([])
    expect(await found('level=beginner')).toEqual([])
    expect(await found('minPrice=2500&level=advanced')).toEqual([c.id])
    const service = t.app.services.get('courses')
    await t.app.orm.em.fork().transactional(async (em) => {
      await service.adjustEnrollmentCount(em, c.id, 3)
      await service.setRatingStats(em, c.id, { avgRating: 4.8, reviewCount: 12 })
    })
    const [item] = (await t.inject({ method: 'GET', url: `${API}/courses?q=bonsai&sort=popular&minRating=4.8` })).json().items as Item[]
    expect(item).toMatchObject({ id: c.id, enrollmentCount: 3, avgRating: 4.8, reviewCount: 12 })
    await teacher.inject({ method: 'PATCH', url: `${API}/courses/${c.id}`, payload: { status: 'archived' } })
    expect(await found('')).toEqual([])
    await teacher.inject({ method: 'PATCH', url: `${API}/courses/${c.id}`, payload: { status: 'published' } })
    expect(await found('')).toEqual([c.id])
    await t.app.orm.em.fork().transactional((em) => service.adjustEnrollmentCount(em, c.id, -3))
    expect((await teacher.inject({ method: 'DELETE', url: `${API}/courses/${c.id}` })).statusCode).toBe(204)
    expect(await found('')).toEqual([])
  })

  it('searches the description too, and combines search with filters', async () => {
    expect((await t.inject({ method: 'GET', url: `${API}/courses?q=${encodeURIComponent('lesson 7')}` })).json().items.map((i: Item) => i.title)).toContain(TITLES[7])
    const res = await t.inject({ method: 'GET', url: `${API}/courses?q=kubernetes&category=devops&free=false` })
    const items = res.json().items as Item[]
    expect(items.length).toBeGreaterThan(0)
    expect(items.filter((i) => i.category?.slug !== 'devops' || i.priceCents === 0)).toEqual([])
    expect((await t.inject({ method: 'GET', url: `${API}/courses?q=kubernetes&category=music` })).json().items).toEqual([])
  })

  it('treats SQL-looking and odd input as text', async () => {
    for (const q of ["'; DROP TABLE courses; --", "' OR '1'='1", '%', '_', '\\', '?', '??', '$1', 'ü🎹 Ω', '   ', 'a',
      'c++ & | ! ( ) :*', 'python & !', '(python', 'python:*', "'python'", 'python <-> data', '!python', 'a:b:c', "o'reilly\\x", '&&&', ':*']) {
      const res = await t.inject({ method: 'GET', url: `${API}/courses?q=${encodeURIComponent(q)}` })
      expect(res.statusCode, q).toBe(200)
      expect(Array.isArray(res.json().items)).toBe(true)
    }
    // tsquery syntax in q is text: the words still count.
    const python = (await t.inject({ method: 'GET', url: `${API}/courses?q=${encodeURIComponent('python & ! ( :*')}` })).json().items as Item[]
    expect(python.map((i) => i.title)).toContain('Intro to Python')
    const [row] = await t.app.orm.em.fork().execute(`SELECT count(*)::int AS n FROM courses`)
    expect(row!.n).toBe(TITLES.length + 2)
    expectProblem(await t.inject({ method: 'GET', url: `${API}/courses?q=${'x'.repeat(201)}` }), 400)
  })
})

describe('buildTsquery', () => {
  const row = (pos: number, token: string, word: string | null, prefix = false) => ({ pos, token, word, prefix })
  it('ORs the candidates of a word, ANDs the words, drops words without candidates, quotes every lexeme', () => {
    expect(buildTsquery([])).toBeUndefined()
    expect(buildTsquery([row(1, 'zzz', null)])).toBeNull()
    expect(buildTsquery([row(1, 'kubernetis', 'kubernetes'), row(2, 'qqq', null), row(3, 'netwrking', 'networking'), row(3, 'netwrking', 'network')]))
      .toBe("('kubernetes') & ('networking' | 'network')")
    expect(buildTsquery([row(1, 'kub', 'kubo', true)])).toBe("('kubo' | 'kub':*)")
    expect(buildTsquery([row(1, "o'reilly", "o'reilly"), row(2, 'a\\b', 'a\\b')])).toBe("('o''reilly') & ('a\\\\b')")
  })
})

describe('bad list input', () => {
  it('rejects limit above 100, below 1, or not a number', async () => {
    for (const limit of ['101', '0', '-1', 'ten', '1.5']) expectProblem(await t.inject({ method: 'GET', url: `${API}/courses?limit=${limit}` }), 400)
    expect((await t.inject({ method: 'GET', url: `${API}/courses?limit=100` })).statusCode).toBe(200)
  })

  it('rejects garbage, forged and foreign cursors with 400', async () => {
    const b64 = (v: unknown) => Buffer.from(JSON.stringify(v)).toString('base64url')
    const first = (await t.inject({ method: 'GET', url: `${API}/courses?sort=price_asc&limit=2` })).json()
    const cursors = [
      'garbage', '!!!', 'e30', b64({}), b64([]), b64(['price_asc']), b64(['price_asc', 'x', 'y']),
      b64(['price_asc', 1e20, '01900000-0000-7000-8000-000000000000']), b64(['price_asc', 1, 'not-a-uuid']),
      b64(['newest', "2024-01-01'; DROP TABLE courses; --", '01900000-0000-7000-8000-000000000000']),
      b64(['newest', 'yesterday', '01900000-0000-7000-8000-000000000000']),
      b64(['rating', 99, 1, '01900000-0000-7000-8000-000000000000']),
      b64(['relevance', 0.5, '01900000-0000-7000-8000-000000000000']),
      'x'.repeat(2000),
    ]
    for (const cursor of cursors) {
      expectProblem(await t.inject({ method: 'GET', url: `${API}/courses?sort=price_asc&cursor=${encodeURIComponent(cursor)}` }), 400)
    }
    // A timestamp of the right form that names no instant PostgreSQL accepts (month 13, 30 February, year 0, a
    // 24-hour offset) is a 400 too, not a failed cast.
    const id = '01900000-0000-7000-8000-000000000000'
    for (const at of ['2026-13-01 00:00:00+00', '2026-02-30 00:00:00+00', '0000-01-01 00:00:00+00', '2026-01-01 24:00:00+00', '2026-01-01 00:00:00+24']) {
      expectProblem(await t.inject({ method: 'GET', url: `${API}/courses?sort=newest&cursor=${b64(['newest', at, id])}` }), 400)
      expectProblem(await other.inject({ method: 'GET', url: `${API}/courses/mine?cursor=${b64(['mine', at, id])}` }), 400)
    }
    expect((await t.inject({ method: 'GET', url: `${API}/courses?sort=newest&cursor=${b64(['newest', '2024-02-29 23:59:59.5+05:30', id])}` })).statusCode).toBe(200)
    // A cursor of one sort is not valid for another.
    expectProblem(await t.inject({ method: 'GET', url: `${API}/courses?sort=popular&cursor=${first.nextCursor}` }), 400)
    expect((await t.inject({ method: 'GET', url: `${API}/courses?sort=price_asc&limit=2&cursor=${first.nextCursor}` })).statusCode).toBe(200)
  })

  it('rejects bad filters', async () => {
    for (const query of ['sort=cheapest', 'level=expert', 'free=maybe', 'minPrice=-1', 'minRating=6', 'category=Not%20A%20Slug', 'minPrice=3000&maxPrice=1000']) {
      expectProblem(await t.inject({ method: 'GET', url: `${API}/courses?${query}` }), 400)
    }
    expect((await t.inject({ method: 'GET', url: `${API}/courses?category=no-such-category` })).json().items).toEqual([])
  })
})

describe('own courses', () => {
  it('lists a teacher\'s courses in every status, paginated, newest first; not for students', async () => {
    const draft = await makeCourse(other, { title: 'Other draft' }, { publish: false })
    const mine = async (query = '') => {
      const items: Item[] = []
      let cursor: string | null = null
      do {
        const res = await other.inject({ method: 'GET', url: `${API}/courses/mine?limit=2${query}${cursor ? `&cursor=${cursor}` : ''}` })
        expect(res.statusCode).toBe(200)
        items.push(...res.json().items)
        cursor = res.json().nextCursor
      } while (cursor)
      return items
    }
    const items = await mine()
    const [row] = await t.app.orm.em.fork().execute(`SELECT count(*)::int AS n FROM courses WHERE teacher_id = ?`, [other.user.id])
    expect(items).toHaveLength(row!.n)
    expect(new Set(items.map((i) => i.id)).size).toBe(items.length)
    expect(items[0]!.id).toBe(draft.id)
    expect((await mine('&status=draft')).map((i) => i.id)).toEqual([draft.id])
    expectProblem(await (await t.asStudent()).inject({ method: 'GET', url: `${API}/courses/mine` }), 403)
    expectProblem(await t.inject({ method: 'GET', url: `${API}/courses/mine` }), 401)
    expectProblem(await other.inject({ method: 'GET', url: `${API}/courses/mine?cursor=garbage` }), 400)
  })

  it('shows every kind of write on the next read, from the cards the course detail reads too', async () => {
    const own = await t.asTeacher({ name: 'Own Teacher' })
    const service = t.app.services.get('courses')
    type OwnItem = Item & { status: string; moduleCount: number }
    const list = async () => {
      const res = await own.inject({ method: 'GET', url: `${API}/courses/mine` })
      expect(res.statusCode).toBe(200)
      expect(res.headers['cache-control']).toBe('private, no-cache')
      return res.json().items as OwnItem[]
    }
    const first = await makeCourse(own, { title: 'Own draft' }, { publish: false })
    expect((await list()).map((i) => [i.id, i.status, i.moduleCount, i.lessonCount])).toEqual([[first.id, 'draft', 1, 2]])
    // The card is the course's detail entry: the same JSON as GET /courses/:id.
    const detail = await own.inject({ method: 'GET', url: `${API}/courses/${first.id}` })
    expect((await list())[0]).toEqual(detail.json())

    await own.inject({ method: 'PATCH', url: `${API}/courses/${first.id}`, payload: { title: 'Own draft, renamed', priceCents: 2500 } })
    expect((await list())[0]).toMatchObject({ title: 'Own draft, renamed', priceCents: 2500 })
    await own.inject({ method: 'POST', url: `${API}/modules/${first.modules[0]!.id}/lessons`, payload: { title: 'Third' } })
    expect((await list())[0]).toMatchObject({ lessonCount: 3 })
    await own.inject({ method: 'POST', url: `${API}/courses/${first.id}/modules`, payload: { title: 'Second module' } })
    expect((await list())[0]).toMatchObject({ moduleCount: 2 })
    await own.inject({ method: 'DELETE', url: `${API}/lessons/${first.modules[0]!.lessons[0]!}` })
    expect((await list())[0]).toMatchObject({ lessonCount: 2 })
    await own.inject({ method: 'PATCH', url: `${API}/courses/${first.id}`, payload: { status: 'published' } })
    expect((await list())[0]).toMatchObject({ status: 'published' })
    await t.app.orm.em.fork().transactional((em) => service.adjustEnrollmentCount(em, first.id, 7))
    await t.app.orm.em.fork().transactional((em) => service.setRatingStats(em, first.id, { avgRating: 4.5, reviewCount: 2 }))
    expect((await list())[0]).toMatchObject({ enrollmentCount: 7, avgRating: 4.5, reviewCount: 2 })
    await own.inject({ method: 'PATCH', url: `${API}/auth/me`, payload: { name: 'Own Teacher, renamed' } })
    await t.drainEvents()
    expect((await list())[0]!.teacher.name).toBe('Own Teacher, renamed')

    // A page answers If-None-Match with 304 until a course on it changes.
    const page = await own.inject({ method: 'GET', url: `${API}/courses/mine` })
    const etag = page.headers.etag as string
    expect((await own.inject({ method: 'GET', url: `${API}/courses/mine`, headers: { 'if-none-match': etag } })).statusCode).toBe(304)
    await own.inject({ method: 'PATCH', url: `${API}/courses/${first.id}`, payload: { status: 'archived' } })
    const changed = await own.inject({ method: 'GET', url: `${API}/courses/mine`, headers: { 'if-none-match': etag } })
    expect(changed.statusCode).toBe(200)
    expect(changed.json().items[0]).toMatchObject({ id: first.id, status: 'archived' })

    const second = await makeCourse(own, { title: 'Own second' }, { publish: false })
    expect((await list()).map((i) => i.id)).toEqual([second.id, first.id])
    expect((await own.inject({ method: 'DELETE', url: `${API}/courses/${second.id}` })).statusCode).toBe(204)
    expect((await list()).map((i) => i.id)).toEqual([first.id])
    // Another teacher's list is their own, whatever the cache holds.
    expect((await other.inject({ method: 'GET', url: `${API}/courses/mine?limit=100` })).json().items.map((i: Item) => i.id)).not.toContain(first.id)
  })
})

describe('catalogue cache', () => {
  const ids = async (query: string) => (await t.inject({ method: 'GET', url: `${API}/courses?${query}` })).json().items as Item[]

  it('answers If-None-Match with 304 and a changed page with 200', async () => {
    const first = await t.inject({ method: 'GET', url: `${API}/courses?sort=popular` })
    const etag = first.headers.etag as string
    expect(etag).toMatch(/^"[\w-]+"$/)
    const again = await t.inject({ method: 'GET', url: `${API}/courses?sort=popular`, headers: { 'if-none-match': etag } })
    expect(again.statusCode).toBe(304)
    expect(again.body).toBe('')
    // The API's security headers, not a page's: a browser merges a 304's headers into the JSON reply it stored.
    expect(again.headers['x-frame-options']).toBe('DENY')
    expect(again.headers['content-security-policy']).toBe("default-src 'none'; frame-ancestors 'none'")
    expect(again.headers['cache-control']).toBe(first.headers['cache-control'])
    expect(again.headers['cross-origin-opener-policy']).toBeUndefined()
    expect((await t.inject({ method: 'GET', url: `${API}/courses?sort=popular`, headers: { 'if-none-match': `W/${etag}, "other"` } })).statusCode).toBe(304)
    const target = first.json().items[3] as Item
    await teacher.inject({ method: 'PATCH', url: `${API}/courses/${target.id}`, payload: { title: `${target.title} (updated)` } }).then(async (r) => {
      if (r.statusCode === 403) await other.inject({ method: 'PATCH', url: `${API}/courses/${target.id}`, payload: { title: `${target.title} (updated)` } })
    })
    const changed = await t.inject({ method: 'GET', url: `${API}/courses?sort=popular`, headers: { 'if-none-match': etag } })
    expect(changed.statusCode).toBe(200)
    expect(changed.headers.etag).not.toBe(etag)
  })

  it('sends a cached page as the read that cached it did: same bytes and ETag', async () => {
    for (const query of ['sort=newest&limit=7', 'q=kubernetis%20netwrking&level=beginner', 'sort=price_asc&free=false']) {
      const filled = await t.inject({ method: 'GET', url: `${API}/courses?${query}` })
      const cached = await t.inject({ method: 'GET', url: `${API}/courses?${query}` })
      expect(cached.statusCode, query).toBe(200)
      expect(cached.rawPayload.equals(filled.rawPayload), query).toBe(true)
      expect(cached.headers.etag, query).toBe(filled.headers.etag)
      expect(cached.headers['content-type'], query).toBe('application/json; charset=utf-8')
    }
  })

  it('shows every kind of write on the next read', async () => {
    // Warm the pages.
    await ids('sort=popular&limit=100')
    await ids('sort=rating&limit=100')
    await ids('q=quantum')

    const c = await makeCourse(teacher, { title: 'Quantum Computing Primer', priceCents: 100 })
    expect((await ids('q=quantum')).map((i) => i.id)).toEqual([c.id])

    await teacher.inject({ method: 'PATCH', url: `${API}/courses/${c.id}`, payload: { priceCents: 0 } })
    expect((await ids('q=quantum'))[0]!.priceCents).toBe(0)

    // Counters recompute no page: the card on every page is read live, and a freshly computed order
    // (pages ordered by a counter are recomputed at least every COUNTER_ORDER_TTL_SECONDS) sees them.
    const service = t.app.services.get('courses')
    const catalogueVersion = await t.app.cache.version(CATALOG_TAG)
    await t.app.orm.em.fork().transactional((em) => service.adjustEnrollmentCount(em, c.id, 50))
    expect((await ids('q=quantum'))[0]).toMatchObject({ id: c.id, enrollmentCount: 50 })
    expect((await ids('sort=popular&limit=99'))[0]).toMatchObject({ id: c.id, enrollmentCount: 50 })

    await t.app.orm.em.fork().transactional((em) => service.setRatingStats(em, c.id, { avgRating: 5, reviewCount: 99 }))
    expect((await ids('q=quantum'))[0]).toMatchObject({ id: c.id, avgRating: 5, reviewCount: 99 })
    expect((await ids('sort=rating&limit=99'))[0]).toMatchObject({ id: c.id, avgRating: 5, reviewCount: 99 })
    expect((await ids('sort=popular&limit=100')).find((i) => i.id === c.id)).toMatchObject({ enrollmentCount: 50, avgRating: 5 })

    const module = c.modules[0]!.id
    await teacher.inject({ method: 'POST', url: `${API}/modules/${module}/lessons`, payload: { title: 'More', durationMinutes: 30 } })
    expect((await ids('q=quantum'))[0]).toMatchObject({ lessonCount: 3 })
    // Counts, ratings and lessons changed the cards, not what the pages list.
    expect(await t.app.cache.version(CATALOG_TAG)).toBe(catalogueVersion)

    await teacher.inject({ method: 'PATCH', url: `${API}/courses/${c.id}`, payload: { status: 'archived' } })
    expect(await ids('q=quantum')).toEqual([])
    await teacher.inject({ method: 'PATCH', url: `${API}/courses/${c.id}`, payload: { status: 'published' } })
    expect((await ids('q=quantum')).map((i) => i.id)).toEqual([c.id])

    await t.app.orm.em.fork().transactional((em) => service.adjustEnrollmentCount(em, c.id, -50))
    await teacher.inject({ method: 'PATCH', url: `${API}/courses/${c.id}`, payload: { status: 'draft' } })
    expect(await ids('q=quantum')).toEqual([])
    await teacher.inject({ method: 'PATCH', url: `${API}/courses/${c.id}`, payload: { status: 'published' } })
    await teacher.inject({ method: 'DELETE', url: `${API}/courses/${c.id}` })
    expect(await ids('q=quantum')).toEqual([])
  })

  it('recomputes no public page for drafts, counters or names', async () => {
    const listed = await ids('sort=newest&limit=100')
    const version = await t.app.cache.version(CATALOG_TAG)
    const draft = await makeCourse(teacher, { title: 'Unseen draft' }, { publish: false })
    await teacher.inject({ method: 'PATCH', url: `${API}/courses/${draft.id}`, payload: { title: 'Unseen draft, renamed', priceCents: 900 } })
    await teacher.inject({ method: 'POST', url: `${API}/modules/${draft.modules[0]!.id}/lessons`, payload: { title: 'Draft lesson' } })
    await teacher.inject({ method: 'DELETE', url: `${API}/courses/${draft.id}` })
    expect(await t.app.cache.version(CATALOG_TAG)).toBe(version)
    expect((await ids('sort=newest&limit=100')).map((i) => i.id)).toEqual(listed.map((i) => i.id))

    // A teacher's new name reaches the cards of every cached page at once, without recomputing them.
    const shown = listed.find((i) => i.teacher.id === teacher.user.id)
    expect(shown).toBeDefined()
    const renamed = await teacher.inject({ method: 'PATCH', url: `${API}/auth/me`, payload: { name: 'Renamed Teacher' } })
    expect(renamed.statusCode).toBe(200)
    await t.drainEvents()
    expect((await ids('sort=newest&limit=100')).find((i) => i.id === shown!.id)?.teacher.name).toBe('Renamed Teacher')
    expect(await t.app.cache.version(CATALOG_TAG)).toBe(version)
  })
})

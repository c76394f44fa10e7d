// The playground: picks courses and lessons of the demo catalogue, shows the widgets and their snippets.
const origin = location.origin
const api = (path, init) => fetch(`${origin}/api/v1${path}`, init).then((r) => (r.ok ? r.json() : Promise.reject(new Error(`${r.status} ${path}`))))
const $ = (id) => document.getElementById(id)
const config = $('config')
const stage = $('stage')

// Themes as a school would write them: one rule of custom properties (and a little more), used by
// this page and copied into the snippets as they are.
const THEMES = {
  forest: `edu-course-card, edu-lesson-player, edu-quiz {
  --edu-color-primary: #166534; --edu-color-on-primary: #ffffff; --edu-radius: 1rem;
  --edu-color-border: #86efac; --edu-font-family: Georgia, serif;
}`,
  ink: `edu-course-card, edu-lesson-player, edu-quiz {
  color-scheme: dark;
  --edu-color-primary: #fbbf24; --edu-color-on-primary: #111827; --edu-color-surface: #111827;
  --edu-color-text: #f9fafb; --edu-color-muted: #d1d5db; --edu-color-border: #374151; --edu-radius: 0;
}
edu-lesson-player, edu-quiz { background: #111827; padding: 1rem; }`,
}

function element(tag, attributes) {
  const el = document.createElement(tag)
  for (const [name, value] of Object.entries(attributes)) el.setAttribute(name, value)
  return el
}
const tag = (name, attributes) => `<${name}${Object.entries(attributes).map(([k, v]) => ` ${k}="${v}"`).join('')}></${name}>`

const snippets = {}
let signedIn = false

// The snippet of each widget in the state shown: the chosen language and theme, anonymous (public
// data), or signed in: the token minted by the school's backend (POST /api/v1/embed/sessions,
// docs/widgets.md §2) set as a property, with wait-for-token so nothing is asked before it comes.
function snippet(id, html) {
  if (html !== undefined) snippets[id] = html
  if (!snippets[id]) return
  const lang = $('locale').value
  const theme = THEMES[$('theme').value]
  const lines = [`<script type="module" src="${origin}/widgets/edu-widgets.js"></script>`]
  if (theme) lines.push(`<style>\n${theme}\n</style>`)
  const body = `  ${snippets[id].replaceAll('\n', '\n  ')}`
  const langAttribute = lang === 'en' ? '' : ` lang="${lang}"`
  if (signedIn) {
    lines.push(`<edu-config id="edu" wait-for-token${langAttribute}>`, body, '</edu-config>', `<script type="module">
  // Your backend signs its user in to the engine: POST /api/v1/embed/sessions with an embed API key.
  const config = document.getElementById('edu')
  const renew = async () => { config.token = (await (await fetch('/edu-token')).json()).token }
  await renew()
  document.addEventListener('edu-token-expired', renew)
</script>`)
  } else if (langAttribute) {
    lines.push(`<edu-config${langAttribute}>`, body, '</edu-config>')
  } else {
    lines.push(snippets[id])
  }
  $(id).textContent = lines.join('\n')
}
const refreshSnippets = () => ['card-snippet', 'player-snippet', 'quiz-snippet'].forEach((id) => snippet(id))

// `?course=<id>` (where the engine's notifications and mail lead by default): that course first, its lessons in the player.
const chosen = new URLSearchParams(location.search).get('course')
/** The cards shown to anyone; signed in, the student's own courses replace them (and the quiz's course stays). */
let publicCards = []
let quizCourseId

function showCards(courseIds) {
  $('cards').replaceChildren(...courseIds.map((id) => element('edu-course-card', { 'course-id': id })))
  snippet('card-snippet', courseIds.map((id) => tag('edu-course-card', { 'course-id': id })).join('\n'))
}

async function setUp() {
  const { items: catalogue } = await api('/courses?limit=50')
  const asked = chosen && (catalogue.find((c) => c.id === chosen) ?? (await api(`/courses/${encodeURIComponent(chosen)}`).catch(() => undefined)))
  const items = asked ? [asked, ...catalogue.filter((c) => c.id !== asked.id)] : catalogue
  const curricula = new Map()
  for (const course of items) {
    const curriculum = await api(`/courses/${course.id}/curriculum`)
    curricula.set(course.id, curriculum.modules.flatMap((m) => m.lessons))
    if ([...curricula.values()].some((lessons) => lessons.some((l) => l.type === 'quiz')) && (!asked || curricula.has(asked.id))) break
  }
  quizCourseId = [...curricula.keys()].find((id) => curricula.get(id).some((l) => l.type === 'quiz'))
  const quizLesson = quizCourseId && curricula.get(quizCourseId).find((l) => l.type === 'quiz')
  // The player opens the asked course at its first lesson (a locked one says how to get in); else a
  // preview of the course with the quiz, whose Next leads towards it; else any preview.
  // The cards: a free course (the quiz's, when free) and a paid one.
  const free = items.find((c) => c.id === quizCourseId && c.isFree) ?? items.find((c) => c.isFree)
  const paid = items.find((c) => !c.isFree)
  publicCards = (asked ? [asked] : [free, paid].filter(Boolean)).map((c) => c.id)
  showCards(publicCards)

  const order = [asked?.id, quizCourseId, ...curricula.keys()].filter(Boolean)
  let lesson
  for (const courseId of order) {
    const first = curricula.get(courseId)?.find((l) => l.type !== 'quiz' && (l.isPreview || courseId === asked?.id))
    if (first) {
      lesson = { ...first, courseId }
      break
    }
  }
  if (lesson) {
    $('player').append(element('edu-lesson-player', { 'lesson-id': lesson.id, 'course-id': lesson.courseId }))
    snippet('player-snippet', tag('edu-lesson-player', { 'lesson-id': lesson.id, 'course-id': lesson.courseId }))
  }
  if (quizLesson) {
    $('no-quiz').remove()
    const attributes = { 'lesson-id': quizLesson.id, 'course-id': quizCourseId }
    $('quiz').append(element('edu-quiz', attributes))
    snippet('quiz-snippet', tag('edu-quiz', attributes))
  }
}

$('locale').addEventListener('change', (e) => {
  stage.setAttribute('lang', e.target.value)
  refreshSnippets()
})
$('theme').addEventListener('change', (e) => {
  $('theme-css').textContent = THEMES[e.target.value] ?? ''
  refreshSnippets()
})
// The playground's own sign-in token lasts 15 minutes: renew it by signing in again.
document.addEventListener('edu-token-expired', () => { $('who').textContent = 'The token expired: sign in again' })

$('sign-in').addEventListener('submit', async (e) => {
  e.preventDefault()
  try {
    const session = await api('/auth/login', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: $('email').value, password: $('password').value }),
    })
    // The student's own courses, in the state they left them (Continue, with progress).
    const mine = await api('/enrollments/me?limit=10', { headers: { authorization: `Bearer ${session.accessToken}` } }).catch(() => ({ items: [] }))
    const own = mine.items.filter((e) => e.status !== 'refunded').map((e) => e.courseId)
    config.token = session.accessToken
    signedIn = true
    showCards(quizCourseId && !own.includes(quizCourseId) ? [...own, quizCourseId] : own.length ? own : publicCards)
    refreshSnippets()
    $('who').textContent = `Signed in as ${session.user.name}${own.length ? `: ${own.length} course(s) of their own` : ''}`
  } catch (error) {
    $('who').textContent = `Sign-in failed (${error.message})`
  }
})
$('sign-out').addEventListener('click', () => {
  config.token = null
  signedIn = false
  showCards(publicCards)
  $('who').textContent = 'Anonymous: public data only'
})

for (const button of document.querySelectorAll('[data-copy]')) {
  button.addEventListener('click', () => navigator.clipboard.writeText($(button.dataset.copy).textContent))
}

const names = ['edu-enroll', 'edu-purchase', 'edu-open', 'edu-auth-required', 'edu-token-expired', 'edu-lesson-complete', 'edu-navigate', 'edu-quiz-submit', 'edu-quiz-pass', 'edu-error']
for (const name of names) {
  document.addEventListener(name, (event) => {
    const li = document.createElement('li')
    li.textContent = `${name} ${JSON.stringify(event.detail)}`
    $('events').prepend(li)
  })
}

setUp().catch((error) => { stage.prepend(Object.assign(document.createElement('p'), { textContent: `Could not load the demo catalogue: ${error.message}` })) })

// The playground: picks courses and lessons of the demo catalogue, shows the widgets and their snippets.
const origin = location.origin
const api = (path, init) => fetch(`${origin}/api/v1${path}`, init).then((r) => (r.ok ? r.json() : Promise.reject(new Error(`${r.status} ${path}`))))
const $ = (id) => document.getElementById(id)
const config = $('config')
const stage = $('stage')

function element(tag, attributes) {
  const el = document.createElement(tag)
  for (const [name, value] of Object.entries(attributes)) el.setAttribute(name, value)
  return el
}

const snippets = {}
let signedIn = false

// The snippet of each widget in the state shown: anonymous (public data), or with a student token
// that the school's backend mints (POST /api/v1/embed/sessions, docs/widgets.md).
function snippet(id, html) {
  if (html) snippets[id] = html
  if (!snippets[id]) return
  const script = `<script type="module" src="${origin}/widgets/edu-widgets.js"></script>`
  $(id).textContent = signedIn
    ? `${script}\n<edu-config token="A TOKEN FROM YOUR BACKEND (POST /api/v1/embed/sessions)">\n  ${snippets[id].replaceAll('\n', '\n  ')}\n</edu-config>`
    : `${script}\n${snippets[id]}`
}
const refreshSnippets = () => ['card-snippet', 'player-snippet', 'quiz-snippet'].forEach((id) => snippet(id))

// `?course=<id>` (where the engine's notifications and mail lead by default): that course first, its lessons in the player.
const chosen = new URLSearchParams(location.search).get('course')

async function setUp() {
  const { items: catalogue } = await api('/courses?limit=50')
  const asked = chosen && (catalogue.find((c) => c.id === chosen) ?? (await api(`/courses/${encodeURIComponent(chosen)}`).catch(() => undefined)))
  const items = asked ? [asked, ...catalogue.filter((c) => c.id !== asked.id)] : catalogue
  const free = items.find((c) => c.isFree)
  const paid = items.find((c) => !c.isFree)
  const shown = asked ? [asked] : [free, paid].filter(Boolean)
  for (const course of shown) $('cards').append(element('edu-course-card', { 'course-id': course.id }))
  snippet('card-snippet', shown.map((c) => `<edu-course-card course-id="${c.id}"></edu-course-card>`).join('\n'))

  let lesson
  let quizLesson
  for (const course of items) {
    const curriculum = await api(`/courses/${course.id}/curriculum`)
    const lessons = curriculum.modules.flatMap((m) => m.lessons)
    // The asked course opens at its first lesson (a locked one says how to get in); others at a preview.
    const first = lessons.find((l) => l.type !== 'quiz' && (l.isPreview || course === asked))
    lesson ??= first && { ...first, courseId: course.id }
    quizLesson ??= lessons.find((l) => l.type === 'quiz') && { ...lessons.find((l) => l.type === 'quiz'), courseId: course.id }
    if (lesson && quizLesson) break
  }
  if (lesson) {
    $('player').append(element('edu-lesson-player', { 'lesson-id': lesson.id, 'course-id': lesson.courseId }))
    snippet('player-snippet', `<edu-lesson-player lesson-id="${lesson.id}" course-id="${lesson.courseId}"></edu-lesson-player>`)
  }
  if (quizLesson) {
    $('no-quiz').remove()
    $('quiz').append(element('edu-quiz', { 'lesson-id': quizLesson.id }))
    snippet('quiz-snippet', `<edu-quiz lesson-id="${quizLesson.id}"></edu-quiz>`)
  }
}

$('locale').addEventListener('change', (e) => stage.setAttribute('lang', e.target.value))
$('theme').addEventListener('change', (e) => { stage.className = e.target.value })
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
    config.token = session.accessToken
    signedIn = true
    refreshSnippets()
    $('who').textContent = `Signed in as ${session.user.name}`
  } catch (error) {
    $('who').textContent = `Sign-in failed (${error.message})`
  }
})
$('sign-out').addEventListener('click', () => {
  config.token = null
  signedIn = false
  refreshSnippets()
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

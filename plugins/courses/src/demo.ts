import type { DemoContext } from '@eduplatform/core'
import type { Authoring } from './authoring.ts'
import type { CreateCourseBody } from './schemas.ts'

interface DemoCourse {
  course: CreateCourseBody
  /** Module title → lesson titles; the first lesson of the course is the free preview. */
  modules: Array<[string, string[]]>
  /** Key ideas, used in the lesson bodies. */
  ideas: string[]
  snippet?: string
}

const CATALOGUE: DemoCourse[] = [
  {
    course: { title: 'TypeScript from Scratch', category: 'programming', level: 'beginner', priceCents: 0, tags: ['typescript', 'javascript'],
      description: 'Learn TypeScript by building small command-line tools. Types, functions, objects and modules, explained with short exercises. No prior TypeScript needed; some JavaScript helps.' },
    modules: [
      ['Getting started', ['Why TypeScript?', 'Setting up Node and the compiler', 'Your first typed function']],
      ['Types that describe data', ['Objects and interfaces', 'Unions and narrowing', 'Generics without fear']],
      ['Building a real tool', ['Reading files and arguments', 'Testing with Vitest', 'Publishing your tool']],
    ],
    ideas: ['types are checked before the code runs', 'inference means you write fewer annotations', 'narrowing turns a union into one case'],
    snippet: '```ts\nexport function greet(name: string): string {\n  return `Hello, ${name}!`\n}\n```',
  },
  {
    course: { title: 'Practical Rust: Ownership, Errors and Concurrency', category: 'programming', level: 'intermediate', priceCents: 4900, tags: ['rust', 'systems'],
      description: 'A hands-on course for developers who know another language and want to write confident Rust: ownership and borrowing, error handling with Result, and safe concurrency with threads and channels.' },
    modules: [
      ['Ownership', ['Moves and copies', 'Borrowing rules in practice', 'Lifetimes you can read']],
      ['Errors', ['Result and the ? operator', 'Custom error types', 'When to panic']],
      ['Concurrency', ['Threads and join handles', 'Channels', 'Shared state with Arc and Mutex']],
    ],
    ideas: ['every value has exactly one owner', 'borrows are checked at compile time', 'errors are values you return'],
    snippet: '```rust\nfn parse_port(s: &str) -> Result<u16, std::num::ParseIntError> {\n    s.trim().parse::<u16>()\n}\n```',
  },
  {
    course: { title: 'Data Analysis with Python and pandas', category: 'data-science', level: 'beginner', priceCents: 3900, tags: ['python', 'pandas'],
      description: 'Load, clean, explore and chart real data sets with pandas. Each module ends with a small analysis you can put in a portfolio.' },
    modules: [
      ['First look at data', ['Notebooks and DataFrames', 'Selecting rows and columns', 'Summary statistics']],
      ['Cleaning', ['Missing values', 'Fixing types and dates', 'Joining tables']],
      ['Telling the story', ['Grouping and aggregating', 'Charts with matplotlib', 'Writing up an analysis']],
    ],
    ideas: ['look at the data before modelling it', 'keep raw data untouched', 'one question per chart'],
    snippet: '```python\nimport pandas as pd\nsales = pd.read_csv("sales.csv", parse_dates=["day"])\nprint(sales.groupby("region")["amount"].sum())\n```',
  },
  {
    course: { title: 'Statistics for Everyday Decisions', category: 'mathematics', level: 'beginner', priceCents: 0, tags: ['statistics', 'probability'],
      description: 'Averages, spread, probability and uncertainty, taught with everyday examples: queues, weather forecasts, medical tests and A/B tests.' },
    modules: [
      ['Describing data', ['Mean, median and mode', 'Spread and variance', 'Reading a histogram']],
      ['Probability', ['Counting outcomes', 'Conditional probability', 'Base rates and medical tests']],
      ['Uncertainty', ['Samples and populations', 'Confidence intervals', 'Was the A/B test real?']],
    ],
    ideas: ['the median resists outliers', 'a base rate changes everything', 'small samples vary a lot'],
  },
  {
    course: { title: 'UI Design Fundamentals', category: 'design', level: 'beginner', priceCents: 2900, tags: ['ui', 'figma'],
      description: 'Layout, typography, colour and hierarchy for people who build interfaces. Practise in Figma on a small app redesign.' },
    modules: [
      ['Seeing like a designer', ['Visual hierarchy', 'Spacing and alignment', 'Grids']],
      ['Type and colour', ['Choosing typefaces', 'Building a type scale', 'Colour with contrast in mind']],
      ['Redesign project', ['Auditing an existing screen', 'Wireframes', 'Polishing and handing off']],
    ],
    ideas: ['consistent spacing reads as calm', 'contrast guides the eye', 'accessibility is part of design'],
  },
  {
    course: { title: 'Drawing Faces in Pencil', category: 'design', level: 'intermediate', priceCents: 1900, tags: ['drawing', 'portrait'],
      description: 'Proportions, light and shading for realistic portraits. Short daily exercises and three complete portrait studies.' },
    modules: [
      ['Proportions', ['The head as a sphere', 'Placing the features', 'Profiles and three-quarter views']],
      ['Features', ['Eyes', 'Noses and mouths', 'Hair as shapes']],
      ['Light', ['Values and the light source', 'Blending without mud', 'A finished portrait']],
    ],
    ideas: ['measure before you render', 'squint to see values', 'edges describe form'],
  },
  {
    course: { title: 'Kubernetes Networking in Practice', category: 'devops', level: 'advanced', priceCents: 5900, tags: ['kubernetes', 'networking'],
      description: 'How traffic really flows in a Kubernetes cluster: pods, services, ingress, DNS and network policies, debugged hands-on on a local cluster.' },
    modules: [
      ['The pod network', ['Pods and their IPs', 'CNI plugins compared', 'Debugging connectivity']],
      ['Services and DNS', ['ClusterIP, NodePort and LoadBalancer', 'How kube-proxy routes', 'Cluster DNS']],
      ['At the edge', ['Ingress controllers', 'TLS termination', 'Network policies']],
    ],
    ideas: ['every pod gets its own IP', 'services are virtual IPs', 'deny by default, then allow'],
    snippet: '```yaml\napiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata:\n  name: deny-all\nspec:\n  podSelector: {}\n  policyTypes: [Ingress]\n```',
  },
  {
    course: { title: 'Docker for Developers', category: 'devops', level: 'beginner', priceCents: 0, tags: ['docker', 'containers'],
      description: 'Package an app in a container, run a local stack with Compose and keep images small and secure.' },
    modules: [
      ['Containers', ['Images and containers', 'Writing a Dockerfile', 'Volumes and ports']],
      ['Compose', ['A web app and its database', 'Environment and secrets', 'Health checks']],
      ['Better images', ['Multi-stage builds', 'Smaller base images', 'Scanning for vulnerabilities']],
    ],
    ideas: ['an image is a recipe, a container is a running copy', 'layers are cached', 'small images ship faster'],
    snippet: '```dockerfile\nFROM node:24-slim\nWORKDIR /app\nCOPY package*.json ./\nRUN npm ci --omit=dev\nCOPY . .\nCMD ["node", "server.js"]\n```',
  },
  {
    course: { title: 'Bookkeeping for Small Businesses', category: 'business', level: 'beginner', priceCents: 2400, tags: ['accounting', 'small-business'],
      description: 'Double-entry bookkeeping without the jargon: invoices, expenses, bank reconciliation and the three reports every owner should read.' },
    modules: [
      ['The basics', ['Debits and credits', 'Your chart of accounts', 'Invoices and receipts']],
      ['Month by month', ['Recording expenses', 'Reconciling the bank', 'Sales tax']],
      ['Reports', ['The profit and loss statement', 'The balance sheet', 'Cash flow']],
    ],
    ideas: ['every transaction has two sides', 'reconcile monthly', 'profit is not cash'],
  },
  {
    course: { title: 'Spanish for Travel', category: 'languages', level: 'beginner', priceCents: 0, tags: ['spanish', 'travel'],
      description: 'The phrases and listening skills you need for a trip: greetings, directions, food, transport and small talk, with audio practice.' },
    modules: [
      ['First words', ['Greetings and introductions', 'Numbers and prices', 'Asking for help']],
      ['Getting around', ['Directions', 'Trains and buses', 'At the hotel']],
      ['Eating out', ['Ordering food', 'Dietary needs', 'Paying the bill']],
    ],
    ideas: ['¿Dónde está…? opens most doors', 'listen for numbers first', 'polite forms use usted'],
  },
  {
    course: { title: 'Piano Chords and Accompaniment', category: 'music', level: 'intermediate', priceCents: 3400, tags: ['piano', 'harmony'],
      description: 'Play along with songs using chords: triads, inversions, seventh chords and left-hand patterns, with backing tracks to practise with.' },
    modules: [
      ['Triads', ['Major and minor triads', 'Inversions', 'Smooth voice leading']],
      ['Colour', ['Seventh chords', 'Suspended chords', 'Reading a lead sheet']],
      ['Accompaniment', ['Left-hand patterns', 'Arpeggios', 'Playing with a singer']],
    ],
    ideas: ['move each finger as little as possible', 'the bass note changes the mood', 'rhythm matters more than notes'],
  },
  {
    course: { title: 'Smartphone Photography Basics', category: 'photography', level: 'beginner', priceCents: 0, tags: ['photography', 'mobile'],
      description: 'Take better photos with the phone in your pocket: light, composition, portrait mode and simple edits.' },
    modules: [
      ['Light', ['Golden hour', 'Shooting indoors', 'Exposure lock']],
      ['Composition', ['The rule of thirds', 'Leading lines', 'Simplify the frame']],
      ['Editing', ['Crop and straighten', 'Colour and white balance', 'Sharing without losing quality']],
    ],
    ideas: ['light first, subject second', 'move your feet, not the zoom', 'edit lightly'],
  },
  {
    course: { title: 'Email Marketing That People Read', category: 'marketing', level: 'intermediate', priceCents: 2900, tags: ['email', 'copywriting'],
      description: 'Grow a list with consent, write subject lines that get opened and measure what works, for small teams without a marketing department.' },
    modules: [
      ['Your list', ['Consent and privacy', 'Sign-up forms that convert', 'Welcome sequences']],
      ['Writing', ['Subject lines', 'One email, one goal', 'Calls to action']],
      ['Measuring', ['Open and click rates', 'A/B testing', 'Cleaning your list']],
    ],
    ideas: ['consent is the foundation', 'write to one reader', 'measure clicks, not opens'],
  },
]

function lessonMarkdown(course: DemoCourse, module: string, title: string, index: number): string {
  const idea = course.ideas[index % course.ideas.length]!
  const parts = [
    `## ${title}`,
    `This lesson is part of **${module}** in *${course.course.title}*. We keep it short and practical: read the notes, then do the exercise before moving on.`,
    '### Key ideas',
    `- Remember that ${idea}.\n- Try each step yourself before looking at the solution.\n- Write down one question to bring to the next lesson.`,
  ]
  if (course.snippet && index % 2 === 0) parts.push('### Example', course.snippet)
  parts.push(
    '### Exercise',
    `Spend ten minutes applying **${title.toLowerCase()}** to an example of your own. Compare your result with the notes above and note what surprised you.`,
    '> **Tip:** the [course discussion](https://example.com/community) is a good place to share your result.',
  )
  return `${parts.join('\n\n')}\n`
}

/** Loads a small published catalogue by the demo teacher: real authoring paths, so it is sanitized and counted like any other. */
export async function loadDemoCatalogue(ctx: DemoContext, authoring: Authoring): Promise<void> {
  const teacher = { id: ctx.users.teacher.id, role: 'teacher', kind: 'user' }
  for (const demo of CATALOGUE) {
    const courseId = (await authoring.createCourse(teacher, demo.course)).id
    let index = 0
    for (const [moduleTitle, lessons] of demo.modules) {
      const moduleId = (await authoring.createModule(teacher, courseId, { title: moduleTitle })).id
      for (const title of lessons) {
        const video = index % 3 === 1
        await authoring.createLesson(teacher, moduleId, {
          title,
          type: video ? 'video' : 'text',
          body: lessonMarkdown(demo, moduleTitle, title, index),
          ...(video ? { videoUrl: 'https://vimeo.com/76979871' } : {}),
          durationMinutes: 6 + ((index * 7) % 14),
          isPreview: index === 0,
        })
        index += 1
      }
    }
    await authoring.updateCourse(teacher, courseId, { status: 'published' })
  }
  ctx.log.info(`courses: demo catalogue of ${CATALOGUE.length} courses loaded`)
}

export const DEMO_COURSE_COUNT = CATALOGUE.length

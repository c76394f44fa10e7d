import { announceConfigChange } from './page.ts'

/**
 * Every user-visible string of the widgets, in English and Russian. `{name}` placeholders are filled
 * by `translate()`; keys ending in `_one`, `_few`, `_many`, `_other` are plural forms chosen by
 * `Intl.PluralRules` (CLDR plural categories). Replace any of them per element (`el.strings = {…}`),
 * per page (`<edu-config>`'s `strings`) or for a whole language (`registerStrings('ru', {…})`).
 */
export const en = {
  loading: 'Loading…',
  loadFailed: 'This could not be loaded.',
  retry: 'Try again',
  courseUnavailable: 'This course is not available.',
  lessonUnavailable: 'This lesson is not available.',
  quizUnavailable: 'This quiz is not available.',
  free: 'Free',
  teacher: 'by {name}',
  level_beginner: 'Beginner',
  level_intermediate: 'Intermediate',
  level_advanced: 'Advanced',
  lessons_one: '{count} lesson',
  lessons_other: '{count} lessons',
  rating: 'Rated {rating} out of 5',
  reviews_one: '{count} review',
  reviews_other: '{count} reviews',
  noReviews: 'No reviews yet',
  price: 'Price',
  enroll: 'Enroll for free',
  buy: 'Buy for {price}',
  start: 'Start learning',
  continue: 'Continue',
  review: 'Review the course',
  progress: '{percent}% complete',
  progressLabel: 'Course progress',
  signInRequired: 'Sign in to enroll in this course.',
  signInToBuy: 'Sign in to buy this course.',
  enrolled: 'You are enrolled in {title}.',
  paymentPending: 'Your payment is being processed.',
  redirecting: 'Opening the payment page…',
  sessionExpired: 'Your session has expired. Reconnecting…',
  sessionEnded: 'Your session has ended. Sign in again to see your courses and progress.',
  actionFailed: 'That did not work. Try again.',
  networkFailed: 'The connection failed. Check your network and try again.',
  tooManyRequests: 'Too many tries at once. Wait a moment and try again.',
  notEnrolled: 'Enroll in this course first.',
  paymentRequired: 'Buy this course to enroll.',
  alreadyPaid: 'A payment for this course is already made or under way.',
  enrollToComplete: 'Enroll in this course to mark lessons complete and keep your progress.',
  signInToComplete: 'Sign in and enroll in this course to mark lessons complete and keep your progress.',
  previous: 'Previous lesson',
  next: 'Next lesson',
  lessonNav: 'Lessons',
  lessonPosition: 'Lesson {n} of {total}',
  markComplete: 'Mark as complete',
  completed: 'Completed',
  lessonCompleted: 'Lesson completed. {percent}% of the course done.',
  lockedSignIn: 'Sign in and enroll in this course to open this lesson.',
  lockedEnroll: 'Enroll in this course to open this lesson.',
  lockedBuy: 'Buy this course to open this lesson.',
  playVideo: 'Play the video from {host}: {title}',
  videoNotice: 'The player loads from {host} when you press play.',
  videoTitle: 'Video: {title}',
  quizTitle: 'Quiz',
  question: 'Question {n} of {total}',
  true: 'True',
  false: 'False',
  yourAnswer: 'Your answer',
  submit: 'Submit answers',
  submitting: 'Submitting…',
  unanswered_one: 'Answer {count} more question before submitting.',
  unanswered_other: 'Answer {count} more questions before submitting.',
  score: 'Score: {score}%',
  passed: 'Passed! You scored {score}% ({passScore}% needed).',
  failed: 'Not passed: you scored {score}%, {passScore}% needed.',
  passScore: '{passScore}% needed to pass',
  correct: 'Correct',
  incorrect: 'Incorrect',
  correctAnswer: 'Correct answer: {answer}',
  attemptsLeft_one: '{count} attempt left',
  attemptsLeft_other: '{count} attempts left',
  noAttemptsLeft: 'No attempts left',
  tryAgain: 'Try again',
  attemptsUsed: '{used} of {max} attempts used',
  attemptsUsedUnlimited_one: '{count} attempt used',
  attemptsUsedUnlimited_other: '{count} attempts used',
  lastResult: 'Your last attempt',
}

export type Strings = typeof en
export type StringKey = keyof Strings

export const ru: Strings = {
  loading: 'Загрузка…',
  loadFailed: 'Не удалось загрузить.',
  retry: 'Повторить',
  courseUnavailable: 'Этот курс недоступен.',
  lessonUnavailable: 'Этот урок недоступен.',
  quizUnavailable: 'Этот тест недоступен.',
  free: 'Бесплатно',
  teacher: 'Преподаватель: {name}',
  level_beginner: 'Начальный',
  level_intermediate: 'Средний',
  level_advanced: 'Продвинутый',
  lessons_one: '{count} урок',
  lessons_few: '{count} урока',
  lessons_many: '{count} уроков',
  lessons_other: '{count} урока',
  rating: 'Оценка {rating} из 5',
  reviews_one: '{count} отзыв',
  reviews_few: '{count} отзыва',
  reviews_many: '{count} отзывов',
  reviews_other: '{count} отзыва',
  noReviews: 'Отзывов пока нет',
  price: 'Цена',
  enroll: 'Записаться бесплатно',
  buy: 'Купить за {price}',
  start: 'Начать обучение',
  continue: 'Продолжить',
  review: 'Повторить курс',
  progress: 'Пройдено {percent}%',
  progressLabel: 'Прогресс по курсу',
  signInRequired: 'Войдите, чтобы записаться на курс.',
  signInToBuy: 'Войдите, чтобы купить курс.',
  enrolled: 'Вы записаны на курс «{title}».',
  paymentPending: 'Платёж обрабатывается.',
  redirecting: 'Открываем страницу оплаты…',
  sessionExpired: 'Сеанс истёк. Подключаемся заново…',
  sessionEnded: 'Сеанс завершён. Войдите снова, чтобы увидеть свои курсы и прогресс.',
  actionFailed: 'Не получилось. Попробуйте ещё раз.',
  networkFailed: 'Нет связи. Проверьте подключение и попробуйте ещё раз.',
  tooManyRequests: 'Слишком много попыток сразу. Подождите немного и попробуйте снова.',
  notEnrolled: 'Сначала запишитесь на этот курс.',
  paymentRequired: 'Купите курс, чтобы записаться.',
  alreadyPaid: 'Оплата этого курса уже сделана или обрабатывается.',
  enrollToComplete: 'Запишитесь на курс, чтобы отмечать уроки пройденными и сохранять прогресс.',
  signInToComplete: 'Войдите и запишитесь на курс, чтобы отмечать уроки пройденными и сохранять прогресс.',
  previous: 'Предыдущий урок',
  next: 'Следующий урок',
  lessonNav: 'Уроки',
  lessonPosition: 'Урок {n} из {total}',
  markComplete: 'Отметить как пройденный',
  completed: 'Пройден',
  lessonCompleted: 'Урок пройден. Курс пройден на {percent}%.',
  lockedSignIn: 'Войдите и запишитесь на курс, чтобы открыть этот урок.',
  lockedEnroll: 'Запишитесь на курс, чтобы открыть этот урок.',
  lockedBuy: 'Купите курс, чтобы открыть этот урок.',
  playVideo: 'Смотреть видео с {host}: {title}',
  videoNotice: 'Плеер загрузится с {host}, когда вы нажмёте «смотреть».',
  videoTitle: 'Видео: {title}',
  quizTitle: 'Тест',
  question: 'Вопрос {n} из {total}',
  true: 'Верно',
  false: 'Неверно',
  yourAnswer: 'Ваш ответ',
  submit: 'Отправить ответы',
  submitting: 'Отправляем…',
  unanswered_one: 'Ответьте ещё на {count} вопрос перед отправкой.',
  unanswered_few: 'Ответьте ещё на {count} вопроса перед отправкой.',
  unanswered_many: 'Ответьте ещё на {count} вопросов перед отправкой.',
  unanswered_other: 'Ответьте ещё на {count} вопроса перед отправкой.',
  score: 'Результат: {score}%',
  passed: 'Тест сдан! Ваш результат {score}% (нужно {passScore}%).',
  failed: 'Тест не сдан: ваш результат {score}%, нужно {passScore}%.',
  passScore: 'Для сдачи нужно {passScore}%',
  correct: 'Верно',
  incorrect: 'Неверно',
  correctAnswer: 'Правильный ответ: {answer}',
  attemptsLeft_one: 'Осталась {count} попытка',
  attemptsLeft_few: 'Осталось {count} попытки',
  attemptsLeft_many: 'Осталось {count} попыток',
  attemptsLeft_other: 'Осталось {count} попытки',
  noAttemptsLeft: 'Попыток не осталось',
  tryAgain: 'Попробовать ещё раз',
  attemptsUsed: 'Использовано попыток: {used} из {max}',
  attemptsUsedUnlimited_one: 'Использована {count} попытка',
  attemptsUsedUnlimited_few: 'Использовано {count} попытки',
  attemptsUsedUnlimited_many: 'Использовано {count} попыток',
  attemptsUsedUnlimited_other: 'Использовано {count} попытки',
  lastResult: 'Ваша последняя попытка',
} as Strings

const catalogs = new Map<string, Partial<Strings>>([['en', en], ['ru', ru]])

/**
 * Adds or replaces strings of a language (its primary subtag: `ru`, `de`, …) for every widget of the
 * page, those already on it included: they re-render.
 */
export function registerStrings(lang: string, strings: Partial<Strings>): void {
  const key = lang.toLowerCase().split('-')[0]!
  catalogs.set(key, { ...catalogs.get(key), ...strings })
  announceConfigChange()
}

/** The strings of a language, English where it has none, then the overrides. */
export function stringsFor(lang: string, ...overrides: Array<Partial<Strings> | undefined>): Strings {
  const catalog = catalogs.get(lang.toLowerCase().split('-')[0]!) ?? {}
  return Object.assign({}, en, catalog, ...overrides.filter(Boolean)) as Strings
}

export type Params = Record<string, string | number>

/** Fills `{name}` placeholders; a `count` picks the plural form of `key` (`key_one`, `key_few`, …). */
export function translate(strings: Strings, lang: string, key: string, params: Params = {}): string {
  const table = strings as unknown as Record<string, string | undefined>
  let template = table[key]
  if (template === undefined && typeof params.count === 'number') {
    const form = new Intl.PluralRules(lang).select(params.count)
    template = table[`${key}_${form}`] ?? table[`${key}_other`]
  }
  // Only the params' own fields: `{constructor}` or `{toString}` in a page's string stays as written.
  return (template ?? key).replace(/\{(\w+)\}/g, (whole, name: string) => (Object.hasOwn(params, name) ? String(params[name]) : whole))
}

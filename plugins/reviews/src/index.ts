import { definePlugin } from '@eduplatform/core'

export type { ReviewDeleted, ReviewHidden, ReviewReplied, ReviewWritten } from './events.ts'

/** Course reviews: ratings and comments by enrolled students, teacher replies, moderation. */
export const reviews = definePlugin({
  name: 'reviews',
  dependsOn: ['courses', 'enrollment'],
  register() {},
})

export default reviews

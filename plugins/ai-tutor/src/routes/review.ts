import { problemResponse, type EduApp } from '@eduplatform/core'
import type { ReviewQueue } from '../review/queue.ts'
import { GradeBody, ItemParams, ReviewItemView, ReviewQueueQuery, ReviewQueueView } from '../schemas.ts'

const tags = ['ai-tutor']
const security = [{ bearer: [] }]

export function reviewRoutes(app: EduApp, queue: ReviewQueue) {
  const students = app.auth.require('student')

  app.get('/ai/review-queue', {
    onRequest: students,
    schema: {
      operationId: 'listReviewItems', tags, security,
      summary: 'Spaced-repetition items due now: questions the student answered in quiz attempts, scheduled with FSRS (student)',
      description: 'Oldest due first; questions come as students see them, never with answers. Items of a refunded enrollment, or whose question left its quiz, are not listed.',
      querystring: ReviewQueueQuery, response: { 200: ReviewQueueView },
    },
  }, async (request) => ({ items: await queue.due(app.auth.principal(request).id, request.query.limit ?? 20) }))

  app.post('/ai/review-queue/:itemId', {
    onRequest: students,
    schema: {
      operationId: 'gradeReviewItem', tags, security,
      summary: "Grade the student's recall of a review item (again, hard, good, easy); answers the item with its next due time (the item's student)",
      description: "Only a due item is graded, once each time it falls due (a second grade is 409). Other students' items are 404.",
      params: ItemParams, body: GradeBody,
      response: {
        200: ReviewItemView,
        404: problemResponse("No such item, or another student's (`EDU_AI_REVIEW_ITEM_NOT_FOUND`)"),
        409: problemResponse('The item is not due yet: it was graded already (`EDU_AI_REVIEW_ITEM_NOT_DUE`)'),
      },
    },
  }, async (request) => queue.grade(app.auth.principal(request).id, request.params.itemId, request.body.grade))
}

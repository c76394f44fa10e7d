import type { EduApp } from '@eduplatform/core'
import type { ReviewReading } from '../reading.ts'
import type { ReviewsService } from '../service.ts'
import {
  CreateReviewBody, IdParams, ListReviewsQuery, ModerationBody, ReplyBody, ReviewPage, ReviewSummary, ReviewView, UpdateReviewBody,
} from '../schemas.ts'
import { sendCached } from './http.ts'

const NoContent = { type: 'null', description: 'Done' } as const

/**
 * The routes of the reviews plugin. Guards run on `onRequest`, so a caller without the right credential
 * or role is refused before the body is read or validated.
 */
export function reviewRoutes(app: EduApp, { service, reading }: { service: ReviewsService; reading: ReviewReading }) {
  const tags = ['reviews']
  const bearer = [{ bearer: [] }]
  const signedIn = app.auth.require()
  const student = app.auth.require('student')
  const teacher = app.auth.require('teacher')
  const admin = app.auth.require('admin')

  app.get('/courses/:id/reviews', {
    schema: {
      operationId: 'listCourseReviews', tags, security: [],
      summary: 'Reviews of a course, newest first or by rating, in keyset pages (hidden reviews: admins only)',
      params: IdParams, querystring: ListReviewsQuery, response: { 200: ReviewPage, 304: NoContent },
    },
  }, async (request, reply) => sendCached(request, reply, await reading.page(request.user ?? null, request.params.id, request.query)))

  app.get('/courses/:id/reviews/summary', {
    schema: {
      operationId: 'getCourseReviewSummary', tags, security: [],
      summary: "A course's average rating, review count and histogram (visible reviews)",
      params: IdParams, response: { 200: ReviewSummary, 304: NoContent },
    },
  }, async (request, reply) => sendCached(request, reply, await reading.summary(request.user ?? null, request.params.id)))

  app.post('/courses/:id/reviews', {
    onRequest: student,
    schema: {
      operationId: 'createReview', tags, security: bearer,
      summary: 'Review a course: enrolled students (not refunded), once per course (403 not enrolled, 409 a second review)',
      params: IdParams, body: CreateReviewBody, response: { 201: ReviewView },
    },
  }, async (request, reply) => {
    const review = await service.create(app.auth.principal(request), request.params.id, request.body)
    return reply.code(201).header('location', `${app.prefix}/courses/${review.courseId}/reviews`).send(review)
  })

  app.patch('/reviews/:id', {
    onRequest: signedIn,
    schema: {
      operationId: 'updateReview', tags, security: bearer,
      summary: "Change a review's rating or comment (author, admin); the course's average follows",
      params: IdParams, body: UpdateReviewBody, response: { 200: ReviewView },
    },
  }, async (request) => service.update(app.auth.principal(request), request.params.id, request.body))

  app.delete('/reviews/:id', {
    onRequest: signedIn,
    schema: {
      operationId: 'deleteReview', tags, security: bearer,
      summary: "Delete a review (author, admin); the course's average follows",
      params: IdParams, response: { 204: NoContent },
    },
  }, async (request, reply) => {
    await service.remove(app.auth.principal(request), request.params.id)
    return reply.code(204).send(null)
  })

  app.put('/reviews/:id/reply', {
    onRequest: teacher,
    schema: {
      operationId: 'replyToReview', tags, security: bearer,
      summary: "Write the course owner's one reply to a review (201), or replace it (200)",
      params: IdParams, body: ReplyBody, response: { 200: ReviewView, 201: ReviewView },
    },
  }, async (request, reply) => {
    const { review, created } = await service.reply(app.auth.principal(request), request.params.id, request.body.body)
    return reply.code(created ? 201 : 200).send(review)
  })

  app.delete('/reviews/:id/reply', {
    onRequest: teacher,
    schema: {
      operationId: 'deleteReviewReply', tags, security: bearer,
      summary: "Remove the course owner's reply to a review",
      params: IdParams, response: { 204: NoContent },
    },
  }, async (request, reply) => {
    await service.deleteReply(app.auth.principal(request), request.params.id)
    return reply.code(204).send(null)
  })

  app.patch('/reviews/:id/moderation', {
    onRequest: admin,
    schema: {
      operationId: 'moderateReview', tags, security: bearer,
      summary: 'Hide a review from the public list and the average, or show it again (admins); its author is told',
      params: IdParams, body: ModerationBody, response: { 200: ReviewView },
    },
  }, async (request) => service.moderate(app.auth.principal(request), request.params.id, request.body))
}

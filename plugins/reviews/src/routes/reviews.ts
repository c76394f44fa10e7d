import { NoContent, OPTIONAL_BEARER, problemResponse, type EduApp } from '@eduplatform/core'
import type { ReviewReading } from '../reading.ts'
import type { ReviewsService } from '../service.ts'
import {
  CreateReviewBody, IdParams, ListReviewsQuery, ModerationBody, ReplyBody, ReviewPage, ReviewSummary, ReviewView, UpdateReviewBody,
} from '../schemas.ts'
import { sendCached } from './http.ts'

// The shared cache's checks are made here, apart from the handlers: a closure made inside one would share its scope
// with the handler's other closures, and a stored response would keep that request and its socket alive.

/** What an anonymous GET of a review page gets now (the shared cache's check). */
function pageCheck(reading: ReviewReading, id: string, query: ListReviewsQuery) {
  return () => reading.pageAtOnce(null, id, query)?.body
}

/** What an anonymous GET of a rating summary gets now (the shared cache's check). */
function summaryCheck(reading: ReviewReading, id: string) {
  return () => reading.summaryAtOnce(null, id)?.body
}

/**
 * The routes of the reviews plugin. Guards run on `onRequest`, so a caller without the right credential
 * or role is refused before the body is read or validated.
 */
export function reviewRoutes(app: EduApp, { service, reading }: { service: ReviewsService; reading: ReviewReading }) {
  const tags = ['reviews']
  const signedIn = app.auth.require()
  const student = app.auth.require('student')
  const teacher = app.auth.require('teacher')
  const admin = app.auth.require('admin')

  app.get('/courses/:id/reviews', {
    schema: {
      operationId: 'listCourseReviews', tags, security: OPTIONAL_BEARER,
      summary: 'Reviews of a course, newest first or by rating, in keyset pages (hidden reviews: admins only)',
      description: 'Public. An admin\'s token adds hidden reviews (marked `hidden`); a draft course\'s reviews are 404 to all but its '
        + 'owner and admins. Answers carry an `ETag`: `If-None-Match` gets 304 while nothing changed.',
      params: IdParams, querystring: ListReviewsQuery,
      response: { 200: ReviewPage, 304: NoContent, 404: problemResponse('No course with this id (or a draft of someone else)') },
    },
  }, (request, reply) => {
    // A page this process has cached is sent without a promise.
    const { id } = request.params
    const { query } = request
    const found = reading.pageAtOnce(request.user ?? null, id, query)
    if (found) return sendCached(request, reply, found, pageCheck(reading, id, query))
    return reading.page(request.user ?? null, id, query).then((page) => sendCached(request, reply, page))
  })

  app.get('/courses/:id/reviews/summary', {
    schema: {
      operationId: 'getCourseReviewSummary', tags, security: OPTIONAL_BEARER,
      summary: "A course's average rating, review count and histogram (visible reviews)",
      description: 'Public; a draft course is 404 to all but its owner and admins. `If-None-Match` gets 304 while nothing changed.',
      params: IdParams,
      response: { 200: ReviewSummary, 304: NoContent, 404: problemResponse('No course with this id (or a draft of someone else)') },
    },
  }, (request, reply) => {
    const { id } = request.params
    const found = reading.summaryAtOnce(request.user ?? null, id)
    if (found) return sendCached(request, reply, found, summaryCheck(reading, id))
    return reading.summary(request.user ?? null, id).then((summary) => sendCached(request, reply, summary))
  })

  app.post('/courses/:id/reviews', {
    onRequest: student,
    schema: {
      operationId: 'createReview', tags,
      summary: 'Review a course: enrolled students (not refunded), once per course (403 not enrolled, 409 a second review)',
      params: IdParams, body: CreateReviewBody,
      response: {
        201: ReviewView,
        403: problemResponse('Not a student, not enrolled in the course, or the enrollment was refunded'),
        404: problemResponse('No published course with this id'),
        409: problemResponse('The student has already reviewed this course'),
      },
    },
  }, async (request, reply) => {
    const review = await service.create(app.auth.principal(request), request.params.id, request.body)
    return reply.code(201).header('location', `${app.prefix}/courses/${review.courseId}/reviews`).send(review)
  })

  app.patch('/reviews/:id', {
    onRequest: signedIn,
    schema: {
      operationId: 'updateReview', tags,
      summary: "Change a review's rating or comment (author, admin); the course's average follows",
      params: IdParams, body: UpdateReviewBody,
      response: { 200: ReviewView, 403: problemResponse('Neither the author nor an admin'), 404: problemResponse('No review with this id') },
    },
  }, async (request) => service.update(app.auth.principal(request), request.params.id, request.body))

  app.delete('/reviews/:id', {
    onRequest: signedIn,
    schema: {
      operationId: 'deleteReview', tags,
      summary: "Delete a review (author, admin); the course's average follows",
      params: IdParams,
      response: { 204: NoContent, 403: problemResponse('Neither the author nor an admin; or the author, of a review a moderator hid'), 404: problemResponse('No review with this id') },
    },
  }, async (request, reply) => {
    await service.remove(app.auth.principal(request), request.params.id)
    return reply.code(204).send(null)
  })

  app.put('/reviews/:id/reply', {
    onRequest: teacher,
    schema: {
      operationId: 'replyToReview', tags,
      summary: "Write the course owner's one reply to a review (201), or replace it (200)",
      params: IdParams, body: ReplyBody,
      response: { 200: ReviewView, 201: ReviewView, 403: problemResponse("Not the course's owner teacher"), 404: problemResponse('No review with this id') },
    },
  }, async (request, reply) => {
    const { review, created } = await service.reply(app.auth.principal(request), request.params.id, request.body.body)
    return reply.code(created ? 201 : 200).send(review)
  })

  app.delete('/reviews/:id/reply', {
    onRequest: teacher,
    schema: {
      operationId: 'deleteReviewReply', tags,
      summary: "Remove the course owner's reply to a review",
      params: IdParams,
      response: { 204: NoContent, 403: problemResponse("Not the course's owner teacher"), 404: problemResponse('No review with this id, or it has no reply') },
    },
  }, async (request, reply) => {
    await service.deleteReply(app.auth.principal(request), request.params.id)
    return reply.code(204).send(null)
  })

  app.patch('/reviews/:id/moderation', {
    onRequest: admin,
    schema: {
      operationId: 'moderateReview', tags,
      summary: 'Hide a review from the public list and the average, or show it again (admins); its author is told',
      params: IdParams, body: ModerationBody, response: { 200: ReviewView, 404: problemResponse('No review with this id') },
    },
  }, async (request) => service.moderate(app.auth.principal(request), request.params.id, request.body))
}

// Generated from the engine's OpenAPI document by `npm run generate -w @eduplatform/client`. Do not edit.

export interface paths {
    "/api/v1": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The API: its version and links to its description */
        get: operations["getApiIndex"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/admin/api-keys": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Active API keys, newest first */
        get: operations["listApiKeys"];
        put?: never;
        /** Create an integrator API key; the secret is shown once */
        post: operations["createApiKey"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/admin/api-keys/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post?: never;
        /** Revoke an API key */
        delete: operations["revokeApiKey"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/admin/teachers/pending": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Teachers waiting for verification, oldest first */
        get: operations["listPendingTeachers"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/admin/users/{id}/verify": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        /** Verify a teacher, allowing them to create courses */
        patch: operations["verifyTeacher"];
        trace?: never;
    };
    "/api/v1/ai/lessons/{id}/ask": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Ask the tutor about a lesson; answered only from the course's lessons, with citations (enrolled student, owner, admin)
         * @description With `Accept: text/event-stream` the answer streams as Server-Sent Events: `delta` events `{ text }` as it is generated, then one `done` event with the whole answer (the 200 body below); a failure after the stream began is an `error` event with problem details. `covered: false` with a short reply when the lessons do not cover the question.
         */
        post: operations["askTutor"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/ai/lessons/{id}/quiz": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * A draft quiz for a lesson, in the body shape of PUT /lessons/:id/quiz; not saved (owner teacher, admin)
         * @description Headers `AI-Provider`, `AI-Model` and `AI-Cached` say what made it. A quiz lesson with little text is drafted from the lessons before it in its module too.
         */
        post: operations["generateQuizDraft"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/ai/lessons/{id}/summary": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Summary and key points of a lesson (who may read the lesson)
         * @description Cached per lesson version, provider and model: `cached` says whether the provider was called. 422 when the lesson has no text.
         */
        post: operations["summarizeLesson"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/ai/review-queue": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Spaced-repetition items due now: questions the student answered in quiz attempts, scheduled with FSRS (student)
         * @description Oldest due first; questions come as students see them, never with answers. Items of a refunded enrollment, or whose question left its quiz, are not listed.
         */
        get: operations["listReviewItems"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/ai/review-queue/{itemId}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Grade the student's recall of a review item (again, hard, good, easy); answers the item with its next due time (the item's student)
         * @description Only a due item is graded, once each time it falls due (a second grade is 409). Other students' items are 404.
         */
        post: operations["gradeReviewItem"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/auth/email/verify": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Confirm an email address with the emailed token */
        post: operations["verifyEmail"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/auth/email/verify-request": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Send a link that confirms the email address */
        post: operations["requestEmailVerification"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/auth/login": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Sign in with email and password
         * @description Attempts are limited per account and client address (`auth.accountRateLimit`, default 10 per 15 minutes) and per account from all addresses (`auth.accountCeiling`, default 100 per 15 minutes), counted before the password is checked: one over gets 429 with `Retry-After`, right password or not.
         */
        post: operations["signIn"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/auth/logout": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Sign out the session of this refresh token */
        post: operations["signOut"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/auth/me": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The signed-in user */
        get: operations["getCurrentUser"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        /** Change your own profile (name) */
        patch: operations["updateCurrentUser"];
        trace?: never;
    };
    "/api/v1/auth/password/forgot": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Email a reset link (202 whether or not the account exists)
         * @description Reset mails are limited per account from any address (`auth.accountRateLimit`, default 10 per 15 minutes): one over gets 429 with `Retry-After`. Each mail voids the links sent before it.
         */
        post: operations["requestPasswordReset"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/auth/password/reset": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Set a new password with the emailed token; signs out every session */
        post: operations["resetPassword"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/auth/refresh": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Trade a refresh token for a new pair; the old one is spent */
        post: operations["refreshSession"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/auth/register": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Create a student or teacher account */
        post: operations["registerUser"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/categories": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Course categories, in display order */
        get: operations["listCategories"];
        put?: never;
        /** Add a category (admins) */
        post: operations["createCategory"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/categories/{slug}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        /** Rename, describe or move a category (admins) */
        patch: operations["updateCategory"];
        trace?: never;
    };
    "/api/v1/courses": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The catalogue: published courses, filtered, sorted and searched (typo-tolerant) */
        get: operations["listCourses"];
        put?: never;
        /** Create a draft course (verified teachers) */
        post: operations["createCourse"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/courses/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** A course: teacher, category, price, counts (drafts: owner and admins only) */
        get: operations["getCourse"];
        put?: never;
        post?: never;
        /** Delete a course without enrollments (owner, admin); archive one with enrollments */
        delete: operations["deleteCourse"];
        options?: never;
        head?: never;
        /** Edit, publish (needs a lesson), unpublish or archive a course (owner, admin) */
        patch: operations["updateCourse"];
        trace?: never;
    };
    "/api/v1/courses/{id}/curriculum": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Modules with their lessons, in order, without lesson bodies */
        get: operations["getCurriculum"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/courses/{id}/enrollments/count": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** How many students are enrolled (refunded enrollments excluded) */
        get: operations["countEnrollments"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/courses/{id}/modules": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Add a module at the end of the course (owner, admin) */
        post: operations["createModule"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/courses/{id}/modules/order": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        /** Reorder the modules: list every module of the course once, in the new order (owner, admin) */
        put: operations["reorderModules"];
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/courses/{id}/reviews": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Reviews of a course, newest first or by rating, in keyset pages (hidden reviews: admins only)
         * @description Public. An admin's token adds hidden reviews (marked `hidden`); a draft course's reviews are 404 to all but its owner and admins. Answers carry an `ETag`: `If-None-Match` gets 304 while nothing changed.
         */
        get: operations["listCourseReviews"];
        put?: never;
        /** Review a course: enrolled students (not refunded), once per course (403 not enrolled, 409 a second review) */
        post: operations["createReview"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/courses/{id}/reviews/summary": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * A course's average rating, review count and histogram (visible reviews)
         * @description Public; a draft course is 404 to all but its owner and admins. `If-None-Match` gets 304 while nothing changed.
         */
        get: operations["getCourseReviewSummary"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/courses/{id}/students": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Students of a course with their progress; owner teacher or admin */
        get: operations["listCourseStudents"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/courses/by-slug/{slug}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** A course by its slug */
        get: operations["getCourseBySlug"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/courses/mine": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The caller's own courses, every status, newest first */
        get: operations["listMyCourses"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/embed/sessions": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * A short-lived student token for a school's own user; the student is created on first use
         * @description New students per key are limited (`auth.embedNewStudentLimit`, default 2,000 per 10 minutes): one over gets 429 with `Retry-After`; sessions of existing students are not counted.
         */
        post: operations["createEmbedSession"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/enrollments": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Enroll in a published course: free at once, paid after a completed payment (402 otherwise); 409 when already enrolled */
        post: operations["createEnrollment"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/enrollments/me": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** My enrollments, newest first, with course summary and progress; `?courseId=` answers whether I am enrolled in one course without a 403 */
        get: operations["listMyEnrollments"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/lessons/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * A lesson with its body: enrolled students, the owner, admins; anyone for a preview lesson of a published course
         * @description Preview lessons of published courses are open to anyone. Every other lesson needs a bearer token of an enrolled student, the course owner or an admin: without a token the answer is 401, with a token that may not read it 403.
         */
        get: operations["getLesson"];
        put?: never;
        post?: never;
        /** Delete a lesson; later lessons move up (owner, admin) */
        delete: operations["deleteLesson"];
        options?: never;
        head?: never;
        /** Edit a lesson (owner, admin); the body is markdown, served sanitized as bodyHtml */
        patch: operations["updateLesson"];
        trace?: never;
    };
    "/api/v1/lessons/{id}/quiz": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * A lesson's quiz, without answers or explanations; the owner or an admin may add ?include=answers
         * @description Readable by whoever may read the lesson (enrolled students, the owner, admins; anyone for a preview lesson). Students also get `attemptsUsed` and `passed`. 404 when the lesson has no quiz; 403 `EDU_QUIZZES_ANSWERS_FORBIDDEN` for ?include=answers by anyone else.
         */
        get: operations["getQuiz"];
        /**
         * Replace a quiz lesson's quiz as one document (owner teacher, admin)
         * @description Validated as a whole: options unique and not blank, answers pointing at existing options, at most 100 questions; a 400 names each bad field (`body.questions.3.answer`). Questions sent with their `id` keep it. Past attempts keep their grading. 409 `EDU_QUIZZES_NOT_A_QUIZ_LESSON` for a lesson whose type is not `quiz`.
         */
        put: operations["replaceQuiz"];
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/lessons/{id}/quiz/attempts": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Submit answers: graded on the server; a passing attempt completes the lesson (enrolled student)
         * @description 201 the graded attempt with each question's right answer and explanation. 403 `EDU_QUIZZES_NOT_ENROLLED` (refunded included); 409 `EDU_QUIZZES_ATTEMPTS_USED_UP`; 400 naming each bad answer (`body.answers.2.answer`).
         */
        post: operations["createQuizAttempt"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/lessons/{id}/quiz/attempts/me": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** My attempts at this quiz, newest first, each as it was graded (enrolled student) */
        get: operations["listMyQuizAttempts"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/modules/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post?: never;
        /** Delete a module and its lessons (owner, admin) */
        delete: operations["deleteModule"];
        options?: never;
        head?: never;
        /** Rename or describe a module (owner, admin) */
        patch: operations["updateModule"];
        trace?: never;
    };
    "/api/v1/modules/{id}/lessons": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Add a lesson at the end of a module (owner, admin) */
        post: operations["createLesson"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/modules/{id}/lessons/order": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        /** Reorder the lessons of a module: list each of them once, in the new order (owner, admin) */
        put: operations["reorderLessons"];
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/notifications/{id}/read": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        /**
         * Mark one of my notifications read; 404 for anyone else’s
         * @description Idempotent: a notification read before keeps its first `readAt`.
         */
        patch: operations["markNotificationRead"];
        trace?: never;
    };
    "/api/v1/notifications/me": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * My notifications, newest first
         * @description `unread=true` keeps the unread ones. Cursor pages (`limit` ≤ 100).
         */
        get: operations["listMyNotifications"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/notifications/me/unread-count": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** How many of my notifications are unread (exact after every change) */
        get: operations["getUnreadNotificationCount"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/notifications/preferences": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * My channels per notification type: `{ [type]: { inApp, email } }`
         * @description Defaults: in-app on for every type; email on for payments, course completion and teacher verification, off for the rest.
         */
        get: operations["getNotificationPreferences"];
        /** Change my channels for some types; types and channels left out stay as they are */
        put: operations["updateNotificationPreferences"];
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/notifications/read-all": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Mark all my notifications read */
        post: operations["markAllNotificationsRead"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/notifications/stream": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * My new notifications as Server-Sent Events (`event: notification`, `data`: the item, `id`: its id)
         * @description Authenticate with the bearer header or `?token=` (POST /notifications/stream-token). A comment line is sent as a heartbeat on idle streams. On reconnect, `Last-Event-ID` (or `?lastEventId=`, for a new EventSource) replays what was created since that notification (up to 500). The stream ends when the engine shuts down; clients reconnect after `retry`.
         */
        get: operations["streamNotifications"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/notifications/stream-token": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * A short-lived token (≤ 60 s) for `GET /notifications/stream?token=`; no other route accepts it
         * @description EventSource cannot send an Authorization header. The token stays valid until `expiresAt`, so EventSource may reconnect with it; after that, ask for a new one.
         */
        post: operations["createNotificationStreamToken"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/notifications/unsubscribe": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The unsubscribe link of a mail: email off for the type the signed token names; answers an HTML page */
        get: operations["unsubscribeNotificationEmailPage"];
        put?: never;
        /** One-click unsubscribe (RFC 8058): email off for the type the signed token names */
        post: operations["unsubscribeNotificationEmail"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/payments": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Pay for a course. 201 with the payment; reusing the key with the same body replays it (201, Idempotent-Replayed: true); 409 with another body
         * @description The amount is the course price, read on the server. The mock provider completes at once and the student is enrolled when this returns; with Stripe the payment is pending and `checkoutUrl` is where the student pays.
         */
        post: operations["createPayment"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/payments/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** One payment: its owner or an admin (404 to anyone else) */
        get: operations["getPayment"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/payments/{id}/refund": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Refund a completed payment through its provider; the enrollment becomes `refunded` and loses lesson access */
        post: operations["refundPayment"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/payments/me": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** My payments, newest first */
        get: operations["listMyPayments"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/payments/webhooks/{provider}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Provider webhooks (signed). 400 on a bad signature, with nothing changed; a redelivered event is acknowledged and ignored */
        post: operations["receivePaymentWebhook"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/progress/courses/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** My progress in a course */
        get: operations["getCourseProgress"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/progress/lessons/{id}/complete": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Mark a lesson complete (idempotent); completing the last lesson completes the enrollment */
        post: operations["completeLesson"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/reviews/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post?: never;
        /** Delete a review (author, admin); the course's average follows */
        delete: operations["deleteReview"];
        options?: never;
        head?: never;
        /** Change a review's rating or comment (author, admin); the course's average follows */
        patch: operations["updateReview"];
        trace?: never;
    };
    "/api/v1/reviews/{id}/moderation": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        /** Hide a review from the public list and the average, or show it again (admins); its author is told */
        patch: operations["moderateReview"];
        trace?: never;
    };
    "/api/v1/reviews/{id}/reply": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        /** Write the course owner's one reply to a review (201), or replace it (200) */
        put: operations["replyToReview"];
        post?: never;
        /** Remove the course owner's reply to a review */
        delete: operations["deleteReviewReply"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/health/live": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The process is up */
        get: operations["getLiveness"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/health/ready": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Database reachable and migrations applied (503 otherwise) */
        get: operations["getReadiness"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/metrics": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Prometheus metrics */
        get: operations["getMetrics"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
}
export type webhooks = Record<string, never>;
export interface components {
    schemas: {
        AiReviewItem: {
            /**
             * Format: date-time
             * @description When the item is next due (ISO 8601)
             */
            due: string;
            /** Format: uuid */
            id: string;
            /** Format: uuid */
            lessonId: string;
            question: {
                /** Format: uuid */
                id: string;
                options?: string[];
                prompt: string;
                /**
                 * @description `single`: one right option; `multiple`: every right option and no other; `true_false`; `short_text`: typed answer
                 * @enum {unknown}
                 */
                type: "single" | "multiple" | "true_false" | "short_text";
            };
        };
        /** @description A course */
        Course: {
            avgRating: number;
            category: {
                name: string;
                slug: string;
            } | null;
            coverImageUrl: string | null;
            /** Format: date-time */
            createdAt: string;
            /** @description ISO 4217 alphabetic currency code, upper case */
            currency: string;
            /** @description Plain text */
            description: string;
            /** @description Sum of the lesson durations */
            durationMinutes: number;
            enrollmentCount: number;
            /** Format: uuid */
            id: string;
            isFree: boolean;
            language: string;
            lessonCount: number;
            /** @enum {unknown} */
            level: "beginner" | "intermediate" | "advanced";
            moduleCount: number;
            /** @description Price as an integer in the minor unit of `currency` per ISO 4217 (cents for USD, yen for JPY, fils for KWD) */
            priceCents: number;
            publishedAt: string | null;
            reviewCount: number;
            slug: string;
            /** @enum {unknown} */
            status: "draft" | "published" | "archived";
            tags: string[];
            teacher: {
                /** Format: uuid */
                id: string;
                name: string;
            };
            title: string;
            /** Format: date-time */
            updatedAt: string;
        };
        /** @description A course category */
        CourseCategory: {
            description: string;
            /** Format: uuid */
            id: string;
            name: string;
            position: number;
            slug: string;
        };
        /** @description A module with its lessons (no bodies), in order */
        CourseModule: {
            /** Format: uuid */
            courseId: string;
            description: string;
            /** Format: uuid */
            id: string;
            lessons: {
                durationMinutes: number;
                /** Format: uuid */
                id: string;
                isPreview: boolean;
                position: number;
                title: string;
                /** @enum {unknown} */
                type: "text" | "video" | "quiz";
            }[];
            position: number;
            title: string;
        };
        Notification: {
            /** @description Plain text: clients escape it */
            body: string;
            /** Format: date-time */
            createdAt: string;
            /** @description Ids and figures the notification is about (e.g. `courseId`), by type */
            data: {
                [key: string]: unknown;
            };
            /** Format: uuid */
            id: string;
            /** @description Where the notification leads: a path on the engine's public URL, or an absolute URL (course links follow the plugin's `courseUrl` option; default `/widgets/?course=<id>`) */
            link?: string;
            readAt: string | null;
            /** @description Plain text: clients escape it */
            title: string;
            /**
             * @description What the notification is about
             * @enum {unknown}
             */
            type: "enrollment.created" | "payment.completed" | "payment.refunded" | "course.completed" | "teacher.verified" | "review.created" | "review.replied" | "review.hidden" | "lesson.added" | "account.welcome";
        };
        /** @description A payment for a course */
        Payment: {
            /** @description The course price as an integer in the minor unit of `currency` per ISO 4217 (cents for USD, yen for JPY, fils for KWD) */
            amount: number;
            /** @description Where the student pays (Stripe); null once settled or for the mock */
            checkoutUrl: string | null;
            completedAt: string | null;
            /** Format: uuid */
            courseId: string;
            /** Format: date-time */
            createdAt: string;
            /** @description ISO 4217 alphabetic currency code, upper case, as on the course */
            currency: string;
            /** Format: uuid */
            id: string;
            provider: string;
            refundedAt: string | null;
            /** @enum {unknown} */
            status: "pending" | "completed" | "failed" | "refunded";
            /** Format: uuid */
            studentId: string;
        };
        /** @description RFC 9457 problem details */
        Problem: {
            code?: string;
            detail?: string;
            errors?: {
                field: string;
                message: string;
            }[];
            instance?: string;
            status: number;
            title: string;
            type: string;
        };
        /** @description A graded attempt */
        QuizAttempt: {
            /** Format: uuid */
            id: string;
            /** Format: uuid */
            lessonId: string;
            passed: boolean;
            /** @description Percent of questions right needed to pass */
            passScore: number;
            /** @description Graded against the quiz as it was when submitted */
            results: {
                /** @description What the student gave; null when left out */
                answer: (number[] | boolean | string) | null;
                correct: boolean;
                /** @description `single` [index], `multiple` [index, …], `true_false` boolean, `short_text` accepted answers */
                correctAnswer: number[] | boolean | string[];
                explanation?: string;
                options?: string[];
                prompt: string;
                /** Format: uuid */
                questionId: string;
                /**
                 * @description `single`: one right option; `multiple`: every right option and no other; `true_false`; `short_text`: typed answer
                 * @enum {unknown}
                 */
                type: "single" | "multiple" | "true_false" | "short_text";
            }[];
            /** @description Percent of questions answered right, rounded down */
            score: number;
            /** Format: date-time */
            submittedAt: string;
        };
        /** @description A student's review of a course */
        Review: {
            author: {
                /** Format: uuid */
                id: string;
                name: string;
            };
            /** @description Plain text as written: escape it when showing it in HTML */
            comment: string;
            /** Format: uuid */
            courseId: string;
            /** Format: date-time */
            createdAt: string;
            /** @description Hidden by a moderator (only admins and the author see hidden reviews) */
            hidden: boolean;
            hiddenReason: string | null;
            /** Format: uuid */
            id: string;
            /** @description Whole stars, 1 to 5 */
            rating: number;
            reply: {
                body: string;
                /** Format: date-time */
                createdAt: string;
                /** Format: date-time */
                updatedAt: string;
            } | null;
            /** Format: date-time */
            updatedAt: string;
            /** @description The author completed the course, or more than half of its lessons */
            verifiedLearner: boolean;
        };
    };
    responses: never;
    parameters: never;
    requestBodies: never;
    headers: never;
    pathItems: never;
}
export type $defs = Record<string, never>;
export interface operations {
    getApiIndex: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description A client error, as problem details */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description A server error, as problem details (`EDU_INTERNAL`, no internal detail) */
            "5XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description What the API is and where it is described */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @description Paths on this engine */
                        links: {
                            /** @description Human-readable API reference */
                            docs: string;
                            /** @description Readiness */
                            health: string;
                            /** @description OpenAPI 3.1 document of every enabled route */
                            openapi: string;
                            /** @description The widgets bundle (when the engine serves it) */
                            widgets?: string;
                        };
                        name: string;
                        /** @description The engine's version */
                        version: string;
                    };
                };
            };
        };
    };
    listApiKeys: {
        parameters: {
            query?: {
                /** @description Opaque cursor from the previous page */
                cursor?: string;
                /** @description Page size (max 100) */
                limit?: number;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description A client error, as problem details */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description A server error, as problem details (`EDU_INTERNAL`, no internal detail) */
            "5XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        items: {
                            /** Format: date-time */
                            createdAt: string;
                            /** Format: uuid */
                            id: string;
                            /** @description When the key was last used, to the minute */
                            lastUsedAt: string | null;
                            name: string;
                            /** @description First characters of the key, to recognise it */
                            prefix: string;
                            school: string | null;
                            scopes: ("read" | "write" | "embed" | "admin")[];
                        }[];
                        nextCursor: string | null;
                    };
                };
            };
            /** @description Invalid input: `errors` names each bad field */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No credential, or one that is not valid */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The credential may not do this */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    createApiKey: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    /** @description What the key is for: one line, not blank */
                    name: string;
                    /** @description Whose users embedded sessions belong to (lower-case letters, digits, ".", "_", "-"). Keys that share a school share its students, so a key can be replaced without losing them; without one, a key is a school of its own (its students cannot move to another key). */
                    school?: string;
                    /** @description read: GET requests; write: the other methods; embed: POST /embed/sessions; admin: routes only admins may call. Keys never manage keys. */
                    scopes: ("read" | "write" | "embed" | "admin")[];
                };
            };
        };
        responses: {
            /** @description A client error, as problem details */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description A server error, as problem details (`EDU_INTERNAL`, no internal detail) */
            "5XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Default Response */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @description An integrator API key (never its secret) */
                        apiKey: {
                            /** Format: date-time */
                            createdAt: string;
                            /** Format: uuid */
                            id: string;
                            /** @description When the key was last used, to the minute */
                            lastUsedAt: string | null;
                            name: string;
                            /** @description First characters of the key, to recognise it */
                            prefix: string;
                            school: string | null;
                            scopes: ("read" | "write" | "embed" | "admin")[];
                        };
                        /** @description Shown once. Send as `Authorization: Bearer <secret>` */
                        secret: string;
                    };
                };
            };
            /** @description Invalid input: `errors` names each bad field */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No credential, or one that is not valid */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The credential may not do this */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    revokeApiKey: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description A client error, as problem details */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description A server error, as problem details (`EDU_INTERNAL`, no internal detail) */
            "5XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Default Response */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Invalid input: `errors` names each bad field */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No credential, or one that is not valid */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The credential may not do this */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    listPendingTeachers: {
        parameters: {
            query?: {
                /** @description Opaque cursor from the previous page */
                cursor?: string;
                /** @description Page size (max 100) */
                limit?: number;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description A client error, as problem details */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description A server error, as problem details (`EDU_INTERNAL`, no internal detail) */
            "5XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        items: ({
                            email: string;
                            emailVerified: boolean;
                            /** Format: uuid */
                            id: string;
                            /** @description Teachers: verified by an admin and allowed to publish */
                            isVerified: boolean;
                            name: string;
                            /** @enum {unknown} */
                            role: "student" | "teacher" | "admin";
                        } & {
                            /** Format: date-time */
                            createdAt: string;
                        })[];
                        nextCursor: string | null;
                    };
                };
            };
            /** @description Invalid input: `errors` names each bad field */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No credential, or one that is not valid */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The credential may not do this */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    verifyTeacher: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description A client error, as problem details */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description A server error, as problem details (`EDU_INTERNAL`, no internal detail) */
            "5XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description A user account */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        email: string;
                        emailVerified: boolean;
                        /** Format: uuid */
                        id: string;
                        /** @description Teachers: verified by an admin and allowed to publish */
                        isVerified: boolean;
                        name: string;
                        /** @enum {unknown} */
                        role: "student" | "teacher" | "admin";
                    };
                };
            };
            /** @description Invalid input: `errors` names each bad field */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No credential, or one that is not valid */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The credential may not do this */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    askTutor: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    /** @description Plain text, at most 1,000 characters; not blank */
                    question: string;
                };
            };
        };
        responses: {
            /** @description A client error, as problem details */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description A server error, as problem details (`EDU_INTERNAL`, no internal detail) */
            "5XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        answer: string;
                        cached: boolean;
                        citations: {
                            /** Format: uuid */
                            lessonId: string;
                            /** @description The passage quoted verbatim from the lesson (markdown as written) */
                            passage: string;
                        }[];
                        /** @description false when the course's lessons do not cover the question; the answer then says so */
                        covered: boolean;
                        /** @description The model (offline: the algorithm version) */
                        model: string;
                        /** @description The provider that made the result: gemini or offline */
                        provider: string;
                    };
                };
            };
            /** @description Invalid input: `errors` names each bad field */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No credential, or one that is not valid */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not enrolled in the course, nor its teacher or an admin (`EDU_AI_NOT_ENROLLED`) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No such lesson (`EDU_AI_LESSON_NOT_FOUND`) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Over the per-minute rate (`EDU_AI_RATE_LIMITED`) or the daily quota (`EDU_AI_QUOTA_EXCEEDED`); `Retry-After` says when to try again */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The provider's reply did not have the expected shape (`EDU_AI_MALFORMED_REPLY`); nothing was cached */
            502: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The provider is down, refused, or answered 429 (`EDU_AI_UNAVAILABLE`), with `Retry-After` */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The provider did not answer in time (`EDU_AI_TIMEOUT`) */
            504: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    generateQuizDraft: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    /**
                     * @description How many questions (default 5)
                     * @default 5
                     */
                    count?: number;
                };
            };
        };
        responses: {
            /** @description A client error, as problem details */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description A server error, as problem details (`EDU_INTERNAL`, no internal detail) */
            "5XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description A whole quiz; at most 100 questions */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "passScore": 70,
                     *       "maxAttempts": 3,
                     *       "questions": [
                     *         {
                     *           "type": "single",
                     *           "prompt": "Which keyword declares a constant?",
                     *           "options": [
                     *             "var",
                     *             "let",
                     *             "const"
                     *           ],
                     *           "answer": [
                     *             2
                     *           ],
                     *           "explanation": "`const` bindings cannot be reassigned."
                     *         },
                     *         {
                     *           "type": "multiple",
                     *           "prompt": "Which are primitive types?",
                     *           "options": [
                     *             "string",
                     *             "object",
                     *             "boolean"
                     *           ],
                     *           "answer": [
                     *             0,
                     *             2
                     *           ]
                     *         },
                     *         {
                     *           "type": "true_false",
                     *           "prompt": "Types are checked before the code runs.",
                     *           "answer": true
                     *         },
                     *         {
                     *           "type": "short_text",
                     *           "prompt": "Name the compiler command.",
                     *           "answer": [
                     *             "tsc"
                     *           ]
                     *         }
                     *       ]
                     *     }
                     */
                    "application/json": {
                        maxAttempts?: number | null;
                        /** @description Percent of questions right needed to pass */
                        passScore: number;
                        questions: {
                            /** @description `single` [index], `multiple` [index, …], `true_false` boolean, `short_text` accepted answers */
                            answer: number[] | boolean | string[];
                            /** @description Plain text, shown to students after they submit */
                            explanation?: string;
                            /**
                             * Format: uuid
                             * @description Keep a question of this quiz (its id stays); omit for a new one
                             */
                            id?: string;
                            /** @description `single` and `multiple` only: unique, non-empty plain text */
                            options?: string[];
                            /** @description Plain text, stored as written; not blank */
                            prompt: string;
                            /**
                             * @description `single`: one right option; `multiple`: every right option and no other; `true_false`; `short_text`: typed answer
                             * @enum {unknown}
                             */
                            type: "single" | "multiple" | "true_false" | "short_text";
                        }[];
                    };
                };
            };
            /** @description Invalid input: `errors` names each bad field */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No credential, or one that is not valid */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description A student, or another teacher (`EDU_AI_NOT_OWNER`) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No such lesson */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The lesson has no text to work from (`EDU_AI_NO_TEXT`) */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Over the per-minute rate (`EDU_AI_RATE_LIMITED`) or the daily quota (`EDU_AI_QUOTA_EXCEEDED`); `Retry-After` says when to try again */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The provider's reply did not have the expected shape (`EDU_AI_MALFORMED_REPLY`); nothing was cached */
            502: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The provider is down, refused, or answered 429 (`EDU_AI_UNAVAILABLE`), with `Retry-After` */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The provider did not answer in time (`EDU_AI_TIMEOUT`) */
            504: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    summarizeLesson: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description A client error, as problem details */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description A server error, as problem details (`EDU_INTERNAL`, no internal detail) */
            "5XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @description true when served from the cache without calling the provider */
                        cached: boolean;
                        keyPoints: string[];
                        /** @description The model (offline: the algorithm version) */
                        model: string;
                        /** @description The provider that made the result: gemini or offline */
                        provider: string;
                        /** @description A few sentences; the offline provider quotes them verbatim from the lesson */
                        summary: string;
                    };
                };
            };
            /** @description Invalid input: `errors` names each bad field */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Anonymous, and the lesson is not a preview */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not enrolled in the course, and the lesson is not a preview */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No such lesson, or a draft course's lesson for anyone but its owner and admins */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The lesson has no text to work from (`EDU_AI_NO_TEXT`) */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Over the per-minute rate (`EDU_AI_RATE_LIMITED`) or the daily quota (`EDU_AI_QUOTA_EXCEEDED`); `Retry-After` says when to try again */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The provider's reply did not have the expected shape (`EDU_AI_MALFORMED_REPLY`); nothing was cached */
            502: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The provider is down, refused, or answered 429 (`EDU_AI_UNAVAILABLE`), with `Retry-After` */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The provider did not answer in time (`EDU_AI_TIMEOUT`) */
            504: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    listReviewItems: {
        parameters: {
            query?: {
                limit?: number;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description A client error, as problem details */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description A server error, as problem details (`EDU_INTERNAL`, no internal detail) */
            "5XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        items: components["schemas"]["AiReviewItem"][];
                    };
                };
            };
            /** @description Invalid input: `errors` names each bad field */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No credential, or one that is not valid */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The credential may not do this */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    gradeReviewItem: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                itemId: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    /**
                     * @description How well the student recalled the answer (FSRS ratings)
                     * @enum {unknown}
                     */
                    grade: "again" | "hard" | "good" | "easy";
                };
            };
        };
        responses: {
            /** @description A client error, as problem details */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description A server error, as problem details (`EDU_INTERNAL`, no internal detail) */
            "5XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /**
                         * Format: date-time
                         * @description When the item is next due (ISO 8601)
                         */
                        due: string;
                        /** Format: uuid */
                        id: string;
                        /** Format: uuid */
                        lessonId: string;
                        question: {
                            /** Format: uuid */
                            id: string;
                            options?: string[];
                            prompt: string;
                            /**
                             * @description `single`: one right option; `multiple`: every right option and no other; `true_false`; `short_text`: typed answer
                             * @enum {unknown}
                             */
                            type: "single" | "multiple" | "true_false" | "short_text";
                        };
                    };
                };
            };
            /** @description Invalid input: `errors` names each bad field */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No credential, or one that is not valid */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The credential may not do this */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No such item, or another student's (`EDU_AI_REVIEW_ITEM_NOT_FOUND`) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The item is not due yet: it was graded already (`EDU_AI_REVIEW_ITEM_NOT_DUE`) */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    verifyEmail: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    token: string;
                };
            };
        };
        responses: {
            /** @description A client error, as problem details */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description A server error, as problem details (`EDU_INTERNAL`, no internal detail) */
            "5XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        ok: boolean;
                    };
                };
            };
            /** @description Invalid input: `errors` names each bad field */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Too many requests; `Retry-After` says when to try again */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    requestEmailVerification: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description A client error, as problem details */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description A server error, as problem details (`EDU_INTERNAL`, no internal detail) */
            "5XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Default Response */
            202: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        accepted: boolean;
                    };
                };
            };
            /** @description No credential, or one that is not valid */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The credential may not do this */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Too many requests; `Retry-After` says when to try again */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    signIn: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    /**
                     * Format: email
                     * @description Case-insensitive
                     */
                    email: string;
                    password: string;
                };
            };
        };
        responses: {
            /** @description A client error, as problem details */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description A server error, as problem details (`EDU_INTERNAL`, no internal detail) */
            "5XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description A signed-in session */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @description JWT, 15 minutes */
                        accessToken: string;
                        /** @description Access-token lifetime in seconds */
                        expiresIn: number;
                        /** @description Opaque, single use; rotate with /auth/refresh */
                        refreshToken: string;
                        /** @description A user account */
                        user: {
                            email: string;
                            emailVerified: boolean;
                            /** Format: uuid */
                            id: string;
                            /** @description Teachers: verified by an admin and allowed to publish */
                            isVerified: boolean;
                            name: string;
                            /** @enum {unknown} */
                            role: "student" | "teacher" | "admin";
                        };
                    };
                };
            };
            /** @description Invalid input: `errors` names each bad field */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Too many requests; `Retry-After` says when to try again */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    signOut: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    refreshToken: string;
                };
            };
        };
        responses: {
            /** @description A client error, as problem details */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description A server error, as problem details (`EDU_INTERNAL`, no internal detail) */
            "5XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Default Response */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Invalid input: `errors` names each bad field */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No credential, or one that is not valid */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The credential may not do this */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    getCurrentUser: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description A client error, as problem details */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description A server error, as problem details (`EDU_INTERNAL`, no internal detail) */
            "5XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description A user account */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        email: string;
                        emailVerified: boolean;
                        /** Format: uuid */
                        id: string;
                        /** @description Teachers: verified by an admin and allowed to publish */
                        isVerified: boolean;
                        name: string;
                        /** @enum {unknown} */
                        role: "student" | "teacher" | "admin";
                    };
                };
            };
            /** @description No credential, or one that is not valid */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The credential may not do this */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    updateCurrentUser: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    /** @description Display name: one line, not blank, stored as written */
                    name?: string;
                };
            };
        };
        responses: {
            /** @description A client error, as problem details */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description A server error, as problem details (`EDU_INTERNAL`, no internal detail) */
            "5XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description A user account */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        email: string;
                        emailVerified: boolean;
                        /** Format: uuid */
                        id: string;
                        /** @description Teachers: verified by an admin and allowed to publish */
                        isVerified: boolean;
                        name: string;
                        /** @enum {unknown} */
                        role: "student" | "teacher" | "admin";
                    };
                };
            };
            /** @description Invalid input: `errors` names each bad field */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No credential, or one that is not valid */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The credential may not do this */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    requestPasswordReset: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    /**
                     * Format: email
                     * @description Case-insensitive
                     */
                    email: string;
                };
            };
        };
        responses: {
            /** @description A client error, as problem details */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description A server error, as problem details (`EDU_INTERNAL`, no internal detail) */
            "5XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Default Response */
            202: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        accepted: boolean;
                    };
                };
            };
            /** @description Invalid input: `errors` names each bad field */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Too many requests; `Retry-After` says when to try again */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    resetPassword: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    /** @description 8 to 256 characters; no NUL or lone surrogates */
                    password: string;
                    token: string;
                };
            };
        };
        responses: {
            /** @description A client error, as problem details */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description A server error, as problem details (`EDU_INTERNAL`, no internal detail) */
            "5XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        ok: boolean;
                    };
                };
            };
            /** @description Invalid input: `errors` names each bad field */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Too many requests; `Retry-After` says when to try again */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    refreshSession: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    refreshToken: string;
                };
            };
        };
        responses: {
            /** @description A client error, as problem details */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description A server error, as problem details (`EDU_INTERNAL`, no internal detail) */
            "5XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description A signed-in session */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @description JWT, 15 minutes */
                        accessToken: string;
                        /** @description Access-token lifetime in seconds */
                        expiresIn: number;
                        /** @description Opaque, single use; rotate with /auth/refresh */
                        refreshToken: string;
                        /** @description A user account */
                        user: {
                            email: string;
                            emailVerified: boolean;
                            /** Format: uuid */
                            id: string;
                            /** @description Teachers: verified by an admin and allowed to publish */
                            isVerified: boolean;
                            name: string;
                            /** @enum {unknown} */
                            role: "student" | "teacher" | "admin";
                        };
                    };
                };
            };
            /** @description Invalid input: `errors` names each bad field */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Too many requests; `Retry-After` says when to try again */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    registerUser: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    /**
                     * Format: email
                     * @description Case-insensitive; not in the special-use domains .invalid or .localhost
                     */
                    email: string;
                    /** @description Display name: one line, not blank, stored as written */
                    name: string;
                    /** @description 8 to 256 characters; no NUL or lone surrogates */
                    password: string;
                    /**
                     * @description Admins are never created through the API
                     * @default student
                     * @enum {unknown}
                     */
                    role?: "student" | "teacher";
                };
            };
        };
        responses: {
            /** @description A client error, as problem details */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description A server error, as problem details (`EDU_INTERNAL`, no internal detail) */
            "5XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description A signed-in session */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @description JWT, 15 minutes */
                        accessToken: string;
                        /** @description Access-token lifetime in seconds */
                        expiresIn: number;
                        /** @description Opaque, single use; rotate with /auth/refresh */
                        refreshToken: string;
                        /** @description A user account */
                        user: {
                            email: string;
                            emailVerified: boolean;
                            /** Format: uuid */
                            id: string;
                            /** @description Teachers: verified by an admin and allowed to publish */
                            isVerified: boolean;
                            name: string;
                            /** @enum {unknown} */
                            role: "student" | "teacher" | "admin";
                        };
                    };
                };
            };
            /** @description Invalid input: `errors` names each bad field */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Too many requests; `Retry-After` says when to try again */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    listCategories: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description A client error, as problem details */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description A server error, as problem details (`EDU_INTERNAL`, no internal detail) */
            "5XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        items: components["schemas"]["CourseCategory"][];
                        nextCursor: null;
                    };
                };
            };
        };
    };
    createCategory: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    /** @description Plain text, stored as written */
                    description?: string;
                    /** @description One line of plain text, not blank, stored as written */
                    name: string;
                    position?: number;
                    slug?: string;
                };
            };
        };
        responses: {
            /** @description A client error, as problem details */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description A server error, as problem details (`EDU_INTERNAL`, no internal detail) */
            "5XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description A course category */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        description: string;
                        /** Format: uuid */
                        id: string;
                        name: string;
                        position: number;
                        slug: string;
                    };
                };
            };
            /** @description Invalid input: `errors` names each bad field */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No credential, or one that is not valid */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The credential may not do this */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    updateCategory: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                slug: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    /** @description Plain text, stored as written */
                    description?: string;
                    /** @description One line of plain text, not blank, stored as written */
                    name?: string;
                    position?: number;
                };
            };
        };
        responses: {
            /** @description A client error, as problem details */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description A server error, as problem details (`EDU_INTERNAL`, no internal detail) */
            "5XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description A course category */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        description: string;
                        /** Format: uuid */
                        id: string;
                        name: string;
                        position: number;
                        slug: string;
                    };
                };
            };
            /** @description Invalid input: `errors` names each bad field */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No credential, or one that is not valid */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The credential may not do this */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    listCourses: {
        parameters: {
            query?: {
                category?: string;
                /** @description Opaque cursor from the previous page */
                cursor?: string;
                /** @description true: free courses only; false: paid only */
                free?: boolean;
                level?: "beginner" | "intermediate" | "advanced";
                /** @description Page size (max 100) */
                limit?: number;
                /** @description Price as an integer in the minor unit of `currency` per ISO 4217 (cents for USD, yen for JPY, fils for KWD); 0 is free */
                maxPrice?: number;
                /** @description Price as an integer in the minor unit of `currency` per ISO 4217 (cents for USD, yen for JPY, fils for KWD); 0 is free */
                minPrice?: number;
                minRating?: number;
                /** @description Typo-tolerant search over title and description */
                q?: string;
                /** @description Default: relevance with q, newest without */
                sort?: "relevance" | "newest" | "rating" | "price_asc" | "price_desc" | "popular";
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description A client error, as problem details */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description A server error, as problem details (`EDU_INTERNAL`, no internal detail) */
            "5XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        items: components["schemas"]["Course"][];
                        nextCursor: string | null;
                    };
                };
            };
            /** @description No content */
            304: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description A cursor of another sort or query, or minPrice above maxPrice */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    createCourse: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    category?: string;
                    /** @description https only */
                    coverImageUrl?: string;
                    /**
                     * @description ISO 4217 alphabetic currency code, upper case
                     * @enum {unknown}
                     */
                    currency?: "AED" | "AFN" | "ALL" | "AMD" | "ANG" | "AOA" | "ARS" | "AUD" | "AWG" | "AZN" | "BAM" | "BBD" | "BDT" | "BGN" | "BHD" | "BIF" | "BMD" | "BND" | "BOB" | "BOV" | "BRL" | "BSD" | "BTN" | "BWP" | "BYN" | "BZD" | "CAD" | "CDF" | "CHE" | "CHF" | "CHW" | "CLF" | "CLP" | "CNY" | "COP" | "COU" | "CRC" | "CUC" | "CUP" | "CVE" | "CZK" | "DJF" | "DKK" | "DOP" | "DZD" | "EGP" | "ERN" | "ETB" | "EUR" | "FJD" | "FKP" | "GBP" | "GEL" | "GHS" | "GIP" | "GMD" | "GNF" | "GTQ" | "GYD" | "HKD" | "HNL" | "HTG" | "HUF" | "IDR" | "ILS" | "INR" | "IQD" | "IRR" | "ISK" | "JMD" | "JOD" | "JPY" | "KES" | "KGS" | "KHR" | "KMF" | "KPW" | "KRW" | "KWD" | "KYD" | "KZT" | "LAK" | "LBP" | "LKR" | "LRD" | "LSL" | "LYD" | "MAD" | "MDL" | "MGA" | "MKD" | "MMK" | "MNT" | "MOP" | "MRU" | "MUR" | "MVR" | "MWK" | "MXN" | "MXV" | "MYR" | "MZN" | "NAD" | "NGN" | "NIO" | "NOK" | "NPR" | "NZD" | "OMR" | "PAB" | "PEN" | "PGK" | "PHP" | "PKR" | "PLN" | "PYG" | "QAR" | "RON" | "RSD" | "RUB" | "RWF" | "SAR" | "SBD" | "SCR" | "SDG" | "SEK" | "SGD" | "SHP" | "SLE" | "SOS" | "SRD" | "SSP" | "STN" | "SVC" | "SYP" | "SZL" | "THB" | "TJS" | "TMT" | "TND" | "TOP" | "TRY" | "TTD" | "TWD" | "TZS" | "UAH" | "UGX" | "USD" | "USN" | "UYI" | "UYU" | "UYW" | "UZS" | "VED" | "VES" | "VND" | "VUV" | "WST" | "XAF" | "XCD" | "XOF" | "XPF" | "YER" | "ZAR" | "ZMW" | "ZWG";
                    /** @description Plain text, stored as written */
                    description?: string;
                    /** @description BCP 47 language, e.g. en or pt-BR */
                    language?: string;
                    /** @enum {unknown} */
                    level?: "beginner" | "intermediate" | "advanced";
                    /** @description Price as an integer in the minor unit of `currency` per ISO 4217 (cents for USD, yen for JPY, fils for KWD); 0 is free */
                    priceCents?: number;
                    tags?: string[];
                    /**
                     * Format: uuid
                     * @description Admins and API keys only: the teacher who owns the course
                     */
                    teacherId?: string;
                    /** @description One line of plain text, not blank, stored as written */
                    title: string;
                };
            };
        };
        responses: {
            /** @description A client error, as problem details */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description A server error, as problem details (`EDU_INTERNAL`, no internal detail) */
            "5XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description A course */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        avgRating: number;
                        category: {
                            name: string;
                            slug: string;
                        } | null;
                        coverImageUrl: string | null;
                        /** Format: date-time */
                        createdAt: string;
                        /** @description ISO 4217 alphabetic currency code, upper case */
                        currency: string;
                        /** @description Plain text */
                        description: string;
                        /** @description Sum of the lesson durations */
                        durationMinutes: number;
                        enrollmentCount: number;
                        /** Format: uuid */
                        id: string;
                        isFree: boolean;
                        language: string;
                        lessonCount: number;
                        /** @enum {unknown} */
                        level: "beginner" | "intermediate" | "advanced";
                        moduleCount: number;
                        /** @description Price as an integer in the minor unit of `currency` per ISO 4217 (cents for USD, yen for JPY, fils for KWD) */
                        priceCents: number;
                        publishedAt: string | null;
                        reviewCount: number;
                        slug: string;
                        /** @enum {unknown} */
                        status: "draft" | "published" | "archived";
                        tags: string[];
                        teacher: {
                            /** Format: uuid */
                            id: string;
                            name: string;
                        };
                        title: string;
                        /** Format: date-time */
                        updatedAt: string;
                    };
                };
            };
            /** @description Invalid input: `errors` names each bad field */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No credential, or one that is not valid */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The credential may not do this */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    getCourse: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description A client error, as problem details */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description A server error, as problem details (`EDU_INTERNAL`, no internal detail) */
            "5XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description A course */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        avgRating: number;
                        category: {
                            name: string;
                            slug: string;
                        } | null;
                        coverImageUrl: string | null;
                        /** Format: date-time */
                        createdAt: string;
                        /** @description ISO 4217 alphabetic currency code, upper case */
                        currency: string;
                        /** @description Plain text */
                        description: string;
                        /** @description Sum of the lesson durations */
                        durationMinutes: number;
                        enrollmentCount: number;
                        /** Format: uuid */
                        id: string;
                        isFree: boolean;
                        language: string;
                        lessonCount: number;
                        /** @enum {unknown} */
                        level: "beginner" | "intermediate" | "advanced";
                        moduleCount: number;
                        /** @description Price as an integer in the minor unit of `currency` per ISO 4217 (cents for USD, yen for JPY, fils for KWD) */
                        priceCents: number;
                        publishedAt: string | null;
                        reviewCount: number;
                        slug: string;
                        /** @enum {unknown} */
                        status: "draft" | "published" | "archived";
                        tags: string[];
                        teacher: {
                            /** Format: uuid */
                            id: string;
                            name: string;
                        };
                        title: string;
                        /** Format: date-time */
                        updatedAt: string;
                    };
                };
            };
            /** @description No content */
            304: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Invalid input: `errors` names each bad field */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No course with this id (or a draft of someone else) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    deleteCourse: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description A client error, as problem details */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description A server error, as problem details (`EDU_INTERNAL`, no internal detail) */
            "5XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No content */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Invalid input: `errors` names each bad field */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No credential, or one that is not valid */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The credential may not do this */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    updateCourse: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    category?: string | null;
                    coverImageUrl?: string | null;
                    /**
                     * @description ISO 4217 alphabetic currency code, upper case
                     * @enum {unknown}
                     */
                    currency?: "AED" | "AFN" | "ALL" | "AMD" | "ANG" | "AOA" | "ARS" | "AUD" | "AWG" | "AZN" | "BAM" | "BBD" | "BDT" | "BGN" | "BHD" | "BIF" | "BMD" | "BND" | "BOB" | "BOV" | "BRL" | "BSD" | "BTN" | "BWP" | "BYN" | "BZD" | "CAD" | "CDF" | "CHE" | "CHF" | "CHW" | "CLF" | "CLP" | "CNY" | "COP" | "COU" | "CRC" | "CUC" | "CUP" | "CVE" | "CZK" | "DJF" | "DKK" | "DOP" | "DZD" | "EGP" | "ERN" | "ETB" | "EUR" | "FJD" | "FKP" | "GBP" | "GEL" | "GHS" | "GIP" | "GMD" | "GNF" | "GTQ" | "GYD" | "HKD" | "HNL" | "HTG" | "HUF" | "IDR" | "ILS" | "INR" | "IQD" | "IRR" | "ISK" | "JMD" | "JOD" | "JPY" | "KES" | "KGS" | "KHR" | "KMF" | "KPW" | "KRW" | "KWD" | "KYD" | "KZT" | "LAK" | "LBP" | "LKR" | "LRD" | "LSL" | "LYD" | "MAD" | "MDL" | "MGA" | "MKD" | "MMK" | "MNT" | "MOP" | "MRU" | "MUR" | "MVR" | "MWK" | "MXN" | "MXV" | "MYR" | "MZN" | "NAD" | "NGN" | "NIO" | "NOK" | "NPR" | "NZD" | "OMR" | "PAB" | "PEN" | "PGK" | "PHP" | "PKR" | "PLN" | "PYG" | "QAR" | "RON" | "RSD" | "RUB" | "RWF" | "SAR" | "SBD" | "SCR" | "SDG" | "SEK" | "SGD" | "SHP" | "SLE" | "SOS" | "SRD" | "SSP" | "STN" | "SVC" | "SYP" | "SZL" | "THB" | "TJS" | "TMT" | "TND" | "TOP" | "TRY" | "TTD" | "TWD" | "TZS" | "UAH" | "UGX" | "USD" | "USN" | "UYI" | "UYU" | "UYW" | "UZS" | "VED" | "VES" | "VND" | "VUV" | "WST" | "XAF" | "XCD" | "XOF" | "XPF" | "YER" | "ZAR" | "ZMW" | "ZWG";
                    /** @description Plain text, stored as written */
                    description?: string;
                    /** @description BCP 47 language, e.g. en or pt-BR */
                    language?: string;
                    /** @enum {unknown} */
                    level?: "beginner" | "intermediate" | "advanced";
                    /** @description Price as an integer in the minor unit of `currency` per ISO 4217 (cents for USD, yen for JPY, fils for KWD); 0 is free */
                    priceCents?: number;
                    /** @enum {unknown} */
                    status?: "draft" | "published" | "archived";
                    tags?: string[];
                    /** @description One line of plain text, not blank, stored as written */
                    title?: string;
                };
            };
        };
        responses: {
            /** @description A client error, as problem details */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description A server error, as problem details (`EDU_INTERNAL`, no internal detail) */
            "5XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description A course */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        avgRating: number;
                        category: {
                            name: string;
                            slug: string;
                        } | null;
                        coverImageUrl: string | null;
                        /** Format: date-time */
                        createdAt: string;
                        /** @description ISO 4217 alphabetic currency code, upper case */
                        currency: string;
                        /** @description Plain text */
                        description: string;
                        /** @description Sum of the lesson durations */
                        durationMinutes: number;
                        enrollmentCount: number;
                        /** Format: uuid */
                        id: string;
                        isFree: boolean;
                        language: string;
                        lessonCount: number;
                        /** @enum {unknown} */
                        level: "beginner" | "intermediate" | "advanced";
                        moduleCount: number;
                        /** @description Price as an integer in the minor unit of `currency` per ISO 4217 (cents for USD, yen for JPY, fils for KWD) */
                        priceCents: number;
                        publishedAt: string | null;
                        reviewCount: number;
                        slug: string;
                        /** @enum {unknown} */
                        status: "draft" | "published" | "archived";
                        tags: string[];
                        teacher: {
                            /** Format: uuid */
                            id: string;
                            name: string;
                        };
                        title: string;
                        /** Format: date-time */
                        updatedAt: string;
                    };
                };
            };
            /** @description Invalid input: `errors` names each bad field */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No credential, or one that is not valid */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The credential may not do this */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    getCurriculum: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description A client error, as problem details */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description A server error, as problem details (`EDU_INTERNAL`, no internal detail) */
            "5XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Modules and lessons in order, without lesson bodies */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** Format: uuid */
                        courseId: string;
                        durationMinutes: number;
                        lessonCount: number;
                        modules: components["schemas"]["CourseModule"][];
                    };
                };
            };
            /** @description No content */
            304: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Invalid input: `errors` names each bad field */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No course with this id (or a draft of someone else) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    countEnrollments: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description A client error, as problem details */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description A server error, as problem details (`EDU_INTERNAL`, no internal detail) */
            "5XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @description Active and completed enrollments */
                        count: number;
                    };
                };
            };
            /** @description Invalid input: `errors` names each bad field */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    createModule: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    /** @description Plain text, stored as written */
                    description?: string;
                    /** @description One line of plain text, not blank, stored as written */
                    title: string;
                };
            };
        };
        responses: {
            /** @description A client error, as problem details */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description A server error, as problem details (`EDU_INTERNAL`, no internal detail) */
            "5XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description A module with its lessons (no bodies), in order */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** Format: uuid */
                        courseId: string;
                        description: string;
                        /** Format: uuid */
                        id: string;
                        lessons: {
                            durationMinutes: number;
                            /** Format: uuid */
                            id: string;
                            isPreview: boolean;
                            position: number;
                            title: string;
                            /** @enum {unknown} */
                            type: "text" | "video" | "quiz";
                        }[];
                        position: number;
                        title: string;
                    };
                };
            };
            /** @description Invalid input: `errors` names each bad field */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No credential, or one that is not valid */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The credential may not do this */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    reorderModules: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    /** @description Every module of the course, each once, in the new order */
                    moduleIds: string[];
                };
            };
        };
        responses: {
            /** @description A client error, as problem details */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description A server error, as problem details (`EDU_INTERNAL`, no internal detail) */
            "5XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Modules and lessons in order, without lesson bodies */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** Format: uuid */
                        courseId: string;
                        durationMinutes: number;
                        lessonCount: number;
                        modules: components["schemas"]["CourseModule"][];
                    };
                };
            };
            /** @description Invalid input: `errors` names each bad field */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No credential, or one that is not valid */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The credential may not do this */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    listCourseReviews: {
        parameters: {
            query?: {
                /** @description Opaque cursor from the previous page */
                cursor?: string;
                /** @description Page size (max 100) */
                limit?: number;
                /** @description `newest` first, or by rating (ties: newest first) */
                sort?: "newest" | "rating_desc" | "rating_asc";
            };
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description A client error, as problem details */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description A server error, as problem details (`EDU_INTERNAL`, no internal detail) */
            "5XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        items: components["schemas"]["Review"][];
                        nextCursor: string | null;
                    };
                };
            };
            /** @description No content */
            304: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Invalid input: `errors` names each bad field */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No course with this id (or a draft of someone else) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    createReview: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    /** @description Plain text, stored exactly as written; may be empty */
                    comment: string;
                    /** @description Whole stars, 1 to 5 */
                    rating: number;
                };
            };
        };
        responses: {
            /** @description A client error, as problem details */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description A server error, as problem details (`EDU_INTERNAL`, no internal detail) */
            "5XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description A student's review of a course */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        author: {
                            /** Format: uuid */
                            id: string;
                            name: string;
                        };
                        /** @description Plain text as written: escape it when showing it in HTML */
                        comment: string;
                        /** Format: uuid */
                        courseId: string;
                        /** Format: date-time */
                        createdAt: string;
                        /** @description Hidden by a moderator (only admins and the author see hidden reviews) */
                        hidden: boolean;
                        hiddenReason: string | null;
                        /** Format: uuid */
                        id: string;
                        /** @description Whole stars, 1 to 5 */
                        rating: number;
                        reply: {
                            body: string;
                            /** Format: date-time */
                            createdAt: string;
                            /** Format: date-time */
                            updatedAt: string;
                        } | null;
                        /** Format: date-time */
                        updatedAt: string;
                        /** @description The author completed the course, or more than half of its lessons */
                        verifiedLearner: boolean;
                    };
                };
            };
            /** @description Invalid input: `errors` names each bad field */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No credential, or one that is not valid */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not a student, not enrolled in the course, or the enrollment was refunded */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No published course with this id */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The student has already reviewed this course */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    getCourseReviewSummary: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description A client error, as problem details */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description A server error, as problem details (`EDU_INTERNAL`, no internal detail) */
            "5XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description A course's ratings: average, count and histogram (hidden reviews excluded) */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @description Mean of the visible ratings, 2 decimals; 0 without reviews */
                        avgRating: number;
                        /** Format: uuid */
                        courseId: string;
                        /** @description Visible reviews per star rating */
                        histogram: {
                            1: number;
                            2: number;
                            3: number;
                            4: number;
                            5: number;
                        };
                        reviewCount: number;
                    };
                };
            };
            /** @description No content */
            304: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Invalid input: `errors` names each bad field */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No course with this id (or a draft of someone else) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    listCourseStudents: {
        parameters: {
            query?: {
                /** @description Opaque cursor from the previous page */
                cursor?: string;
                /** @description Page size (max 100) */
                limit?: number;
            };
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description A client error, as problem details */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description A server error, as problem details (`EDU_INTERNAL`, no internal detail) */
            "5XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        items: {
                            completedAt: string | null;
                            /** Format: uuid */
                            courseId: string;
                            /** Format: date-time */
                            enrolledAt: string;
                            /** Format: uuid */
                            id: string;
                            lastActivityAt: string | null;
                            progress: {
                                /** @description Completed lessons that still exist */
                                completed: number;
                                /** @description Rounded down: 100 only when every lesson is complete */
                                percent: number;
                                /** @description Lessons the course has now */
                                total: number;
                            };
                            /** @enum {unknown} */
                            source: "free" | "payment";
                            /**
                             * @description `refunded` enrollments grant no lesson access
                             * @enum {unknown}
                             */
                            status: "active" | "completed" | "refunded";
                            student: {
                                /** @description The student's address; empty for a student of a school's site (`POST /embed/sessions`): the school gave that address and nobody confirmed it, so only the student and the school see it */
                                email: string;
                                /** Format: uuid */
                                id: string;
                                name: string;
                            };
                            /** Format: uuid */
                            studentId: string;
                        }[];
                        nextCursor: string | null;
                    };
                };
            };
            /** @description Invalid input: `errors` names each bad field */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No credential, or one that is not valid */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The credential may not do this */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    getCourseBySlug: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                slug: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description A client error, as problem details */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description A server error, as problem details (`EDU_INTERNAL`, no internal detail) */
            "5XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description A course */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        avgRating: number;
                        category: {
                            name: string;
                            slug: string;
                        } | null;
                        coverImageUrl: string | null;
                        /** Format: date-time */
                        createdAt: string;
                        /** @description ISO 4217 alphabetic currency code, upper case */
                        currency: string;
                        /** @description Plain text */
                        description: string;
                        /** @description Sum of the lesson durations */
                        durationMinutes: number;
                        enrollmentCount: number;
                        /** Format: uuid */
                        id: string;
                        isFree: boolean;
                        language: string;
                        lessonCount: number;
                        /** @enum {unknown} */
                        level: "beginner" | "intermediate" | "advanced";
                        moduleCount: number;
                        /** @description Price as an integer in the minor unit of `currency` per ISO 4217 (cents for USD, yen for JPY, fils for KWD) */
                        priceCents: number;
                        publishedAt: string | null;
                        reviewCount: number;
                        slug: string;
                        /** @enum {unknown} */
                        status: "draft" | "published" | "archived";
                        tags: string[];
                        teacher: {
                            /** Format: uuid */
                            id: string;
                            name: string;
                        };
                        title: string;
                        /** Format: date-time */
                        updatedAt: string;
                    };
                };
            };
            /** @description Invalid input: `errors` names each bad field */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    listMyCourses: {
        parameters: {
            query?: {
                /** @description Opaque cursor from the previous page */
                cursor?: string;
                /** @description Page size (max 100) */
                limit?: number;
                status?: "draft" | "published" | "archived";
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description A client error, as problem details */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description A server error, as problem details (`EDU_INTERNAL`, no internal detail) */
            "5XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        items: components["schemas"]["Course"][];
                        nextCursor: string | null;
                    };
                };
            };
            /** @description No content */
            304: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Invalid input: `errors` names each bad field */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No credential, or one that is not valid */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The credential may not do this */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    createEmbedSession: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    /**
                     * Format: email
                     * @description The student's address as the school knows it, set when the student is first created (without it: a placeholder in .invalid). Contact data only (`user.email`): never confirmed or mailed by the engine, reserves nothing (the address's owner can still register it, as a separate account), never links to or signs in as another account. Not in .invalid or .localhost
                     */
                    email?: string;
                    /** @description The student's id in the school's own system (printable ASCII, no spaces) */
                    externalUserId: string;
                    /** @description Display name: one line, not blank, stored as written; kept up to date on every call */
                    name?: string;
                };
            };
        };
        responses: {
            /** @description A client error, as problem details */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description A server error, as problem details (`EDU_INTERNAL`, no internal detail) */
            "5XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description A short-lived session of a school's student */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @description A student access token for widgets (`token` attribute); it cannot be refreshed */
                        accessToken: string;
                        /** Format: date-time */
                        expiresAt: string;
                        /** @description Lifetime in seconds */
                        expiresIn: number;
                        /** @description A user account */
                        user: {
                            email: string;
                            emailVerified: boolean;
                            /** Format: uuid */
                            id: string;
                            /** @description Teachers: verified by an admin and allowed to publish */
                            isVerified: boolean;
                            name: string;
                            /** @enum {unknown} */
                            role: "student" | "teacher" | "admin";
                        };
                    };
                };
            };
            /** @description Invalid input: `errors` names each bad field */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No credential, or one that is not valid */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The credential may not do this */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    createEnrollment: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    /** Format: uuid */
                    courseId: string;
                };
            };
        };
        responses: {
            /** @description A client error, as problem details */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description A server error, as problem details (`EDU_INTERNAL`, no internal detail) */
            "5XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description A student enrolled in a course */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        completedAt: string | null;
                        /** Format: uuid */
                        courseId: string;
                        /** Format: date-time */
                        enrolledAt: string;
                        /** Format: uuid */
                        id: string;
                        /** @enum {unknown} */
                        source: "free" | "payment";
                        /**
                         * @description `refunded` enrollments grant no lesson access
                         * @enum {unknown}
                         */
                        status: "active" | "completed" | "refunded";
                        /** Format: uuid */
                        studentId: string;
                    };
                };
            };
            /** @description Invalid input: `errors` names each bad field */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No credential, or one that is not valid */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The credential may not do this */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    listMyEnrollments: {
        parameters: {
            query?: {
                /** @description Only my enrollment in this course: a page of one item, or none when I am not enrolled */
                courseId?: string;
                /** @description Opaque cursor from the previous page */
                cursor?: string;
                /** @description Page size (max 100) */
                limit?: number;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description A client error, as problem details */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description A server error, as problem details (`EDU_INTERNAL`, no internal detail) */
            "5XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        items: {
                            completedAt: string | null;
                            /** @description Null if the course was deleted */
                            course: {
                                currency: string;
                                /** Format: uuid */
                                id: string;
                                lessonCount: number;
                                priceCents: number;
                                slug: string;
                                /** @enum {unknown} */
                                status: "draft" | "published" | "archived";
                                /** Format: uuid */
                                teacherId: string;
                                title: string;
                            } | null;
                            /** Format: uuid */
                            courseId: string;
                            /** Format: date-time */
                            enrolledAt: string;
                            /** Format: uuid */
                            id: string;
                            progress: {
                                /** @description Completed lessons that still exist */
                                completed: number;
                                /** @description Completed lessons that still exist, in curriculum order */
                                completedLessonIds: string[];
                                /** @description Rounded down: 100 only when every lesson is complete */
                                percent: number;
                                /** @description Lessons the course has now */
                                total: number;
                            };
                            /** @enum {unknown} */
                            source: "free" | "payment";
                            /**
                             * @description `refunded` enrollments grant no lesson access
                             * @enum {unknown}
                             */
                            status: "active" | "completed" | "refunded";
                            /** Format: uuid */
                            studentId: string;
                        }[];
                        nextCursor: string | null;
                    };
                };
            };
            /** @description Invalid input: `errors` names each bad field */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No credential, or one that is not valid */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The credential may not do this */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    getLesson: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description A client error, as problem details */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description A server error, as problem details (`EDU_INTERNAL`, no internal detail) */
            "5XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description A lesson with its body */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @description Markdown, as written */
                        body: string;
                        /** @description The markdown rendered and sanitized: safe to insert into a page */
                        bodyHtml: string;
                        /** Format: uuid */
                        courseId: string;
                        /** Format: date-time */
                        createdAt: string;
                        durationMinutes: number;
                        /** Format: uuid */
                        id: string;
                        isPreview: boolean;
                        /** Format: uuid */
                        moduleId: string;
                        position: number;
                        title: string;
                        /** @enum {unknown} */
                        type: "text" | "video" | "quiz";
                        /** Format: date-time */
                        updatedAt: string;
                        videoEmbedUrl: string | null;
                        videoProvider: ("youtube" | "vimeo" | "file") | null;
                        videoUrl: string | null;
                    };
                };
            };
            /** @description No content */
            304: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Invalid input: `errors` names each bad field */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not a preview lesson, and no bearer token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not enrolled in its course */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No lesson with this id (or a lesson of a draft of someone else) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    deleteLesson: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description A client error, as problem details */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description A server error, as problem details (`EDU_INTERNAL`, no internal detail) */
            "5XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No content */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Invalid input: `errors` names each bad field */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No credential, or one that is not valid */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The credential may not do this */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    updateLesson: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    /** @description Markdown */
                    body?: string;
                    durationMinutes?: number;
                    isPreview?: boolean;
                    /** @description One line of plain text, not blank, stored as written */
                    title?: string;
                    /** @enum {unknown} */
                    type?: "text" | "video" | "quiz";
                    videoUrl?: string | null;
                };
            };
        };
        responses: {
            /** @description A client error, as problem details */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description A server error, as problem details (`EDU_INTERNAL`, no internal detail) */
            "5XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description A lesson with its body */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @description Markdown, as written */
                        body: string;
                        /** @description The markdown rendered and sanitized: safe to insert into a page */
                        bodyHtml: string;
                        /** Format: uuid */
                        courseId: string;
                        /** Format: date-time */
                        createdAt: string;
                        durationMinutes: number;
                        /** Format: uuid */
                        id: string;
                        isPreview: boolean;
                        /** Format: uuid */
                        moduleId: string;
                        position: number;
                        title: string;
                        /** @enum {unknown} */
                        type: "text" | "video" | "quiz";
                        /** Format: date-time */
                        updatedAt: string;
                        videoEmbedUrl: string | null;
                        videoProvider: ("youtube" | "vimeo" | "file") | null;
                        videoUrl: string | null;
                    };
                };
            };
            /** @description Invalid input: `errors` names each bad field */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No credential, or one that is not valid */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The credential may not do this */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    getQuiz: {
        parameters: {
            query?: {
                /** @description Owner teacher or admin: add each question's answer and explanation */
                include?: "answers";
            };
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description A client error, as problem details */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description A server error, as problem details (`EDU_INTERNAL`, no internal detail) */
            "5XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description A lesson's quiz. Students get no answers and no explanations. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "lessonId": "01936f0e-8a51-7c3e-9a3e-2f1c6f5e7a10",
                     *       "passScore": 70,
                     *       "maxAttempts": 3,
                     *       "attemptsUsed": 1,
                     *       "passed": false,
                     *       "updatedAt": "2026-11-29T12:00:00.000Z",
                     *       "questions": [
                     *         {
                     *           "id": "01936f0e-8a52-7c3e-9a3e-2f1c6f5e7a11",
                     *           "type": "single",
                     *           "prompt": "Which keyword declares a constant?",
                     *           "options": [
                     *             "var",
                     *             "let",
                     *             "const"
                     *           ]
                     *         }
                     *       ]
                     *     }
                     */
                    "application/json": {
                        /** @description The calling student's submitted attempts */
                        attemptsUsed?: number;
                        /** Format: uuid */
                        lessonId: string;
                        maxAttempts: number | null;
                        /** @description Whether the calling student has a passing attempt */
                        passed?: boolean;
                        /** @description Percent of questions right needed to pass */
                        passScore: number;
                        /** @description `answer` and `explanation` only for the owner or an admin with `?include=answers` */
                        questions: {
                            /** @description `single` [index], `multiple` [index, …], `true_false` boolean, `short_text` accepted answers */
                            answer?: number[] | boolean | string[];
                            explanation?: string;
                            /** Format: uuid */
                            id: string;
                            options?: string[];
                            prompt: string;
                            /**
                             * @description `single`: one right option; `multiple`: every right option and no other; `true_false`; `short_text`: typed answer
                             * @enum {unknown}
                             */
                            type: "single" | "multiple" | "true_false" | "short_text";
                        }[];
                        /** Format: date-time */
                        updatedAt: string;
                    };
                };
            };
            /** @description Invalid input: `errors` names each bad field */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Sign in to read this lesson's quiz (it is not an open preview) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not enrolled in the course (`EDU_COURSES_NOT_ENROLLED`), or `?include=answers` by someone other than the owner or an admin (`EDU_QUIZZES_ANSWERS_FORBIDDEN`) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No such lesson, a draft's lesson, or a lesson without a quiz (`EDU_QUIZZES_QUIZ_NOT_FOUND`) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    replaceQuiz: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        /** @description A whole quiz; at most 100 questions */
        requestBody: {
            content: {
                /**
                 * @example {
                 *       "passScore": 70,
                 *       "maxAttempts": 3,
                 *       "questions": [
                 *         {
                 *           "type": "single",
                 *           "prompt": "Which keyword declares a constant?",
                 *           "options": [
                 *             "var",
                 *             "let",
                 *             "const"
                 *           ],
                 *           "answer": [
                 *             2
                 *           ],
                 *           "explanation": "`const` bindings cannot be reassigned."
                 *         },
                 *         {
                 *           "type": "multiple",
                 *           "prompt": "Which are primitive types?",
                 *           "options": [
                 *             "string",
                 *             "object",
                 *             "boolean"
                 *           ],
                 *           "answer": [
                 *             0,
                 *             2
                 *           ]
                 *         },
                 *         {
                 *           "type": "true_false",
                 *           "prompt": "Types are checked before the code runs.",
                 *           "answer": true
                 *         },
                 *         {
                 *           "type": "short_text",
                 *           "prompt": "Name the compiler command.",
                 *           "answer": [
                 *             "tsc"
                 *           ]
                 *         }
                 *       ]
                 *     }
                 */
                "application/json": {
                    maxAttempts?: number | null;
                    /** @description Percent of questions right needed to pass */
                    passScore: number;
                    questions: {
                        /** @description `single` [index], `multiple` [index, …], `true_false` boolean, `short_text` accepted answers */
                        answer: number[] | boolean | string[];
                        /** @description Plain text, shown to students after they submit */
                        explanation?: string;
                        /**
                         * Format: uuid
                         * @description Keep a question of this quiz (its id stays); omit for a new one
                         */
                        id?: string;
                        /** @description `single` and `multiple` only: unique, non-empty plain text */
                        options?: string[];
                        /** @description Plain text, stored as written; not blank */
                        prompt: string;
                        /**
                         * @description `single`: one right option; `multiple`: every right option and no other; `true_false`; `short_text`: typed answer
                         * @enum {unknown}
                         */
                        type: "single" | "multiple" | "true_false" | "short_text";
                    }[];
                };
            };
        };
        responses: {
            /** @description A client error, as problem details */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description A server error, as problem details (`EDU_INTERNAL`, no internal detail) */
            "5XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description A lesson's quiz. Students get no answers and no explanations. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "lessonId": "01936f0e-8a51-7c3e-9a3e-2f1c6f5e7a10",
                     *       "passScore": 70,
                     *       "maxAttempts": 3,
                     *       "attemptsUsed": 1,
                     *       "passed": false,
                     *       "updatedAt": "2026-11-29T12:00:00.000Z",
                     *       "questions": [
                     *         {
                     *           "id": "01936f0e-8a52-7c3e-9a3e-2f1c6f5e7a11",
                     *           "type": "single",
                     *           "prompt": "Which keyword declares a constant?",
                     *           "options": [
                     *             "var",
                     *             "let",
                     *             "const"
                     *           ]
                     *         }
                     *       ]
                     *     }
                     */
                    "application/json": {
                        /** @description The calling student's submitted attempts */
                        attemptsUsed?: number;
                        /** Format: uuid */
                        lessonId: string;
                        maxAttempts: number | null;
                        /** @description Whether the calling student has a passing attempt */
                        passed?: boolean;
                        /** @description Percent of questions right needed to pass */
                        passScore: number;
                        /** @description `answer` and `explanation` only for the owner or an admin with `?include=answers` */
                        questions: {
                            /** @description `single` [index], `multiple` [index, …], `true_false` boolean, `short_text` accepted answers */
                            answer?: number[] | boolean | string[];
                            explanation?: string;
                            /** Format: uuid */
                            id: string;
                            options?: string[];
                            prompt: string;
                            /**
                             * @description `single`: one right option; `multiple`: every right option and no other; `true_false`; `short_text`: typed answer
                             * @enum {unknown}
                             */
                            type: "single" | "multiple" | "true_false" | "short_text";
                        }[];
                        /** Format: date-time */
                        updatedAt: string;
                    };
                };
            };
            /** @description Invalid input: `errors` names each bad field */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No credential, or one that is not valid */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description A student, or a teacher who does not own the course (`EDU_QUIZZES_NOT_OWNER`) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No such lesson, or another teacher's draft (`EDU_QUIZZES_LESSON_NOT_FOUND`) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The lesson is not of type `quiz` (`EDU_QUIZZES_NOT_A_QUIZ_LESSON`) */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    createQuizAttempt: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    /** @description At most one per question; a question left out counts as wrong */
                    answers: {
                        /** @description `single`/`multiple`: option indexes; `true_false`: boolean; `short_text`: the typed answer */
                        answer: number[] | boolean | string;
                        /** Format: uuid */
                        questionId: string;
                    }[];
                };
            };
        };
        responses: {
            /** @description A client error, as problem details */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description A server error, as problem details (`EDU_INTERNAL`, no internal detail) */
            "5XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description A graded attempt */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** Format: uuid */
                        id: string;
                        /** Format: uuid */
                        lessonId: string;
                        passed: boolean;
                        /** @description Percent of questions right needed to pass */
                        passScore: number;
                        /** @description Graded against the quiz as it was when submitted */
                        results: {
                            /** @description What the student gave; null when left out */
                            answer: (number[] | boolean | string) | null;
                            correct: boolean;
                            /** @description `single` [index], `multiple` [index, …], `true_false` boolean, `short_text` accepted answers */
                            correctAnswer: number[] | boolean | string[];
                            explanation?: string;
                            options?: string[];
                            prompt: string;
                            /** Format: uuid */
                            questionId: string;
                            /**
                             * @description `single`: one right option; `multiple`: every right option and no other; `true_false`; `short_text`: typed answer
                             * @enum {unknown}
                             */
                            type: "single" | "multiple" | "true_false" | "short_text";
                        }[];
                        /** @description Percent of questions answered right, rounded down */
                        score: number;
                        /** Format: date-time */
                        submittedAt: string;
                    };
                };
            };
            /** @description Invalid input: `errors` names each bad field */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No credential, or one that is not valid */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not a student, or not enrolled in the course; a refunded enrollment too (`EDU_QUIZZES_NOT_ENROLLED`) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No such lesson, a draft's lesson (`EDU_QUIZZES_LESSON_NOT_FOUND`), or no quiz (`EDU_QUIZZES_QUIZ_NOT_FOUND`) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Every allowed attempt is used (`EDU_QUIZZES_ATTEMPTS_USED_UP`); nothing was stored */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    listMyQuizAttempts: {
        parameters: {
            query?: {
                /** @description Opaque cursor from the previous page */
                cursor?: string;
                /** @description Page size (max 100) */
                limit?: number;
            };
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description A client error, as problem details */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description A server error, as problem details (`EDU_INTERNAL`, no internal detail) */
            "5XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        items: components["schemas"]["QuizAttempt"][];
                        nextCursor: string | null;
                    };
                };
            };
            /** @description Invalid input: `errors` names each bad field */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No credential, or one that is not valid */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not a student, or not enrolled in the course (`EDU_QUIZZES_NOT_ENROLLED`) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No such lesson, a draft's lesson, or no quiz */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    deleteModule: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description A client error, as problem details */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description A server error, as problem details (`EDU_INTERNAL`, no internal detail) */
            "5XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No content */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Invalid input: `errors` names each bad field */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No credential, or one that is not valid */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The credential may not do this */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    updateModule: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    /** @description Plain text, stored as written */
                    description?: string;
                    /** @description One line of plain text, not blank, stored as written */
                    title?: string;
                };
            };
        };
        responses: {
            /** @description A client error, as problem details */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description A server error, as problem details (`EDU_INTERNAL`, no internal detail) */
            "5XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description A module with its lessons (no bodies), in order */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** Format: uuid */
                        courseId: string;
                        description: string;
                        /** Format: uuid */
                        id: string;
                        lessons: {
                            durationMinutes: number;
                            /** Format: uuid */
                            id: string;
                            isPreview: boolean;
                            position: number;
                            title: string;
                            /** @enum {unknown} */
                            type: "text" | "video" | "quiz";
                        }[];
                        position: number;
                        title: string;
                    };
                };
            };
            /** @description Invalid input: `errors` names each bad field */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No credential, or one that is not valid */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The credential may not do this */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    createLesson: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    /** @description Markdown */
                    body?: string;
                    durationMinutes?: number;
                    isPreview?: boolean;
                    /** @description One line of plain text, not blank, stored as written */
                    title: string;
                    /** @enum {unknown} */
                    type?: "text" | "video" | "quiz";
                    /** @description https YouTube, Vimeo or video-file URL; stored normalised */
                    videoUrl?: string;
                };
            };
        };
        responses: {
            /** @description A client error, as problem details */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description A server error, as problem details (`EDU_INTERNAL`, no internal detail) */
            "5XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description A lesson with its body */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @description Markdown, as written */
                        body: string;
                        /** @description The markdown rendered and sanitized: safe to insert into a page */
                        bodyHtml: string;
                        /** Format: uuid */
                        courseId: string;
                        /** Format: date-time */
                        createdAt: string;
                        durationMinutes: number;
                        /** Format: uuid */
                        id: string;
                        isPreview: boolean;
                        /** Format: uuid */
                        moduleId: string;
                        position: number;
                        title: string;
                        /** @enum {unknown} */
                        type: "text" | "video" | "quiz";
                        /** Format: date-time */
                        updatedAt: string;
                        videoEmbedUrl: string | null;
                        videoProvider: ("youtube" | "vimeo" | "file") | null;
                        videoUrl: string | null;
                    };
                };
            };
            /** @description Invalid input: `errors` names each bad field */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No credential, or one that is not valid */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The credential may not do this */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    reorderLessons: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    /** @description Every lesson of the module, each once, in the new order */
                    lessonIds: string[];
                };
            };
        };
        responses: {
            /** @description A client error, as problem details */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description A server error, as problem details (`EDU_INTERNAL`, no internal detail) */
            "5XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description A module with its lessons (no bodies), in order */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** Format: uuid */
                        courseId: string;
                        description: string;
                        /** Format: uuid */
                        id: string;
                        lessons: {
                            durationMinutes: number;
                            /** Format: uuid */
                            id: string;
                            isPreview: boolean;
                            position: number;
                            title: string;
                            /** @enum {unknown} */
                            type: "text" | "video" | "quiz";
                        }[];
                        position: number;
                        title: string;
                    };
                };
            };
            /** @description Invalid input: `errors` names each bad field */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No credential, or one that is not valid */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The credential may not do this */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    markNotificationRead: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description A client error, as problem details */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description A server error, as problem details (`EDU_INTERNAL`, no internal detail) */
            "5XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @description Plain text: clients escape it */
                        body: string;
                        /** Format: date-time */
                        createdAt: string;
                        /** @description Ids and figures the notification is about (e.g. `courseId`), by type */
                        data: {
                            [key: string]: unknown;
                        };
                        /** Format: uuid */
                        id: string;
                        /** @description Where the notification leads: a path on the engine's public URL, or an absolute URL (course links follow the plugin's `courseUrl` option; default `/widgets/?course=<id>`) */
                        link?: string;
                        readAt: string | null;
                        /** @description Plain text: clients escape it */
                        title: string;
                        /**
                         * @description What the notification is about
                         * @enum {unknown}
                         */
                        type: "enrollment.created" | "payment.completed" | "payment.refunded" | "course.completed" | "teacher.verified" | "review.created" | "review.replied" | "review.hidden" | "lesson.added" | "account.welcome";
                    };
                };
            };
            /** @description Invalid input: `errors` names each bad field */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No credential, or one that is not valid */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The credential may not do this */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No such notification, or another user's (`EDU_NOTIFICATIONS_NOT_FOUND`) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    listMyNotifications: {
        parameters: {
            query?: {
                /** @description Opaque cursor from the previous page */
                cursor?: string;
                /** @description Page size (max 100) */
                limit?: number;
                /** @description true: only unread notifications */
                unread?: boolean;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description A client error, as problem details */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description A server error, as problem details (`EDU_INTERNAL`, no internal detail) */
            "5XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        items: components["schemas"]["Notification"][];
                        nextCursor: string | null;
                    };
                };
            };
            /** @description Invalid input: `errors` names each bad field */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No credential, or one that is not valid */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The credential may not do this */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    getUnreadNotificationCount: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description A client error, as problem details */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description A server error, as problem details (`EDU_INTERNAL`, no internal detail) */
            "5XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        count: number;
                    };
                };
            };
            /** @description No credential, or one that is not valid */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The credential may not do this */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    getNotificationPreferences: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description A client error, as problem details */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description A server error, as problem details (`EDU_INTERNAL`, no internal detail) */
            "5XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        "account.welcome": {
                            email: boolean;
                            inApp: boolean;
                        };
                        "course.completed": {
                            email: boolean;
                            inApp: boolean;
                        };
                        "enrollment.created": {
                            email: boolean;
                            inApp: boolean;
                        };
                        "lesson.added": {
                            email: boolean;
                            inApp: boolean;
                        };
                        "payment.completed": {
                            email: boolean;
                            inApp: boolean;
                        };
                        "payment.refunded": {
                            email: boolean;
                            inApp: boolean;
                        };
                        "review.created": {
                            email: boolean;
                            inApp: boolean;
                        };
                        "review.hidden": {
                            email: boolean;
                            inApp: boolean;
                        };
                        "review.replied": {
                            email: boolean;
                            inApp: boolean;
                        };
                        "teacher.verified": {
                            email: boolean;
                            inApp: boolean;
                        };
                    };
                };
            };
            /** @description No credential, or one that is not valid */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The credential may not do this */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    updateNotificationPreferences: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    "account.welcome"?: {
                        email?: boolean;
                        inApp?: boolean;
                    };
                    "course.completed"?: {
                        email?: boolean;
                        inApp?: boolean;
                    };
                    "enrollment.created"?: {
                        email?: boolean;
                        inApp?: boolean;
                    };
                    "lesson.added"?: {
                        email?: boolean;
                        inApp?: boolean;
                    };
                    "payment.completed"?: {
                        email?: boolean;
                        inApp?: boolean;
                    };
                    "payment.refunded"?: {
                        email?: boolean;
                        inApp?: boolean;
                    };
                    "review.created"?: {
                        email?: boolean;
                        inApp?: boolean;
                    };
                    "review.hidden"?: {
                        email?: boolean;
                        inApp?: boolean;
                    };
                    "review.replied"?: {
                        email?: boolean;
                        inApp?: boolean;
                    };
                    "teacher.verified"?: {
                        email?: boolean;
                        inApp?: boolean;
                    };
                };
            };
        };
        responses: {
            /** @description A client error, as problem details */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description A server error, as problem details (`EDU_INTERNAL`, no internal detail) */
            "5XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        "account.welcome": {
                            email: boolean;
                            inApp: boolean;
                        };
                        "course.completed": {
                            email: boolean;
                            inApp: boolean;
                        };
                        "enrollment.created": {
                            email: boolean;
                            inApp: boolean;
                        };
                        "lesson.added": {
                            email: boolean;
                            inApp: boolean;
                        };
                        "payment.completed": {
                            email: boolean;
                            inApp: boolean;
                        };
                        "payment.refunded": {
                            email: boolean;
                            inApp: boolean;
                        };
                        "review.created": {
                            email: boolean;
                            inApp: boolean;
                        };
                        "review.hidden": {
                            email: boolean;
                            inApp: boolean;
                        };
                        "review.replied": {
                            email: boolean;
                            inApp: boolean;
                        };
                        "teacher.verified": {
                            email: boolean;
                            inApp: boolean;
                        };
                    };
                };
            };
            /** @description Invalid input: `errors` names each bad field */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No credential, or one that is not valid */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The credential may not do this */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    markAllNotificationsRead: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description A client error, as problem details */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description A server error, as problem details (`EDU_INTERNAL`, no internal detail) */
            "5XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @description Notifications marked read by this call */
                        updated: number;
                    };
                };
            };
            /** @description No credential, or one that is not valid */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The credential may not do this */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    streamNotifications: {
        parameters: {
            query?: {
                /** @description Resume point for a new EventSource, which cannot send `Last-Event-ID` itself: the id of the last notification received. The header wins when both are sent */
                lastEventId?: string;
                /** @description A stream token (POST /notifications/stream-token), for EventSource, which cannot send headers */
                token?: string;
            };
            header?: {
                /** @description The id of the last notification received: missed ones are replayed */
                "last-event-id"?: string;
            };
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description A client error, as problem details */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description A server error, as problem details (`EDU_INTERNAL`, no internal detail) */
            "5XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description text/event-stream */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "text/event-stream": string;
                };
            };
            /** @description Invalid input: `errors` names each bad field */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The user holds as many open streams on this engine as it allows (`maxStreamsPerUser`, default 10): `EDU_NOTIFICATIONS_TOO_MANY_STREAMS` */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    createNotificationStreamToken: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description A client error, as problem details */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description A server error, as problem details (`EDU_INTERNAL`, no internal detail) */
            "5XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Default Response */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** Format: date-time */
                        expiresAt: string;
                        token: string;
                    };
                };
            };
            /** @description No credential, or one that is not valid */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The credential may not do this */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Too many requests; `Retry-After` says when to try again */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    unsubscribeNotificationEmailPage: {
        parameters: {
            query: {
                token: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description A client error, as problem details */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description A server error, as problem details (`EDU_INTERNAL`, no internal detail) */
            "5XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description An HTML page saying what was switched off */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "text/html": string;
                };
            };
            /** @description Invalid input: `errors` names each bad field */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    unsubscribeNotificationEmail: {
        parameters: {
            query: {
                token: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    /** @description RFC 8058: `One-Click` */
                    "List-Unsubscribe"?: string;
                } & {
                    [key: string]: unknown;
                };
            };
        };
        responses: {
            /** @description A client error, as problem details */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description A server error, as problem details (`EDU_INTERNAL`, no internal detail) */
            "5XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @enum {boolean} */
                        email: false;
                        /**
                         * @description What the notification is about
                         * @enum {unknown}
                         */
                        type: "enrollment.created" | "payment.completed" | "payment.refunded" | "course.completed" | "teacher.verified" | "review.created" | "review.replied" | "review.hidden" | "lesson.added" | "account.welcome";
                    };
                };
            };
            /** @description Invalid input: `errors` names each bad field */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    createPayment: {
        parameters: {
            query?: never;
            header: {
                /** @description Unique per purchase attempt (a UUID is ideal); a retry with the same key and body returns the same payment */
                "idempotency-key": string;
            };
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    /** Format: uuid */
                    courseId: string;
                };
            };
        };
        responses: {
            /** @description A client error, as problem details */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description A server error, as problem details (`EDU_INTERNAL`, no internal detail) */
            "5XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description A payment for a course */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @description The course price as an integer in the minor unit of `currency` per ISO 4217 (cents for USD, yen for JPY, fils for KWD) */
                        amount: number;
                        /** @description Where the student pays (Stripe); null once settled or for the mock */
                        checkoutUrl: string | null;
                        completedAt: string | null;
                        /** Format: uuid */
                        courseId: string;
                        /** Format: date-time */
                        createdAt: string;
                        /** @description ISO 4217 alphabetic currency code, upper case, as on the course */
                        currency: string;
                        /** Format: uuid */
                        id: string;
                        provider: string;
                        refundedAt: string | null;
                        /** @enum {unknown} */
                        status: "pending" | "completed" | "failed" | "refunded";
                        /** Format: uuid */
                        studentId: string;
                    };
                };
            };
            /** @description Invalid input: `errors` names each bad field */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No credential, or one that is not valid */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The credential may not do this */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    getPayment: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description A client error, as problem details */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description A server error, as problem details (`EDU_INTERNAL`, no internal detail) */
            "5XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description A payment for a course */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @description The course price as an integer in the minor unit of `currency` per ISO 4217 (cents for USD, yen for JPY, fils for KWD) */
                        amount: number;
                        /** @description Where the student pays (Stripe); null once settled or for the mock */
                        checkoutUrl: string | null;
                        completedAt: string | null;
                        /** Format: uuid */
                        courseId: string;
                        /** Format: date-time */
                        createdAt: string;
                        /** @description ISO 4217 alphabetic currency code, upper case, as on the course */
                        currency: string;
                        /** Format: uuid */
                        id: string;
                        provider: string;
                        refundedAt: string | null;
                        /** @enum {unknown} */
                        status: "pending" | "completed" | "failed" | "refunded";
                        /** Format: uuid */
                        studentId: string;
                    };
                };
            };
            /** @description Invalid input: `errors` names each bad field */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No credential, or one that is not valid */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The credential may not do this */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    refundPayment: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description A client error, as problem details */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description A server error, as problem details (`EDU_INTERNAL`, no internal detail) */
            "5XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description A payment for a course */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @description The course price as an integer in the minor unit of `currency` per ISO 4217 (cents for USD, yen for JPY, fils for KWD) */
                        amount: number;
                        /** @description Where the student pays (Stripe); null once settled or for the mock */
                        checkoutUrl: string | null;
                        completedAt: string | null;
                        /** Format: uuid */
                        courseId: string;
                        /** Format: date-time */
                        createdAt: string;
                        /** @description ISO 4217 alphabetic currency code, upper case, as on the course */
                        currency: string;
                        /** Format: uuid */
                        id: string;
                        provider: string;
                        refundedAt: string | null;
                        /** @enum {unknown} */
                        status: "pending" | "completed" | "failed" | "refunded";
                        /** Format: uuid */
                        studentId: string;
                    };
                };
            };
            /** @description Invalid input: `errors` names each bad field */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No credential, or one that is not valid */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The credential may not do this */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    listMyPayments: {
        parameters: {
            query?: {
                /** @description Opaque cursor from the previous page */
                cursor?: string;
                /** @description Page size (max 100) */
                limit?: number;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description A client error, as problem details */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description A server error, as problem details (`EDU_INTERNAL`, no internal detail) */
            "5XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        items: components["schemas"]["Payment"][];
                        nextCursor: string | null;
                    };
                };
            };
            /** @description Invalid input: `errors` names each bad field */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No credential, or one that is not valid */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The credential may not do this */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    receivePaymentWebhook: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                provider: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description A client error, as problem details */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description A server error, as problem details (`EDU_INTERNAL`, no internal detail) */
            "5XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @description This event was already applied; nothing changed */
                        duplicate: boolean;
                        /** @description An event type the engine does not use, or for no payment it knows */
                        ignored: boolean;
                        received: boolean;
                    };
                };
            };
            /** @description Invalid input: `errors` names each bad field */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    getCourseProgress: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description A client error, as problem details */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description A server error, as problem details (`EDU_INTERNAL`, no internal detail) */
            "5XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Progress in a course */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @description Completed lessons that still exist */
                        completed: number;
                        completedLessonIds: string[];
                        /** @description Rounded down: 100 only when every lesson is complete */
                        percent: number;
                        /**
                         * @description `refunded` enrollments grant no lesson access
                         * @enum {unknown}
                         */
                        status: "active" | "completed" | "refunded";
                        /** @description Lessons the course has now */
                        total: number;
                    };
                };
            };
            /** @description Invalid input: `errors` names each bad field */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No credential, or one that is not valid */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The credential may not do this */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    completeLesson: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description A client error, as problem details */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description A server error, as problem details (`EDU_INTERNAL`, no internal detail) */
            "5XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Progress in the lesson's course after completing it */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @description Completed lessons that still exist */
                        completed: number;
                        /** Format: uuid */
                        courseId: string;
                        /** @description Rounded down: 100 only when every lesson is complete */
                        percent: number;
                        /**
                         * @description `refunded` enrollments grant no lesson access
                         * @enum {unknown}
                         */
                        status: "active" | "completed" | "refunded";
                        /** @description Lessons the course has now */
                        total: number;
                    };
                };
            };
            /** @description Invalid input: `errors` names each bad field */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No credential, or one that is not valid */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The credential may not do this */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    deleteReview: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description A client error, as problem details */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description A server error, as problem details (`EDU_INTERNAL`, no internal detail) */
            "5XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No content */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Invalid input: `errors` names each bad field */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No credential, or one that is not valid */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Neither the author nor an admin; or the author, of a review a moderator hid */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No review with this id */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    updateReview: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    /** @description Plain text, stored exactly as written */
                    comment?: string;
                    /** @description Whole stars, 1 to 5 */
                    rating?: number;
                };
            };
        };
        responses: {
            /** @description A client error, as problem details */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description A server error, as problem details (`EDU_INTERNAL`, no internal detail) */
            "5XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description A student's review of a course */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        author: {
                            /** Format: uuid */
                            id: string;
                            name: string;
                        };
                        /** @description Plain text as written: escape it when showing it in HTML */
                        comment: string;
                        /** Format: uuid */
                        courseId: string;
                        /** Format: date-time */
                        createdAt: string;
                        /** @description Hidden by a moderator (only admins and the author see hidden reviews) */
                        hidden: boolean;
                        hiddenReason: string | null;
                        /** Format: uuid */
                        id: string;
                        /** @description Whole stars, 1 to 5 */
                        rating: number;
                        reply: {
                            body: string;
                            /** Format: date-time */
                            createdAt: string;
                            /** Format: date-time */
                            updatedAt: string;
                        } | null;
                        /** Format: date-time */
                        updatedAt: string;
                        /** @description The author completed the course, or more than half of its lessons */
                        verifiedLearner: boolean;
                    };
                };
            };
            /** @description Invalid input: `errors` names each bad field */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No credential, or one that is not valid */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Neither the author nor an admin */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No review with this id */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    moderateReview: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    /** @description true hides the review from the public list and the average; false shows it again */
                    hidden: boolean;
                    /** @description Why, for the author: one line of plain text */
                    reason?: string;
                };
            };
        };
        responses: {
            /** @description A client error, as problem details */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description A server error, as problem details (`EDU_INTERNAL`, no internal detail) */
            "5XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description A student's review of a course */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        author: {
                            /** Format: uuid */
                            id: string;
                            name: string;
                        };
                        /** @description Plain text as written: escape it when showing it in HTML */
                        comment: string;
                        /** Format: uuid */
                        courseId: string;
                        /** Format: date-time */
                        createdAt: string;
                        /** @description Hidden by a moderator (only admins and the author see hidden reviews) */
                        hidden: boolean;
                        hiddenReason: string | null;
                        /** Format: uuid */
                        id: string;
                        /** @description Whole stars, 1 to 5 */
                        rating: number;
                        reply: {
                            body: string;
                            /** Format: date-time */
                            createdAt: string;
                            /** Format: date-time */
                            updatedAt: string;
                        } | null;
                        /** Format: date-time */
                        updatedAt: string;
                        /** @description The author completed the course, or more than half of its lessons */
                        verifiedLearner: boolean;
                    };
                };
            };
            /** @description Invalid input: `errors` names each bad field */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No credential, or one that is not valid */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The credential may not do this */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No review with this id */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    replyToReview: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    /** @description The course owner's answer, plain text; not blank */
                    body: string;
                };
            };
        };
        responses: {
            /** @description A client error, as problem details */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description A server error, as problem details (`EDU_INTERNAL`, no internal detail) */
            "5XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description A student's review of a course */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        author: {
                            /** Format: uuid */
                            id: string;
                            name: string;
                        };
                        /** @description Plain text as written: escape it when showing it in HTML */
                        comment: string;
                        /** Format: uuid */
                        courseId: string;
                        /** Format: date-time */
                        createdAt: string;
                        /** @description Hidden by a moderator (only admins and the author see hidden reviews) */
                        hidden: boolean;
                        hiddenReason: string | null;
                        /** Format: uuid */
                        id: string;
                        /** @description Whole stars, 1 to 5 */
                        rating: number;
                        reply: {
                            body: string;
                            /** Format: date-time */
                            createdAt: string;
                            /** Format: date-time */
                            updatedAt: string;
                        } | null;
                        /** Format: date-time */
                        updatedAt: string;
                        /** @description The author completed the course, or more than half of its lessons */
                        verifiedLearner: boolean;
                    };
                };
            };
            /** @description A student's review of a course */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        author: {
                            /** Format: uuid */
                            id: string;
                            name: string;
                        };
                        /** @description Plain text as written: escape it when showing it in HTML */
                        comment: string;
                        /** Format: uuid */
                        courseId: string;
                        /** Format: date-time */
                        createdAt: string;
                        /** @description Hidden by a moderator (only admins and the author see hidden reviews) */
                        hidden: boolean;
                        hiddenReason: string | null;
                        /** Format: uuid */
                        id: string;
                        /** @description Whole stars, 1 to 5 */
                        rating: number;
                        reply: {
                            body: string;
                            /** Format: date-time */
                            createdAt: string;
                            /** Format: date-time */
                            updatedAt: string;
                        } | null;
                        /** Format: date-time */
                        updatedAt: string;
                        /** @description The author completed the course, or more than half of its lessons */
                        verifiedLearner: boolean;
                    };
                };
            };
            /** @description Invalid input: `errors` names each bad field */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No credential, or one that is not valid */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not the course's owner teacher */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No review with this id */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    deleteReviewReply: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description A client error, as problem details */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description A server error, as problem details (`EDU_INTERNAL`, no internal detail) */
            "5XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No content */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Invalid input: `errors` names each bad field */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No credential, or one that is not valid */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not the course's owner teacher */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No review with this id, or it has no reply */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    getLiveness: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description A client error, as problem details */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description A server error, as problem details (`EDU_INTERNAL`, no internal detail) */
            "5XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        checks?: {
                            [key: string]: string;
                        };
                        status: string;
                    };
                };
            };
        };
    };
    getReadiness: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description A client error, as problem details */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description A server error, as problem details (`EDU_INTERNAL`, no internal detail) */
            "5XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        checks?: {
                            [key: string]: string;
                        };
                        status: string;
                    };
                };
            };
            /** @description The database is unreachable or migrations are pending */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    getMetrics: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description A client error, as problem details */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description A server error, as problem details (`EDU_INTERNAL`, no internal detail) */
            "5XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The Prometheus text exposition format */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "text/plain": string;
                };
            };
        };
    };
}

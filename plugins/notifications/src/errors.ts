import { createError, createInputError } from '@eduplatform/core'

export const NotificationNotFound = createError('EDU_NOTIFICATIONS_NOT_FOUND', 'No notification %s', 404)
export const NotAUser = createError('EDU_NOTIFICATIONS_NOT_A_USER', 'Notifications belong to user accounts; an API key has none', 403)
export const InvalidStreamToken = createError('EDU_NOTIFICATIONS_INVALID_STREAM_TOKEN', 'This stream token is not valid or has expired; ask for a new one (POST /api/v1/notifications/stream-token)', 401)
/** Thrown as `new InvalidUnsubscribeToken('querystring.token')`: the problem's `errors` names the token. */
export const InvalidUnsubscribeToken = createInputError('EDU_NOTIFICATIONS_INVALID_UNSUBSCRIBE_TOKEN', 'This unsubscribe link is not valid')
export const ShuttingDown = createError('EDU_NOTIFICATIONS_SHUTTING_DOWN', 'This engine is shutting down; reconnect (another instance will answer)', 503)
export const MalformedForm = createError('EDU_NOTIFICATIONS_MALFORMED_FORM', 'The body is not a form this server can read (multipart/form-data or application/x-www-form-urlencoded)', 400)
export const TooManyStreams = createError('EDU_NOTIFICATIONS_TOO_MANY_STREAMS', 'You have %s notification streams open already; close one (one stream per page is enough)', 429)

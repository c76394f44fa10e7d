import { Type, type Static } from 'typebox'
import { EmailAddress } from '../schemas/email.ts'
import { PlainTextLine } from '../schemas/text.ts'

const Email = Type.String({ format: 'email', maxLength: 254, description: 'Case-insensitive' })
const Password = Type.String({ minLength: 8, maxLength: 256, description: '8 to 256 characters; no NUL or lone surrogates' })
const PersonName = PlainTextLine({ maxLength: 120, description: 'Display name: one line, not blank, stored as written' })
const Opaque = Type.String({ minLength: 16, maxLength: 512 })

export const UserView = Type.Object(
  {
    id: Type.String({ format: 'uuid' }),
    email: Type.String(),
    name: Type.String(),
    role: Type.Enum(['student', 'teacher', 'admin']),
    isVerified: Type.Boolean({ description: 'Teachers: verified by an admin and allowed to publish' }),
    emailVerified: Type.Boolean(),
  },
  { description: 'A user account' },
)
export type UserView = Static<typeof UserView>

export const Session = Type.Object(
  {
    user: UserView,
    accessToken: Type.String({ description: 'JWT, 15 minutes' }),
    refreshToken: Type.String({ description: 'Opaque, single use; rotate with /auth/refresh' }),
    expiresIn: Type.Integer({ description: 'Access-token lifetime in seconds' }),
  },
  { description: 'A signed-in session' },
)

export const RegisterBody = Type.Object(
  {
    email: EmailAddress(),
    password: Password,
    name: PersonName,
    role: Type.Optional(Type.Enum(['student', 'teacher'], { default: 'student', description: 'Admins are never created through the API' })),
  },
  { additionalProperties: false },
)
export const ProfileBody = Type.Object({ name: Type.Optional(PersonName) }, { additionalProperties: false })
export const LoginBody = Type.Object({ email: Email, password: Type.String({ minLength: 1, maxLength: 256 }) }, { additionalProperties: false })
export const RefreshBody = Type.Object({ refreshToken: Opaque }, { additionalProperties: false })
export const TokenBody = Type.Object({ token: Opaque }, { additionalProperties: false })
export const ForgotBody = Type.Object({ email: Email }, { additionalProperties: false })
export const ResetBody = Type.Object({ token: Opaque, password: Password }, { additionalProperties: false })
export const Accepted = Type.Object({ accepted: Type.Boolean() })
export const Ok = Type.Object({ ok: Type.Boolean() })

export const IdParams = Type.Object({ id: Type.String({ format: 'uuid' }) })

/** What an API key may do (CONTRACT.md, Identity). */
export const API_KEY_SCOPES = ['read', 'write', 'embed', 'admin'] as const
export type ApiKeyScope = (typeof API_KEY_SCOPES)[number]
const School = Type.String({
  minLength: 1, maxLength: 64, pattern: '^[a-z0-9][a-z0-9._-]*$',
  description: 'Whose users embedded sessions belong to (lower-case letters, digits, ".", "_", "-"). Keys that share a school share its students, so a key can be replaced without losing them; without one, a key is a school of its own (its students cannot move to another key).',
})

export const ApiKeyView = Type.Object(
  {
    id: Type.String({ format: 'uuid' }),
    name: Type.String(),
    prefix: Type.String({ description: 'First characters of the key, to recognise it' }),
    scopes: Type.Array(Type.Enum(API_KEY_SCOPES)),
    school: Type.Union([School, Type.Null()]),
    createdAt: Type.String({ format: 'date-time' }),
    lastUsedAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()], { description: 'When the key was last used, to the minute' }),
  },
  { description: 'An integrator API key (never its secret)' },
)
export const CreateApiKeyBody = Type.Object(
  {
    name: PlainTextLine({ maxLength: 120, description: 'What the key is for: one line, not blank' }),
    scopes: Type.Array(Type.Enum(API_KEY_SCOPES), {
      minItems: 1, uniqueItems: true,
      description: 'read: GET requests; write: the other methods; embed: POST /embed/sessions; admin: routes only admins may call. Keys never manage keys.',
    }),
    school: Type.Optional(School),
  },
  { additionalProperties: false },
)
export const CreatedApiKey = Type.Object({
  apiKey: ApiKeyView,
  secret: Type.String({ description: 'Shown once. Send as `Authorization: Bearer <secret>`' }),
})

export const EmbedSessionBody = Type.Object(
  {
    externalUserId: Type.String({ minLength: 1, maxLength: 255, pattern: '^[\\x21-\\x7E]+$', description: "The student's id in the school's own system (printable ASCII, no spaces)" }),
    email: Type.Optional(EmailAddress({
      description: "The student's address as the school knows it, set when the student is first created (without it: a placeholder in .invalid). Contact data only (`user.email`): never confirmed or mailed by the engine, reserves nothing (the address's owner can still register it, as a separate account), never links to or signs in as another account. Not in .invalid or .localhost",
    })),
    name: Type.Optional(PlainTextLine({ maxLength: 120, description: 'Display name: one line, not blank, stored as written; kept up to date on every call' })),
  },
  { additionalProperties: false },
)
export const EmbedSession = Type.Object(
  {
    accessToken: Type.String({ description: 'A student access token for widgets (`token` attribute); it cannot be refreshed' }),
    expiresAt: Type.String({ format: 'date-time' }),
    expiresIn: Type.Integer({ description: 'Lifetime in seconds' }),
    user: UserView,
  },
  { description: "A short-lived session of a school's student" },
)

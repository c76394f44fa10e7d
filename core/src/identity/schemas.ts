import { Type, type Static } from 'typebox'
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
    email: Email,
    password: Password,
    name: PersonName,
    role: Type.Enum(['student', 'teacher'], { default: 'student', description: 'Admins are never created through the API' }),
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

export const ApiKeyView = Type.Object(
  {
    id: Type.String({ format: 'uuid' }),
    name: Type.String(),
    prefix: Type.String({ description: 'First characters of the key, to recognise it' }),
    scopes: Type.Array(Type.String()),
    createdAt: Type.String({ format: 'date-time' }),
    lastUsedAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
  },
  { description: 'An integrator API key (never its secret)' },
)
export const CreateApiKeyBody = Type.Object(
  {
    name: PlainTextLine({ maxLength: 120, description: 'What the key is for: one line, not blank' }),
    scopes: Type.Array(Type.Enum(['read', 'write']), { minItems: 1, uniqueItems: true, description: 'read: GET requests; write: the others' }),
  },
  { additionalProperties: false },
)
export const CreatedApiKey = Type.Object({
  apiKey: ApiKeyView,
  secret: Type.String({ description: 'Shown once. Send as `Authorization: Bearer <secret>`' }),
})

import { defineEntity, p } from '@mikro-orm/core'
import { newId } from '../db/ids.ts'

export const ROLES = ['student', 'teacher', 'admin'] as const
export type Role = (typeof ROLES)[number]

export const UserSchema = defineEntity({
  name: 'User',
  tableName: 'edu_users',
  properties: {
    id: p.uuid().primary().onCreate(() => newId()),
    email: p.string(),
    name: p.string(),
    passwordHash: p.string().hidden().lazy(),
    role: p.enum(ROLES),
    isVerified: p.boolean().default(false),
    emailVerified: p.boolean().default(false),
    /** A student of an embedding school: found by (school, externalUserId), its address is contact data only. */
    embedded: p.boolean().default(false),
    createdAt: p.datetime().onCreate(() => new Date()),
    updatedAt: p.datetime().onCreate(() => new Date()).onUpdate(() => new Date()),
  },
})
export class User extends UserSchema.class {}
UserSchema.setClass(User)

export const ApiKeySchema = defineEntity({
  name: 'ApiKey',
  tableName: 'edu_api_keys',
  properties: {
    id: p.uuid().primary().onCreate(() => newId()),
    name: p.string(),
    prefix: p.string(),
    secretHash: p.string().hidden(),
    scopes: p.array(),
    school: p.string().nullable(),
    createdBy: p.uuid().nullable(),
    lastUsedAt: p.datetime().nullable(),
    revokedAt: p.datetime().nullable(),
    createdAt: p.datetime().onCreate(() => new Date()),
  },
})
export class ApiKey extends ApiKeySchema.class {}
ApiKeySchema.setClass(ApiKey)

export const identityEntities = [UserSchema, ApiKeySchema]

import { courses } from '@eduplatform/plugin-courses'
import { createTestEngine } from '@eduplatform/core/testing'
import { afterEach, describe, expect, it } from 'vitest'
import { payments } from '../src/index.ts'

const nodeEnv = process.env.NODE_ENV
afterEach(() => {
  process.env.NODE_ENV = nodeEnv
})

describe('the mock provider in production', () => {
  it('refuses to boot with NODE_ENV=production, saying what to configure', async () => {
    process.env.NODE_ENV = 'production'
    await expect(createTestEngine({ plugins: [courses(), payments({ provider: 'mock' })] })).rejects.toThrow(
      'Plugin "payments": the mock provider takes no money and is refused when NODE_ENV=production. Configure { provider: "stripe", stripe: { secretKey, webhookSecret } } in edu.config.ts',
    )
  })

  it('boots when edu.config.ts allows it explicitly, and outside production', async () => {
    process.env.NODE_ENV = 'production'
    const allowed = await createTestEngine({ plugins: [courses(), payments({ provider: 'mock', mock: { allowInProduction: true } })] })
    expect(allowed.app.services.get('payments').provider.id).toBe('mock')
    await allowed.close()
    process.env.NODE_ENV = 'development'
    const dev = await createTestEngine({ plugins: [courses(), payments({ provider: 'mock' })] })
    expect(dev.app.services.get('payments').provider.id).toBe('mock')
    await dev.close()
  })
})

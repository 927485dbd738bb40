import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

const eslint = new ESLint({ cwd: process.cwd() });

async function ruleIds(filePath: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath });
  return (result?.messages ?? []).map((m) => m.ruleId ?? m.message);
}

describe('lint: the core never imports Redis (netid-rp/redis injects it)', () => {
  it('refuses lib/redis and ioredis anywhere in lib/auth, lazy imports included', async () => {
    expect(await ruleIds('lib/auth/probe.ts', "export { withRedis } from '../redis';\n")).toContain('no-restricted-imports');
    expect(await ruleIds('lib/auth/handlers/probe.ts', "export type { RedisWiring } from '../../redis/wiring';\n")).toContain('no-restricted-imports');
    expect(await ruleIds('lib/auth/probe.ts', "import { Redis } from 'ioredis';\nexport const r = Redis;\n")).toContain('no-restricted-imports');
    expect(await ruleIds('lib/auth/probe.ts', "export const load = () => import('../redis');\n")).toContain('no-restricted-syntax');
    expect(await ruleIds('lib/auth/probe.ts', "export const load = () => import('../redis/index.js');\n")).toContain('no-restricted-syntax');
  });

  it('lets lib/auth keep its own wiring types and lets lib/redis import the core', async () => {
    expect(await ruleIds('lib/auth/probe.ts', "export type { RedisWiring } from './redis-wiring';\nexport const x = () => import('./redis-wiring');\n")).toEqual([]);
    expect(await ruleIds('lib/redis/probe.ts', "export { createNetIdAuth } from '../auth';\n")).not.toContain('no-restricted-imports');
  });
});

import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

const eslint = new ESLint({ cwd: process.cwd() });

/** The module-boundaries rule ids ESLint reports for `code` placed at `filePath`. */
async function violations(filePath: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath });
  return (result?.messages ?? []).map((m) => m.ruleId ?? m.message).filter((id) => id.startsWith('module-boundaries/'));
}

describe('lint: folders meet through index.ts, production never imports the testing kit', () => {
  it('refuses a deep import into another folder of lib/', async () => {
    expect(await violations('lib/m2m/probe.ts', "export { seal } from '../auth/session-seal';\n")).toEqual(['module-boundaries/index-only']);
  });

  it('lets the reference app use the library only through the package entry points', async () => {
    expect(await violations('app/probe.ts', "export { readStatus } from '@/lib/permission-center/client';\n")).toEqual(['module-boundaries/package-entry-only']);
    expect(await violations('app/probe.ts', "export { readStatus } from '@/lib/permission-center';\n")).toEqual(['module-boundaries/package-entry-only']);
    expect(await violations('app/x/probe.ts', "export { createNetIdAuth } from '../../lib/auth';\n")).toEqual(['module-boundaries/package-entry-only']);
    expect(await violations('app/probe.ts', "export { readStatus } from 'netid-rp/permission-center/client';\n")).toEqual(['module-boundaries/package-entry-only']);
    expect(await violations('app/probe.ts', "export { createNetIdAuth } from 'netid-rp';\nexport { requireSession } from 'netid-rp/next';\nexport { auth } from '@/app/_lib/auth';\n")).toEqual([]);
    expect(await violations('proxy.ts', "export { createAuthProxy } from '@/lib/adapters/next';\n")).toEqual(['module-boundaries/package-entry-only']);
  });

  it('allows the folder index and imports inside the same folder', async () => {
    expect(await violations('lib/m2m/probe.ts', "export { createNetIdAuth } from '../auth';\nexport { M2MError } from './errors';\n")).toEqual([]);
    expect(await violations('lib/adapters/next/probe.ts', "export { netIdRouteHandlers } from './index';\n")).toEqual([]);
  });

  it('tells a public entry (index.ts) from an internal index (internal.ts)', async () => {
    // Sibling folders may use the internal index, to import or even to re-export from a non-index file…
    expect(await violations('lib/testing/probe.ts', "import { saveSession } from '../auth/internal';\nexport const s = saveSession;\n")).toEqual([]);
    expect(await violations('lib/adapters/next-auth/probe.ts', "export { flowScope } from '../../auth/internal';\n")).toEqual([]);
    // …but a public entry never re-exports it (importing it to implement an export is fine).
    expect(await violations('lib/adapters/next-auth/index.ts', "export { flowScope } from '../../auth/internal';\n")).toEqual(['module-boundaries/public-index-not-internal']);
    expect(await violations('lib/index.ts', "export * from './auth/internal';\n")).toEqual(['module-boundaries/public-index-not-internal']);
    expect(await violations('lib/adapters/next-auth/index.ts', "import { flowScope } from '../../auth/internal';\nexport const f = flowScope;\n")).toEqual([]);
  });

  it('refuses the companion netid-rp-testing, lib/testing and the simulators’ packages in production code', async () => {
    expect(await violations('lib/auth/probe.ts', "export { mintSessionCookie } from '../testing';\n")).toEqual(['module-boundaries/no-testing-in-production']);
    expect(await violations('lib/auth/probe.ts', "export { startDevBroker } from 'netid-rp-testing';\n")).toEqual(['module-boundaries/no-testing-in-production']);
    expect(await violations('lib/cli/probe.ts', "export const kit = () => import('netid-rp-testing');\n")).toEqual(['module-boundaries/no-testing-in-production']);
    expect(await violations('lib/cli/probe.ts', "export type Kit = typeof import('netid-rp-testing');\n")).toEqual(['module-boundaries/no-testing-in-production']);
    expect(await violations('lib/m2m/probe.ts', "export { startDevBroker } from '../../packages/netid-rp-testing/src/broker';\n")).toEqual(['module-boundaries/no-testing-in-production']);
    expect(await violations('app/probe.ts', "export { startDevBroker } from 'netid-rp-testing';\n")).toEqual(['module-boundaries/no-testing-in-production']);
    // netid-rp/testing itself stays dependency-free: not even it may import a simulator package.
    expect(await violations('lib/testing/probe.ts', "export { default } from 'oidc-provider';\n")).toEqual(['module-boundaries/no-testing-in-production']);
    expect(await violations('lib/testing/probe.ts', "export { mintSessionCookie } from './session-cookie';\n")).toEqual([]);
    expect(await violations('app/probe.ts', "export { default } from 'oidc-provider';\n")).toEqual(['module-boundaries/no-testing-in-production']);
    expect(await violations('app/probe.ts', "export { startDevBroker } from 'netid-rp/testing';\n")).toEqual(['module-boundaries/no-testing-in-production']);
    expect(await violations('lib/permission-center/probe.ts', "export { X509Certificate } from '@peculiar/x509';\n")).toEqual([
      'module-boundaries/no-testing-in-production',
    ]);
  });

  it('keeps the companion on the public entries of netid-rp', async () => {
    const file = 'packages/netid-rp-testing/src/permission-center/probe.ts';
    expect(await violations(file, "export { checkTcString } from 'netid-rp/permission-center';\nexport { startDevBroker } from '../broker';\n")).toEqual([]);
    expect(await violations(file, "export { MEDIA_TYPES } from '../../../../lib/permission-center/internal';\n")).toEqual(['module-boundaries/companion-public-entries']);
    expect(await violations(file, "export { MEDIA_TYPES } from '@/lib/permission-center';\n")).toEqual(['module-boundaries/companion-public-entries']);
    expect(await violations(file, "export { MEDIA_TYPES } from 'netid-rp/permission-center/internal';\n")).toEqual(['module-boundaries/companion-public-entries']);
  });

  it('lets tests and dev scripts use the testing kit (tests may reach inside folders)', async () => {
    expect(await violations('scripts/probe.ts', "export { startDevBroker } from 'netid-rp-testing';\n")).toEqual([]);
    expect(await violations('scripts/probe.ts', "export { mintSessionCookie } from '../lib/testing';\n")).toEqual([]);
    expect(await violations('tests/unit/probe.ts', "export { seal } from '@/lib/auth/session-seal';\n")).toEqual([]);
  });
});

/**
 * The internal index of lib/auth: what sibling folders of lib/ (adapters, the testing kit, the
 * BFF, the Permission Center routes) need from the core but partners do not. Never re-exported by
 * a package entry point (lint: `module-boundaries/no-internal-in-entry`); the public surface is
 * ./index.ts.
 *
 * @internal
 * @module
 */
export { saveSession } from './session';

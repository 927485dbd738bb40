/**
 * `netid-rp-testing`, the companion of `netid-rp` for development and tests: an embedded
 * netID-style broker and a Duende-style provider (both on the certified `oidc-provider`), a
 * Permission Center simulator, M2M token servers (Duende, Screening Eagle, iSHARE), an upstream
 * API, the stacks `npm run dev` starts, and the `dev-stack` command. It uses `netid-rp` only
 * through its public entry points; production code never imports it (lint enforces it).
 *
 * @packageDocumentation
 */
export * from './broker';
export * from './duende';
export * from './m2m';
export * from './permission-center';
export * from './upstream-api';
export * from './embedded-stack';
export * from './embedded-oidc-stack';
export { startDevStack, type DevStack, type DevStackOptions } from './cli';

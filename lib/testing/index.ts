/**
 * The testing kit: an embedded netID-style broker and a Duende-style provider (both on the
 * certified `oidc-provider`), a Permission Center simulator, M2M token servers (Duende,
 * Screening Eagle, iSHARE), an upstream API, and the stacks `npm run dev` starts. Dev and tests
 * only: production code never imports this folder (lint enforces it).
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
export * from './session-cookie';

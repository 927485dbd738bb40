/**
 * The consent platform's browser bridge: connects any IAB TCF v2.2 CMP (`window.__tcfapi`) to
 * netID's Permission Center through the app's route `/api/permissions/tcf`
 * (`createTcfSyncRoutes` of `netid-rp/permission-center`). Browser ESM, no framework, no CMP vendor's code.
 * See docs/cmp.md.
 *
 * @packageDocumentation
 */
export {
  startConsentSync,
  type ConsentSync,
  type ConsentSyncEventMap,
  type ConsentSyncOptions,
} from './consent-sync';
export { usercentricsInjector } from './usercentrics';
export { customPurposeSignal, vendorSignal, type IdConsent, type IdConsentMapping, type TcData, type TcfApi, type TcfEventStatus } from './tcf-api';
export type { ConsentSyncStorage } from './sync-state';
export type { SyncAnswer } from './sync-request';

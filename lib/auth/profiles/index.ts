/**
 * Provider profiles: one file each, data plus a few functions. The handlers use only the
 * {@link ProviderProfile} interface.
 *
 * @module
 */
import { netIdProfile } from './netid';
import { oidcProfile } from './oidc';
import type { ProfileName, ProviderProfile } from '../types';
import { screeningEagleProfile } from './screening-eagle';

export { netIdProfile, netIdExtraScopes, netIdWantsUserinfo } from './netid';
export { oidcProfile } from './oidc';
export { screeningEagleProfile } from './screening-eagle';
export type { AuthorizationShape, ProfileCheckInput, ProviderProfile, SessionTokens } from './profile';

/** The built-in profiles by id (also the values of `AUTH_PROVIDER`). */
export const PROFILES = {
  netid: netIdProfile,
  oidc: oidcProfile,
  'screening-eagle': screeningEagleProfile,
} as const satisfies Record<ProfileName, ProviderProfile>;

export type { ProfileName };

/** True for the id of a built-in profile. */
export function isProfileName(value: unknown): value is ProfileName {
  return typeof value === 'string' && Object.hasOwn(PROFILES, value);
}

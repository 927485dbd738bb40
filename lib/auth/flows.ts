import type { Flow } from './types';

export type { Flow };

/** All flows, in the order the reference app offers them. */
export const FLOWS: readonly Flow[] = ['login', 'login-permission', 'permission'];

/** Default flow of `/api/auth/login`. */
export const DEFAULT_FLOW: Flow = 'login-permission';

/** Narrows a query parameter to a {@link Flow}. */
export function isFlow(value: unknown): value is Flow {
  return typeof value === 'string' && (FLOWS as readonly string[]).includes(value);
}

/** True when the flow is an OpenID Connect sign-in (asks for `openid`, expects an ID token). */
export function flowUsesOpenId(flow: Flow): boolean {
  return flow !== 'permission';
}

/** True when the flow asks for the Permission Center token (`permission_management`). */
export function flowWantsPermission(flow: Flow): boolean {
  return flow !== 'login';
}

/**
 * The scope string sent for a flow. `permission` sends `permission_management` alone
 * (plain OAuth, no ID token); the others start with `openid` and add the configured extras.
 */
export function flowScope(flow: Flow, extraScopes: readonly string[]): string {
  if (flow === 'permission') return 'permission_management';
  const scopes = ['openid', ...(flow === 'login-permission' ? ['permission_management'] : []), ...extraScopes];
  return [...new Set(scopes)].join(' ');
}

/**
 * openid-client, loaded on first use (the first discovery). A process that only reads sessions
 * (the reference app's proxy, a route that checks who is signed in) never evaluates it, nor the
 * oauth4webapi under it: what a process loads and never runs still costs its requests
 * (docs/session-read.md, "What the proxy loads").
 *
 * @module
 */

/** The openid-client module. */
export type OpenIdClient = typeof import('openid-client');

let pending: Promise<OpenIdClient> | undefined;
let loaded: OpenIdClient | undefined;

/** openid-client, imported once per process. */
export function openIdClient(): Promise<OpenIdClient> {
  return (pending ??= import('openid-client').then((module) => (loaded = module)));
}

/**
 * openid-client when it has been imported, else `undefined`: an error can only be one of its
 * classes once it is loaded, so error classification needs no `await`.
 */
export function loadedOpenIdClient(): OpenIdClient | undefined {
  return loaded;
}

/**
 * `netid-rp`: the framework-free core of the netID relying party. Configure it with
 * {@link createNetIdAuth} (typed options, or the environment through {@link optionsFromEnv}); its
 * handlers take a Fetch `Request` and return a `Response`. Every error extends {@link NetIdError};
 * {@link errorResponse} turns any of them into the JSON error answer of the routes.
 *
 * Adapters and the rest of the package are their own entry points: `netid-rp/next`,
 * `netid-rp/next/client`, `netid-rp/express`, `netid-rp/next-auth`, `netid-rp/permission-center`,
 * `netid-rp/m2m`, `netid-rp/testing`.
 *
 * @example
 * ```ts
 * import { createNetIdAuth, errorResponse } from 'netid-rp';
 * const auth = createNetIdAuth(); // options from the environment, read on first use
 * export async function GET(request: Request): Promise<Response> {
 *   return auth.login(request).catch((err: unknown) => errorResponse(err));
 * }
 * ```
 *
 * @packageDocumentation
 */
export * from './auth';
export { NetIdError, type NetIdErrorOptions, type ErrorAnswer, type ConfigErrorCode } from './errors';
export { errorResponse, jsonError, isSameOriginRequest, RETRY_AFTER_SECONDS, type ErrorResponseInit } from './http';
export { createUpstreamProxy, type UpstreamProxy } from './bff';
export { createHealthChecks, type HealthChecks, type HealthCheckOptions, type HealthAnswer } from './health';
export { createMultiSiteAuth, type MultiSiteAuth, type MultiSiteOptions } from './sites';
export { signInErrorTexts, type SignInErrorTexts } from './error-page';

/**
 * The configuration rules every entry point shares: client authentication, ID token algorithms,
 * turning validation problems into {@link ConfigIssue}s, and the node list of `REDIS_URL`. The
 * service-URL rule lives in `lib/http` (`serviceUrl`).
 *
 * @packageDocumentation
 */
export { clientAuthRule, CLIENT_SECRET_AUTH_METHODS, type ClientSecretAuthMethod, type ClientAuthMethodName } from './client-auth';
export { idTokenAlgRule, ID_TOKEN_ALGS, type IdTokenAlg } from './id-token-alg';
export { configIssues, withoutBlank } from './issues';
export { redisNodeUrls } from './redis-urls';

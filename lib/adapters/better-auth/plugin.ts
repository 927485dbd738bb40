import type { BetterAuthPlugin } from 'better-auth';
import { createOidcDiscovery } from '../../auth/internal';
import { createAuthMiddleware } from 'better-auth/api';
import { parseState } from 'better-auth/oauth2';
import { brokerErrorPage } from './error-page';
import { assertOptions, coreConfig, type NetIdBetterAuthOptions } from './options';
import { permissionEndpoints } from './permission-flow';
import type { NetIdPluginContext } from './permission-token';
import { FLOW_FIELD, netIdSocialProvider, TOKEN_FIELD } from './provider';

/** Tokens Better Auth would store in the account row: netID's carry the Permission Center token (the ID token claim, or the standalone access token). */
const CLEARED = { accessToken: null, refreshToken: null, idToken: null };

/**
 * netID for Better Auth: the server plugin.
 *
 * - `signIn.social({ provider: 'netid' })` runs `login-permission` (or `login`, see `flow`): Better
 *   Auth keeps state, PKCE and nonce; the core builds the request and verifies the answer (ID token
 *   signature against the broker's JWKS with the pinned alg, `iss`, `aud`, `azp`, `exp`, `iat`, `nonce`).
 * - `authClient.netid.authorizePermission()` (POST `/netid/authorize-permission`) runs the standalone
 *   `permission` flow for the signed-in user (the token comes in the token response; there is no ID token).
 * - The Permission Center token is sealed (iron-session `Fe26.2`, the package's session sealing) into the
 *   account field `netidPermissionToken`, which Better Auth never returns to clients, bound to its row; the
 *   raw `accessToken` and `idToken` of netID rows are never stored, whatever `account.encryptOAuthTokens` says.
 * - Read it server side with `getNetIdPermissionToken(auth, request)`; the browser only sees
 *   `{ flow, permissionToken: { expiresAt, expired } | null }` from GET `/netid/permission-token`.
 * - netID has no refresh tokens: when the token expired (~500 s), re-run the flow.
 * - A broker error on the callback lands on Better Auth's error page as `?error=<stable code>`
 *   (`access_denied`, …, else `authorization_failed`), never with the broker's `error_description`.
 *
 * Redirect URIs to register at netID: `${baseURL}/callback/netid` and `${baseURL}/netid/permission/callback`
 * (with the default base path: `/api/auth/callback/netid`, `/api/auth/netid/permission/callback`).
 *
 * @throws AuthError `config_invalid` listing every problem with the options (never their values).
 *
 * @example
 * ```ts
 * import { betterAuth } from 'better-auth';
 * import { netId } from 'netid-rp/better-auth';
 * export const auth = betterAuth({
 *   plugins: [netId({ clientId: process.env.NETID_CLIENT_ID!, clientSecret: process.env.NETID_CLIENT_SECRET!, issuer: 'https://broker.netid.de/' })],
 * });
 * ```
 */
export function netId(options: NetIdBetterAuthOptions) {
  assertOptions(options);
  const providerId = options.providerId ?? 'netid';
  const permissionProviderId = `${providerId}-permission`;
  const flow = options.flow ?? 'login-permission';
  const netIdContext: NetIdPluginContext = { providerIds: [providerId, permissionProviderId], passwords: [] };
  // Built at init, when Better Auth's secret is known; the endpoints read them through this holder.
  // Discovery and keys are cached per plugin instance (as per NetIdAuth instance in the core).
  const discovery = createOidcDiscovery();
  const holder: { config?: ReturnType<typeof coreConfig> } = {};
  const lazyConfig = new Proxy({} as ReturnType<typeof coreConfig>, {
    get: (_target, key) => {
      if (!holder.config) throw new Error('netId: the plugin is not initialised yet.');
      return holder.config[key as keyof ReturnType<typeof coreConfig>];
    },
  });
  const isNetIdRow = (data: Record<string, unknown>) =>
    netIdContext.providerIds.includes(String(data.providerId)) || TOKEN_FIELD in data;

  return {
    id: 'netid',
    schema: {
      account: {
        fields: {
          [TOKEN_FIELD]: { type: 'string', required: false, returned: false },
          [FLOW_FIELD]: { type: 'string', required: false, returned: false },
        },
      },
    },
    init(ctx) {
      const given = options.password ?? ctx.secret;
      const passwords = typeof given === 'string' ? [given] : [...given];
      holder.config = coreConfig(options, passwords);
      netIdContext.passwords = holder.config.sessionPasswords;
      if (ctx.options.account?.updateAccountOnSignIn === false) {
        ctx.logger.warn('netId: account.updateAccountOnSignIn is false, so a new sign-in does not replace an expired Permission Center token.');
      }
      const provider = netIdSocialProvider(providerId, flow, holder.config, netIdContext.passwords, discovery);
      return {
        context: { socialProviders: [provider, ...ctx.socialProviders.filter((p) => p.id !== providerId)], netId: netIdContext },
        options: {
          databaseHooks: {
            account: {
              create: { before: async (account) => (isNetIdRow(account) ? { data: { ...account, ...CLEARED } } : undefined) },
              update: { before: async (account) => (isNetIdRow(account) ? { data: { ...account, ...CLEARED } } : undefined) },
            },
          },
        },
      };
    },
    endpoints: permissionEndpoints(permissionProviderId, lazyConfig, netIdContext, discovery),
    hooks: {
      before: [
        {
          // netID's error answer on the social callback: a stable code, never the broker's description.
          matcher: (context) => context.path === '/callback/:id' && context.params?.id === providerId && typeof context.query?.error === 'string',
          handler: createAuthMiddleware(async (c) => {
            const data = await parseState(c);
            throw c.redirect(brokerErrorPage(data.errorURL ?? `${c.context.baseURL}/error`, String(c.query?.error)));
          }),
        },
      ],
    },
  } satisfies BetterAuthPlugin;
}

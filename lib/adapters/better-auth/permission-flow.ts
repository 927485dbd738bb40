import * as z from 'zod';
import { createAuthEndpoint, getSessionFromCtx, originCheck, sessionMiddleware } from 'better-auth/api';
import { generateState, parseState } from 'better-auth/oauth2';
import { AuthError, isAuthErrorCode, type AuthConfig } from '../../auth';
import { extractPermissionToken, externalAuthorizationUrl, redeemExternalAuthorization, sealPermissionToken, type OidcDiscovery } from '../../auth/internal';
import { brokerErrorPage } from './error-page';
import { tokenStatus, type AccountRow, type NetIdPluginContext } from './permission-token';
import { FLOW_FIELD, TOKEN_FIELD, tokenBinding } from './provider';

/** The path of the standalone flow's callback under Better Auth's base path (register `${baseURL}${PERMISSION_CALLBACK_PATH}`). */
export const PERMISSION_CALLBACK_PATH = '/netid/permission/callback';

const callbackQuery = z.object({
  code: z.string().optional(),
  state: z.string().optional(),
  error: z.string().optional(),
  error_description: z.string().optional(),
  iss: z.string().optional(),
});

/**
 * The endpoints of netID's standalone `permission` flow (scope `permission_management` only: a
 * Permission Center token from the token response, no ID token, no identity). It adds a token to
 * the signed-in user, so both ends require Better Auth's session, and the callback only stores the
 * token for the user who started it. State, PKCE verifier and the return URLs travel in Better
 * Auth's own state store.
 */
export function permissionEndpoints(permissionProviderId: string, config: AuthConfig, netId: NetIdPluginContext, discovery: OidcDiscovery) {
  const authorizePermission = createAuthEndpoint(
    '/netid/authorize-permission',
    {
      method: 'POST',
      body: z.object({
        callbackURL: z.string().optional(),
        errorCallbackURL: z.string().optional(),
        disableRedirect: z.boolean().optional(),
      }),
      use: [sessionMiddleware, originCheck((c) => [c.body?.callbackURL, c.body?.errorCallbackURL].filter((u): u is string => typeof u === 'string'))],
    },
    async (c) => {
      const { state, codeVerifier } = await generateState(c, { additionalData: { netidUserId: c.context.session.user.id } });
      const url = await externalAuthorizationUrl(discovery, config, {
        flow: 'permission',
        redirectUri: `${c.context.baseURL}${PERMISSION_CALLBACK_PATH}`,
        state,
        codeVerifier,
      });
      if (!c.body.disableRedirect) c.setHeader('Location', url.toString());
      return c.json({ url: url.toString(), redirect: !c.body.disableRedirect });
    },
  );

  const permissionCallback = createAuthEndpoint(
    PERMISSION_CALLBACK_PATH,
    { method: 'GET', query: callbackQuery, metadata: { isAction: false } },
    async (c) => {
      const data = await parseState(c);
      const fail = (code: string) => {
        throw c.redirect(brokerErrorPage(data.errorURL ?? `${c.context.baseURL}/error`, code));
      };
      const { code, error, iss } = c.query;
      if (error) return fail(error);
      if (!code) return fail('invalid_callback');
      const session = await getSessionFromCtx(c);
      const userId = session?.user.id;
      if (!userId || userId !== (data as { netidUserId?: unknown }).netidUserId) return fail('unauthenticated');
      let sealed: string;
      try {
        const result = await redeemExternalAuthorization(discovery, config, {
          flow: 'permission',
          redirectUri: `${c.context.baseURL}${PERMISSION_CALLBACK_PATH}`,
          state: c.query.state ?? '',
          codeVerifier: data.codeVerifier,
          code,
          iss,
        });
        const token = extractPermissionToken('permission', result.tokens, undefined);
        if (!token) throw new AuthError('permission_token_invalid');
        sealed = await sealPermissionToken(token, tokenBinding(permissionProviderId, userId), netId.passwords);
      } catch (err) {
        c.context.logger.error('netID permission flow failed', err instanceof AuthError ? err.code : err);
        return fail(err instanceof AuthError && isAuthErrorCode(err.code) ? err.code : 'authorization_failed');
      }
      const fields = { [TOKEN_FIELD]: sealed, [FLOW_FIELD]: 'permission' };
      const accounts = (await c.context.internalAdapter.findAccounts(userId)) as unknown as AccountRow[];
      const existing = accounts.find((a) => a.providerId === permissionProviderId);
      if (existing) await c.context.internalAdapter.updateAccount(existing.id, { ...fields, updatedAt: new Date() });
      else await c.context.internalAdapter.createAccount({ userId, providerId: permissionProviderId, accountId: userId, ...fields });
      throw c.redirect(data.callbackURL);
    },
  );

  const permissionToken = createAuthEndpoint(
    '/netid/permission-token',
    { method: 'GET', use: [sessionMiddleware] },
    async (c) => {
      const accounts = (await c.context.internalAdapter.findAccounts(c.context.session.user.id)) as unknown as AccountRow[];
      return c.json(tokenStatus(accounts, netId));
    },
  );

  return { authorizePermission, permissionCallback, permissionToken };
}

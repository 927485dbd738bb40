import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { FLOWS, netIdProfile, type Flow, type IdTokenAlg } from '../../auth';
import { DEFAULT_FLOW, flowScope, flowUsesOpenId, netIdExtraScopes, netIdWantsUserinfo } from '../../auth/internal';
import { clientAuthRule, CLIENT_SECRET_AUTH_METHODS, configIssues, idTokenAlgRule } from '../../config';
import { ConfigError } from '../../errors';
import { serviceUrl } from '../../http';

/** Prefix of the synthetic user id of a `permission`-flow sign-in (netID returns no identity there). */
export const PERMISSION_ONLY_ID_PREFIX = 'netid-permission-only:';

const optionsSchema = z.object({
  clientId: z.string({ error: 'is required' }).min(1, { error: 'is required' }),
  clientSecret: z.string({ error: 'is required' }).min(1, { error: 'is required' }),
  issuer: serviceUrl,
  flow: z.enum(FLOWS, { error: 'must be login, login-permission or permission' }).optional(),
  clientAuth: clientAuthRule(CLIENT_SECRET_AUTH_METHODS).optional(),
  idTokenAlg: idTokenAlgRule.optional(),
});

/**
 * The provider options both adapters take: the checked ones as the schema reads them, plus the
 * free-form rest. Each adapter declares and documents its own public `NetIdProviderOptions`
 * (framework wording, v5's `httpTimeoutMs`); both must stay assignable to this.
 */
export type NetIdProviderSharedOptions = z.input<typeof optionsSchema> & {
  id?: string;
  name?: string;
  scopes?: readonly string[];
  claims?: Record<string, unknown>;
  authorizationParams?: Record<string, string>;
};

/** What the options mean for one provider, derived with the core's rules. */
export interface NetIdProviderSettings {
  flow: Flow;
  /** The flow uses OpenID Connect (an ID token, a nonce); false in the `permission` flow. */
  openid: boolean;
  scopes: readonly string[];
  /** The issuer with netID's trailing slash. */
  issuer: string;
  /** The `claims` request parameter; never in the `permission` flow. */
  claims: Record<string, unknown> | undefined;
  /** Userinfo is worth a call (profile scopes or `claims.userinfo`). */
  readUserinfo: boolean;
  idTokenAlg: IdTokenAlg;
}

/**
 * Checks the options with the core's rules (service URL, client authentication, ID token alg) and
 * derives the provider's settings.
 *
 * @throws ConfigError `config_invalid` listing every problem at once, never echoing a value.
 */
export function netIdProviderSettings(options: NetIdProviderSharedOptions): NetIdProviderSettings {
  const result = optionsSchema.safeParse(options);
  if (!result.success) throw new ConfigError(configIssues(result.error), 'NetIdProvider', 'The sign-in service is not configured correctly.');
  const flow = options.flow ?? DEFAULT_FLOW;
  const openid = flowUsesOpenId(flow);
  const scopes = netIdExtraScopes(options.scopes ?? netIdProfile.defaults.scopes);
  const claims = openid ? options.claims : undefined;
  return {
    flow,
    openid,
    scopes,
    issuer: options.issuer.endsWith('/') ? options.issuer : `${options.issuer}/`,
    claims,
    readUserinfo: openid && netIdWantsUserinfo(scopes, claims),
    idTokenAlg: options.idTokenAlg ?? 'RS256',
  };
}

/** The provider fields both frameworks read the same way: id, label, client, authorize parameters. */
export function netIdProviderBase(options: NetIdProviderSharedOptions, settings: NetIdProviderSettings) {
  return {
    id: options.id ?? 'netid',
    name: options.name ?? 'netID',
    netIdFlow: settings.flow,
    issuer: settings.issuer,
    clientId: options.clientId,
    clientSecret: options.clientSecret,
    client: {
      token_endpoint_auth_method: options.clientAuth ?? 'client_secret_basic',
      id_token_signed_response_alg: settings.idTokenAlg,
    },
    authorization: {
      params: {
        ...options.authorizationParams,
        scope: flowScope(settings.flow, settings.scopes),
        ...(settings.claims ? { claims: JSON.stringify(settings.claims) } : {}),
      },
    },
  };
}

/** The user a netID sign-in becomes, in the shape both frameworks' `User` accept. */
export interface NetIdUser {
  id: string;
  name: string | null;
  email: string | null;
  image: null;
}

/** The user of an identity flow: `sub` as id, given + family name, email; never a token (`claims` come from `userFromClaims`). */
export function netIdUser(sub: string, claims: Record<string, unknown>): NetIdUser {
  const parts = [claims.given_name, claims.family_name].filter((p): p is string => typeof p === 'string' && p !== '');
  return {
    id: sub,
    name: parts.length > 0 ? parts.join(' ') : null,
    email: typeof claims.email === 'string' ? claims.email : null,
    image: null,
  };
}

/** The user of a `permission`-flow sign-in: a fresh synthetic id per sign-in, no identity. */
export function permissionOnlyUser(): NetIdUser {
  return { id: `${PERMISSION_ONLY_ID_PREFIX}${randomUUID()}`, name: null, email: null, image: null };
}

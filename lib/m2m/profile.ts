import type { KeyObject } from 'node:crypto';
import { z } from 'zod';
import { clientAuthRule } from '../config';
import { serviceUrl } from '../http';
import { m2mConfigError, type M2MConfigIssue } from './errors';
import { leafMatchesKey, parseCertChain, parsePrivateKey, type KeyMaterial } from './key-material';

/** Client authentication at the token endpoint. */
export type M2MAuthMethod = 'client_secret_basic' | 'client_secret_post' | 'private_key_jwt';
/** Shape of the `private_key_jwt` assertion: RFC 7523 (default) or the iSHARE profile. */
export type AssertionProfile = 'rfc7523' | 'ishare';

/**
 * One token server and client, as code passes it to `createTokenSource` (the environment loader
 * {@link profileFromEnv} produces the same shape). Exactly one of `tokenUrl` and `issuer`.
 *
 * @example
 * ```ts
 * const duende: M2MProfile = { issuer: 'https://demo.duendesoftware.com', clientId: 'm2m', clientSecret: 'secret', auth: 'client_secret_post', scope: 'api' };
 * ```
 */
export interface M2MProfile {
  /** Token endpoint URL (Screening Eagle, iSHARE). */
  tokenUrl?: string;
  /** Issuer whose `/.well-known/openid-configuration` names the token endpoint (Duende). */
  issuer?: string;
  clientId: string;
  /** Default `client_secret_basic`. */
  auth?: M2MAuthMethod;
  /** For `client_secret_basic` and `client_secret_post`. */
  clientSecret?: string;
  /** Space-separated scopes; omitted from the request when unset (iSHARE then grants `iSHARE`). */
  scope?: string;
  /** RFC 8707 `resource` indicator(s), sent as `resource` form parameters and part of the cache key. */
  resource?: string | string[];
  /** Extra form parameters passed through as is (e.g. `audience`). Cannot override protocol parameters. */
  params?: Record<string, string>;
  /** `private_key_jwt`: RSA private key, PEM (PKCS#8 or PKCS#1), at least 2048 bits. */
  privateKey?: string | KeyObject;
  /** `private_key_jwt`: certificate chain PEM, leaf first, sent as `x5c`. Required for iSHARE. */
  certChain?: string;
  /** `private_key_jwt`: the assertion's `aud` (iSHARE: the server's EORI). Default: issuer or token URL. */
  audience?: string;
  /** Default `rfc7523`. */
  assertionProfile?: AssertionProfile;
  /** Timeout of each call to the token server in milliseconds (default 10000). */
  timeoutMs?: number;
}

/** Where the token endpoint comes from. */
export type TokenEndpointSource = { kind: 'token_url'; url: string } | { kind: 'issuer'; url: string };

/** A validated profile: what the token request needs, key material parsed. */
export interface ResolvedProfile {
  endpoint: TokenEndpointSource;
  clientId: string;
  auth: M2MAuthMethod;
  clientSecret: string | undefined;
  scope: string | undefined;
  resource: string[];
  params: Record<string, string>;
  keys: KeyMaterial | undefined;
  audience: string | undefined;
  assertionProfile: AssertionProfile;
  timeoutMs: number;
}

/** Field of {@link M2MProfile} → the name used in problem reports (an environment variable, say). */
export type ProfileFieldNames = Partial<Record<keyof M2MProfile, string>>;

/** Form parameters the token request sets itself; `params` may not override them. */
const RESERVED_PARAMS = ['grant_type', 'client_id', 'client_secret', 'client_assertion', 'client_assertion_type', 'scope', 'resource'];

const AUTH_METHODS = ['client_secret_basic', 'client_secret_post', 'private_key_jwt'] as const;

const text = z.string({ error: 'is required' }).trim().min(1, { error: 'is required' });
const optionalText = z.string({ error: 'must be a string' }).trim().min(1, { error: 'must not be empty' }).optional();
const serverUrl = serviceUrl;

const schema = z.object({
  tokenUrl: serverUrl.optional(),
  issuer: serverUrl.optional(),
  clientId: text,
  auth: clientAuthRule(AUTH_METHODS).default('client_secret_basic'),
  clientSecret: z.string({ error: 'must be a string' }).min(1, { error: 'must not be empty' }).optional(),
  scope: optionalText,
  resource: z.union([z.string(), z.array(z.string())], { error: 'must be a URI or a list of URIs' }).optional(),
  params: z.record(z.string(), z.string(), { error: 'must map names to strings' }).optional(),
  privateKey: z.union([z.string(), z.custom<KeyObject>((v) => typeof v === 'object' && v !== null)]).optional(),
  certChain: z.string().optional(),
  audience: optionalText,
  assertionProfile: z.enum(['rfc7523', 'ishare'], { error: 'must be ishare or rfc7523' }).default('rfc7523'),
  timeoutMs: z.coerce.number({ error: 'must be a number' }).int({ error: 'must be an integer' }).min(100).max(120_000).default(10_000),
});

type Parsed = z.output<typeof schema>;

/** The input with defaults applied, for the cross-field checks (which also run when a field failed). */
function lenient(input: M2MProfile): Parsed {
  const auth = input.auth ?? 'client_secret_basic';
  return {
    ...input,
    clientId: input.clientId ?? '',
    auth: (AUTH_METHODS as readonly string[]).includes(auth) ? auth : 'client_secret_basic',
    assertionProfile: input.assertionProfile === 'ishare' ? 'ishare' : 'rfc7523',
    timeoutMs: 10_000,
  } as Parsed;
}

function crossCheck(p: Parsed, add: (field: keyof M2MProfile, message: string) => void): KeyMaterial | undefined {
  if (p.tokenUrl && p.issuer) add('tokenUrl', 'set either the token URL or the issuer, not both');
  if (!p.tokenUrl && !p.issuer) add('tokenUrl', 'is required (or set the issuer for discovery)');
  for (const name of typeof p.params === 'object' && p.params !== null ? Object.keys(p.params) : []) {
    if (RESERVED_PARAMS.includes(name)) add('params', `must not set the protocol parameter "${name}"`);
  }
  const resources = typeof p.resource === 'string' ? [p.resource] : Array.isArray(p.resource) ? p.resource : [];
  if (resources.some((r) => typeof r !== 'string' || !URL.canParse(r))) add('resource', 'must be absolute URIs (RFC 8707)');
  if (p.auth !== 'private_key_jwt') {
    if (p.clientSecret === undefined) add('clientSecret', `is required for ${p.auth}`);
    return undefined;
  }
  if (p.assertionProfile === 'ishare') {
    if (p.certChain === undefined) add('certChain', 'is required for the iSHARE assertion profile (x5c)');
    if (p.audience === undefined) add('audience', "is required for the iSHARE assertion profile (the server's EORI)");
  }
  if (p.privateKey === undefined) {
    add('privateKey', 'is required for private_key_jwt');
    return undefined;
  }
  const key = typeof p.privateKey === 'string' ? parsePrivateKey(p.privateKey) : p.privateKey;
  if (typeof key === 'string') {
    add('privateKey', key);
    return undefined;
  }
  if (key.type !== 'private' || key.asymmetricKeyType !== 'rsa' || (key.asymmetricKeyDetails?.modulusLength ?? 0) < 2048) {
    add('privateKey', 'must be an RSA private key of at least 2048 bits');
    return undefined;
  }
  if (typeof p.certChain !== 'string') return { privateKey: key, x5c: [] };
  const x5c = parseCertChain(p.certChain);
  if (typeof x5c === 'string') {
    add('certChain', x5c);
    return undefined;
  }
  if (!leafMatchesKey(x5c, key)) {
    add('certChain', 'its first (leaf) certificate does not belong to the private key');
    return undefined;
  }
  return { privateKey: key, x5c };
}

/**
 * Validate an {@link M2MProfile}, listing every problem at once in a `ConfigError` (code
 * `config_invalid`) (named by `names`, e.g. environment variables; never echoing a value).
 */
export function resolveProfile(input: M2MProfile, names: ProfileFieldNames = {}): ResolvedProfile {
  const issues: M2MConfigIssue[] = [];
  const add = (field: keyof M2MProfile, message: string) => issues.push({ variable: names[field] ?? field, message });
  const parsed = schema.safeParse(input);
  if (!parsed.success) {
    for (const issue of parsed.error.issues) add(String(issue.path[0] ?? 'profile') as keyof M2MProfile, issue.message);
  }
  const p = parsed.success ? parsed.data : lenient(input);
  const reported = new Set(issues.map((i) => i.variable));
  const keys = crossCheck(p, (field, message) => {
    if (!reported.has(names[field] ?? field)) add(field, message);
  });
  if (!parsed.success || issues.length) throw m2mConfigError(issues);
  return {
    endpoint: p.tokenUrl ? { kind: 'token_url', url: p.tokenUrl } : { kind: 'issuer', url: p.issuer! },
    clientId: p.clientId,
    auth: p.auth,
    clientSecret: p.clientSecret,
    scope: p.scope,
    resource: typeof p.resource === 'string' ? [p.resource] : (p.resource ?? []),
    params: p.params ?? {},
    keys,
    audience: p.audience,
    assertionProfile: p.assertionProfile,
    timeoutMs: p.timeoutMs,
  };
}

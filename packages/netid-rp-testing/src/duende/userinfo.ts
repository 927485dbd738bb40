import type { IncomingMessage, ServerResponse } from 'node:http';
import { createLocalJWKSet, jwtVerify, type JWK } from 'jose';
import { sendJson } from '../send-json';
import type { BrokerKeys } from '../broker/keys';
import type { DevUser } from '../broker/types';
import { findUserBySub } from '../broker/users';
import { IDENTITY_CLAIMS, userClaims } from './provider-config';
import { UPSTREAM_API_AUDIENCE } from './types';

/** What the userinfo endpoint needs from the provider. */
export interface UserinfoDeps {
  issuer: string;
  keys: BrokerKeys;
  users: Record<string, DevUser>;
}

const PRIVATE_MEMBERS = new Set(['d', 'p', 'q', 'dp', 'dq', 'qi']);

function publicJwk(jwk: JWK): JWK {
  return Object.fromEntries(Object.entries(jwk).filter(([key]) => !PRIVATE_MEMBERS.has(key))) as JWK;
}

function refuse(res: ServerResponse, status: number, error: string, description: string): void {
  const challenge = `Bearer realm="userinfo", error="${error}", error_description="${description}"`;
  sendJson(res, status, { error, error_description: description }, { 'www-authenticate': challenge });
}

/**
 * `GET|POST /connect/userinfo` for the provider's own access tokens. oidc-provider's userinfo
 * endpoint refuses any access token with an audience, and every token here is issued for the
 * upstream API (as at Duende, whose access tokens work at both). So: verify the JWT (signature,
 * `iss`, `aud`, `exp`, `typ: at+jwt`), require the `openid` scope, and release the claims of the
 * identity scopes the token carries. Being a self-contained JWT, a token stays good here until it
 * expires even after its grant was revoked.
 */
export function createUserinfoHandler(deps: UserinfoDeps): (req: IncomingMessage, res: ServerResponse) => void {
  const jwks = createLocalJWKSet({ keys: [publicJwk(deps.keys.byAlg.RS256.privateJwk)] });
  return (req, res) => {
    req.resume(); // a POST body is not used: the token comes in the Authorization header only
    if (req.method !== 'GET' && req.method !== 'POST') {
      res.setHeader('Allow', 'GET, POST');
      sendJson(res, 405, { error: 'invalid_request', error_description: 'method not allowed' });
      return;
    }
    const [scheme, token] = (req.headers.authorization ?? '').split(' ');
    if (scheme?.toLowerCase() !== 'bearer' || !token) {
      sendJson(res, 401, { error: 'invalid_token', error_description: 'no access token provided' }, { 'www-authenticate': 'Bearer realm="userinfo"' });
      return;
    }
    jwtVerify(token, jwks, {
      issuer: deps.issuer,
      audience: UPSTREAM_API_AUDIENCE,
      algorithms: ['RS256'],
      typ: 'at+jwt',
    }).then(
      ({ payload }) => {
        const scopes = typeof payload.scope === 'string' ? payload.scope.split(' ') : [];
        if (!scopes.includes('openid')) {
          refuse(res, 403, 'insufficient_scope', 'the access token lacks the openid scope');
          return;
        }
        const user = typeof payload.sub === 'string' ? findUserBySub(deps.users, payload.sub) : undefined;
        if (!user) {
          refuse(res, 401, 'invalid_token', 'unknown subject');
          return;
        }
        const all = userClaims(user);
        const claims: Record<string, unknown> = { sub: user.sub };
        for (const scope of scopes) {
          for (const name of IDENTITY_CLAIMS[scope] ?? []) {
            if (name !== 'sub' && name !== 'auth_time' && all[name] !== undefined) claims[name] = all[name];
          }
        }
        sendJson(res, 200, claims);
      },
      () => refuse(res, 401, 'invalid_token', 'invalid or expired access token'),
    );
  };
}

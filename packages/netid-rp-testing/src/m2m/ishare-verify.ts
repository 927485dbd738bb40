import { X509Certificate } from 'node:crypto';
import { decodeProtectedHeader, jwtVerify } from 'jose';

/** The `client_assertion_type` iSHARE (and RFC 7523) requires. */
export const JWT_BEARER = 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer';

/** A refused token request: the OAuth error code and a short description. */
export interface IshareRejection {
  error: 'invalid_request' | 'invalid_client';
  description: string;
}

/** Everything the check needs besides the form. */
export interface IshareVerifyContext {
  /** The server's own EORI: the only accepted `aud`. */
  serverEori: string;
  /** The CA every client chain must lead to. */
  trustedCa: X509Certificate;
  /** `jti` values seen, with the `exp` (seconds) until which they are remembered. */
  seenJti: Map<string, number>;
  /** Current time in seconds. */
  now: number;
}

const reject = (error: IshareRejection['error'], description: string): IshareRejection => ({ error, description });

function parseChain(x5c: unknown): X509Certificate[] | IshareRejection {
  if (!Array.isArray(x5c) || x5c.length === 0 || !x5c.every((c) => typeof c === 'string')) return reject('invalid_client', 'x5c header missing');
  try {
    return x5c.map((c: string) => new X509Certificate(Buffer.from(c, 'base64')));
  } catch {
    return reject('invalid_client', 'x5c holds an unreadable certificate');
  }
}

/** Each certificate issued and signed by the next; the last one is the trusted CA or issued by it; all valid now. */
function checkChain(chain: X509Certificate[], ca: X509Certificate, nowMs: number): IshareRejection | undefined {
  const path = chain[chain.length - 1]!.fingerprint256 === ca.fingerprint256 ? chain : [...chain, ca];
  for (let i = 0; i < path.length - 1; i++) {
    const cert = path[i]!;
    const issuer = path[i + 1]!;
    if (!issuer.ca || !cert.checkIssued(issuer) || !cert.verify(issuer.publicKey)) return reject('invalid_client', 'certificate chain does not lead to a trusted CA');
  }
  if (path.some((c) => Date.parse(c.validFrom) > nowMs || Date.parse(c.validTo) < nowMs)) return reject('invalid_client', 'certificate not valid now');
  return undefined;
}

/**
 * Verify an iSHARE client_credentials request (the iSHARE "Access Token (M2M)" endpoint and its
 * JWT rules): `grant_type=client_credentials`, `client_id`, `client_assertion_type` = jwt-bearer,
 * and an assertion with header `alg: RS256`, `typ: JWT`, `x5c` (leaf first) chaining to the
 * trusted CA, a leaf key of at least 2048 bits whose certificate names `client_id` as subject
 * serialNumber, signed by that leaf, `iss` = `sub` = `client_id`, `aud` = the server's EORI,
 * `exp - iat` = 30, valid now, and a `jti` not seen before. Returns the client id or the rejection.
 */
export async function verifyIshareRequest(form: URLSearchParams, ctx: IshareVerifyContext): Promise<{ clientId: string } | IshareRejection> {
  if (form.get('grant_type') !== 'client_credentials') return reject('invalid_request', 'grant_type must be client_credentials');
  const clientId = form.get('client_id');
  const assertion = form.get('client_assertion');
  if (!clientId) return reject('invalid_request', 'client_id missing');
  if (form.get('client_assertion_type') !== JWT_BEARER) return reject('invalid_request', 'client_assertion_type must be jwt-bearer');
  if (!assertion) return reject('invalid_request', 'client_assertion missing');
  let header: ReturnType<typeof decodeProtectedHeader>;
  try {
    header = decodeProtectedHeader(assertion);
  } catch {
    return reject('invalid_client', 'client_assertion is not a JWS');
  }
  if (header.alg !== 'RS256') return reject('invalid_client', 'alg must be RS256');
  if (header.typ !== 'JWT') return reject('invalid_client', 'typ must be JWT');
  const chain = parseChain(header.x5c);
  if (!Array.isArray(chain)) return chain;
  const chainProblem = checkChain(chain, ctx.trustedCa, ctx.now * 1000);
  if (chainProblem) return chainProblem;
  const leaf = chain[0]!;
  if ((leaf.publicKey.asymmetricKeyDetails?.modulusLength ?? 0) < 2048) return reject('invalid_client', 'key must be at least 2048 bits');
  if (!leaf.subject.split('\n').includes(`serialNumber=${clientId}`)) return reject('invalid_client', 'certificate does not belong to client_id');
  let payload: Awaited<ReturnType<typeof jwtVerify>>['payload'];
  try {
    ({ payload } = await jwtVerify(assertion, leaf.publicKey, {
      algorithms: ['RS256'],
      issuer: clientId,
      subject: clientId,
      audience: ctx.serverEori,
      currentDate: new Date(ctx.now * 1000),
      clockTolerance: 5,
      requiredClaims: ['iat', 'exp', 'jti'],
    }));
  } catch (err) {
    const { code, claim } = err as { code?: string; claim?: string };
    return reject('invalid_client', `client_assertion rejected (${code ?? 'invalid'}${claim ? `: ${claim}` : ''})`);
  }
  if (payload.exp! - payload.iat! !== 30) return reject('invalid_client', 'exp must be iat + 30');
  for (const [jti, exp] of ctx.seenJti) if (exp + 5 < ctx.now) ctx.seenJti.delete(jti);
  if (ctx.seenJti.has(payload.jti!)) return reject('invalid_client', 'jti replayed');
  ctx.seenJti.set(payload.jti!, payload.exp!);
  return { clientId };
}

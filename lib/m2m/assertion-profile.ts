import type { AssertionProfile } from './profile';

/** Lifetime of an iSHARE client assertion: `exp` is exactly `iat` + 30 seconds. */
export const ISHARE_ASSERTION_TTL = 30;

/** What shapes a client assertion besides the claims the OAuth library sets itself. */
export interface AssertionShape {
  profile: AssertionProfile;
  /** The `aud` claim. */
  audience: string;
  /** `x5c` header values (base64 DER, leaf first); omitted from the header when empty. */
  x5c: string[];
}

/**
 * Adjust a client assertion's header and payload in place, right before it is signed (the
 * library's `modifyAssertion` hook). The library sets `alg`, `jti` (random), `iat`, `nbf`, `exp`,
 * `iss` = `sub` = client id; this sets `aud`, `x5c`, and for the iSHARE profile `typ: JWT`,
 * no `kid`, and `exp` = `iat` + 30.
 */
export function shapeAssertion(shape: AssertionShape, header: Record<string, unknown>, payload: Record<string, unknown>): void {
  payload.aud = shape.audience;
  if (shape.x5c.length) header.x5c = [...shape.x5c];
  if (shape.profile !== 'ishare') return;
  header.typ = 'JWT';
  delete header.kid;
  const iat = typeof payload.iat === 'number' ? payload.iat : Math.floor(Date.now() / 1000);
  payload.iat = iat;
  payload.nbf = iat;
  payload.exp = iat + ISHARE_ASSERTION_TTL;
}

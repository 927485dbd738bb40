import { z } from 'zod';

/** ID token signature algorithms the package accepts; `none` only on explicit opt-in. */
export type IdTokenAlg = 'RS256' | 'ES256' | 'none';

/** Every accepted ID token algorithm. */
export const ID_TOKEN_ALGS = ['RS256', 'ES256', 'none'] as const satisfies readonly IdTokenAlg[];

/** The one rule for the expected ID token `alg` (sign-in core and next-auth provider). */
export const idTokenAlgRule = z.enum(ID_TOKEN_ALGS, { error: 'must be RS256, ES256 or none' });

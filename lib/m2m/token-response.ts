import { M2MError } from './errors';

/**
 * A successful token response, as the server sent it (standard OAuth fields kept, nothing
 * invented except `token_type`, which defaults to `Bearer` when the server left it out).
 */
export interface TokenResponse {
  access_token: string;
  token_type: string;
  /** Seconds, as sent; absent when the server sent none or something that is not a number. */
  expires_in?: number;
  scope?: string;
  /** Screening Eagle may send one; kept as is, not validated (a client_credentials token has no user). */
  id_token?: string;
  refresh_token?: string;
}

/** Largest token response body read (bytes); anything bigger is not a token response. */
const MAX_BODY = 256 * 1024;

async function readBody(response: Response): Promise<string> {
  const text = await response.text();
  return text.length > MAX_BODY ? text.slice(0, MAX_BODY) : text;
}

function parseJsonObject(text: string): Record<string, unknown> | undefined {
  try {
    const value: unknown = JSON.parse(text);
    return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

function describe(text: string): string {
  const trimmed = text.trimStart();
  if (trimmed === '') return 'empty body';
  if (trimmed.startsWith('<')) return 'HTML body';
  return 'body is not a JSON object';
}

/** The server's error pair from an OAuth (`error_description`) or Screening Eagle (`errorDescription`) body. */
function serverError(body: Record<string, unknown>): { serverError?: string; serverErrorDescription?: string } {
  const error = body.error;
  const description = body.error_description ?? body.errorDescription;
  return {
    serverError: typeof error === 'string' ? error : undefined,
    serverErrorDescription: typeof description === 'string' ? description : undefined,
  };
}

function numeric(value: unknown): number | undefined {
  const n = typeof value === 'string' && value.trim() !== '' ? Number(value) : value;
  return typeof n === 'number' && Number.isFinite(n) ? n : undefined;
}

/**
 * Read a token endpoint response: a 200 with a JSON token becomes a {@link TokenResponse};
 * anything else an `M2MError`: `token_endpoint_error` for an error status or an OAuth error
 * body (with the status and the server's `error` + description), `invalid_response` for an
 * empty, HTML or non-JSON body, a missing `access_token` or a token type other than Bearer.
 */
export async function readTokenResponse(response: Response): Promise<TokenResponse> {
  const status = response.status;
  const text = await readBody(response);
  const body = parseJsonObject(text);
  if (!body) throw new M2MError('invalid_response', { status, cause: new Error(describe(text)) });
  const err = serverError(body);
  if (status !== 200 || (err.serverError && typeof body.access_token !== 'string')) {
    throw new M2MError('token_endpoint_error', { status, ...err });
  }
  const accessToken = body.access_token;
  if (typeof accessToken !== 'string' || accessToken === '') {
    throw new M2MError('invalid_response', { status, cause: new Error('access_token missing') });
  }
  const tokenType = typeof body.token_type === 'string' && body.token_type !== '' ? body.token_type : 'Bearer';
  if (tokenType.toLowerCase() !== 'bearer') {
    throw new M2MError('invalid_response', { status, cause: new Error('token_type is not Bearer') });
  }
  const result: TokenResponse = { access_token: accessToken, token_type: tokenType };
  const expiresIn = numeric(body.expires_in);
  if (expiresIn !== undefined) result.expires_in = expiresIn;
  for (const field of ['scope', 'id_token', 'refresh_token'] as const) {
    const value = body[field];
    if (typeof value === 'string') result[field] = value;
  }
  return result;
}

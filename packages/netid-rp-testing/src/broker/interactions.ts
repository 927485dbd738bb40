import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Grant, Provider } from 'oidc-provider';
import { escapeHtml, renderPage } from './html';
import type { DevUser } from './types';
import { findUserByHint } from './users';

/** What `provider.interactionDetails` resolves to. */
export type InteractionDetails = Awaited<ReturnType<Provider['interactionDetails']>>;

/** Path pattern of the broker's own sign-in pages: `/interaction/:uid[/login|/abort]`. */
const INTERACTION_PATH = /^\/interaction\/([A-Za-z0-9_-]+)(?:\/(login|abort))?$/;

/** `error` values the cancel form may send (netID's UI cancel codes); anything else becomes access_denied. */
const ABORT_ERRORS: Record<string, string> = {
  access_denied: 'End-User aborted interaction',
  login_required: 'Login aborted by user',
  consent_required: 'Approval aborted by user',
  account_selection_required: 'Account selection aborted by user',
};

const MAX_FORM_BYTES = 16 * 1024;

/** What the interaction handler needs from the broker (or another embedded provider sharing the page). */
export interface InteractionDeps {
  provider: Provider;
  users: Record<string, DevUser>;
  /** Page title and heading (plain text); default `netID dev broker`. */
  title?: string;
  /**
   * Called after the requested OIDC scopes and claims were added to the grant, before it is saved:
   * lets a provider with resource indicators add the resource scopes it needs. Default: nothing.
   */
  extendGrant?: (grant: Grant, details: InteractionDetails) => void | Promise<void>;
}

const DEFAULT_TITLE = 'netID dev broker';

function send(res: ServerResponse, status: number, html: string): void {
  res.statusCode = status;
  res.setHeader('Content-Type', 'text/html; charset=utf-8');
  res.setHeader('Cache-Control', 'no-store');
  // No form-action: Chrome applies it to the redirect chain back to the RP after the POST.
  res.setHeader('Content-Security-Policy', "default-src 'none'; style-src 'unsafe-inline'; frame-ancestors 'none'");
  res.end(html);
}

function sendError(res: ServerResponse, status: number, message: string, title = DEFAULT_TITLE): void {
  send(res, status, renderPage(`<h1>${escapeHtml(title)}: error</h1>\n<p>${escapeHtml(message)}</p>`, title));
}

async function readForm(req: IncomingMessage): Promise<URLSearchParams | undefined> {
  const chunks: Buffer[] = [];
  let size = 0;
  // Drain the whole body even when too large: breaking out would destroy the socket we answer on.
  for await (const chunk of req) {
    const buf = chunk as Buffer;
    size += buf.length;
    if (size <= MAX_FORM_BYTES) chunks.push(buf);
  }
  if (size > MAX_FORM_BYTES) return undefined;
  return new URLSearchParams(Buffer.concat(chunks).toString('utf8'));
}

/** Claim names asked for through the `claims` parameter (both `id_token` and `userinfo` members). */
export function requestedClaimNames(claimsParam: unknown): string[] {
  if (typeof claimsParam !== 'string' || !claimsParam) return [];
  try {
    const parsed = JSON.parse(claimsParam) as Record<string, unknown>;
    const names = new Set<string>();
    for (const member of ['id_token', 'userinfo']) {
      const requested = parsed[member];
      if (requested && typeof requested === 'object') Object.keys(requested).forEach((name) => names.add(name));
    }
    return [...names];
  } catch {
    return []; // oidc-provider has already rejected malformed JSON at /authorize
  }
}

function str(value: unknown): string {
  return typeof value === 'string' ? value : '';
}

function renderSignIn(details: InteractionDetails, users: Record<string, DevUser>, title: string): string {
  const { uid, params } = details;
  const scopes = str(params.scope).split(' ').filter(Boolean);
  const claims = requestedClaimNames(params.claims);
  const loginHint = str(params.login_hint);
  const preselected = findUserByHint(users, loginHint);
  const options = Object.values(users)
    .map((user) => {
      const name = [user.claims.given_name, user.claims.family_name].filter(Boolean).join(' ') || user.id;
      const label = `${name} <${String(user.claims.email ?? 'no email')}>`;
      const selected = user === preselected ? ' selected' : '';
      return `<option value="${escapeHtml(user.id)}"${selected}>${escapeHtml(label)}</option>`;
    })
    .join('\n');
  const base = `/interaction/${escapeHtml(uid)}`;
  return renderPage(`<h1>${escapeHtml(title)}</h1>
<p>Client <code data-testid="broker-client-id">${escapeHtml(params.client_id)}</code> asks for:</p>
<ul data-testid="broker-scopes">${scopes.map((s) => `<li><code>${escapeHtml(s)}</code></li>`).join('')}</ul>
${claims.length ? `<p>Claims: ${claims.map((c) => `<code>${escapeHtml(c)}</code>`).join(', ')}</p>` : ''}
${loginHint ? `<p class="hint">login_hint: <code data-testid="broker-login-hint">${escapeHtml(loginHint)}</code></p>` : ''}
<form method="post" action="${base}/login">
<label>Sign in as <select name="user" data-testid="broker-user">
${options}
</select></label>
<button type="submit" data-testid="broker-continue">Continue</button>
</form>
<form method="post" action="${base}/abort">
<input type="hidden" name="error" value="access_denied">
<button type="submit" data-testid="broker-cancel">Cancel</button>
</form>`, title);
}

/**
 * Signing in as another user than the one in the broker session: forget the old account first.
 * Otherwise oidc-provider answers the resume with an auto-submitting logout form (its
 * end_session flow, which netID, and so this broker, does not offer). The session keeps its uid
 * so that the interaction still matches it.
 */
async function forgetPreviousAccount(provider: Provider, details: InteractionDetails, user: DevUser): Promise<void> {
  const previous = details.session;
  if (!previous?.accountId || previous.accountId === user.sub) return;
  const session = await provider.Session.findByUid(previous.uid);
  if (session) {
    delete session.accountId;
    delete session.authorizations;
    await session.persist();
  }
  // Typed as a full session, but oidc-provider accepts a uid-only one here (the account is gone).
  details.session = { uid: previous.uid } as NonNullable<InteractionDetails['session']>;
  await details.persist();
}

/** Grant everything the request asked for (netID's consent screen, always answered "yes"). */
async function grantAll(deps: InteractionDeps, details: InteractionDetails, user: DevUser): Promise<string> {
  const { provider } = deps;
  const { params, grantId, session } = details;
  let grant: Grant | undefined;
  if (grantId && session?.accountId === user.sub) grant = await provider.Grant.find(grantId);
  grant ??= new provider.Grant({ accountId: user.sub, clientId: str(params.client_id) });
  const scope = str(params.scope);
  if (scope) grant.addOIDCScope(scope);
  const claims = requestedClaimNames(params.claims);
  if (claims.length) grant.addOIDCClaims(claims);
  await deps.extendGrant?.(grant, details);
  return grant.save();
}

/**
 * Serve `/interaction/:uid` (the sign-in page), `POST /interaction/:uid/login` (sign in as the
 * selected test user, grant all requested scopes and claims) and `POST /interaction/:uid/abort`
 * (return `error` + `error_description` to the client). Returns `false` when `pathname` is not
 * an interaction path, so the caller hands the request to oidc-provider.
 */
export async function handleInteraction(
  deps: InteractionDeps,
  req: IncomingMessage,
  res: ServerResponse,
  pathname: string,
): Promise<boolean> {
  const match = INTERACTION_PATH.exec(pathname);
  if (!match) return false;
  const title = deps.title ?? DEFAULT_TITLE;
  const [, uid, action] = match;
  const method = req.method ?? 'GET';
  if ((action && method !== 'POST') || (!action && method !== 'GET')) {
    res.setHeader('Allow', action ? 'POST' : 'GET');
    sendError(res, 405, 'method not allowed', title);
    return true;
  }
  let details: InteractionDetails;
  try {
    details = await deps.provider.interactionDetails(req, res);
  } catch (error) {
    sendError(res, 400, `interaction not found or expired (${(error as Error).message})`, title);
    return true;
  }
  if (details.uid !== uid) {
    sendError(res, 400, 'interaction mismatch: start the sign-in again', title);
    return true;
  }
  if (!action) {
    send(res, 200, renderSignIn(details, deps.users, title));
    return true;
  }
  const form = await readForm(req);
  if (!form) {
    sendError(res, 413, 'form body too large', title);
    return true;
  }
  if (action === 'abort') {
    const requested = form.get('error') ?? '';
    const error = Object.hasOwn(ABORT_ERRORS, requested) ? requested : 'access_denied';
    await deps.provider.interactionFinished(
      req,
      res,
      { error, error_description: ABORT_ERRORS[error] },
      { mergeWithLastSubmission: false },
    );
    return true;
  }
  const userId = form.get('user') ?? '';
  const user = Object.hasOwn(deps.users, userId) ? deps.users[userId] : undefined;
  if (!user) {
    sendError(res, 400, 'unknown test user', title);
    return true;
  }
  await forgetPreviousAccount(deps.provider, details, user);
  const grantId = await grantAll(deps, details, user);
  await deps.provider.interactionFinished(
    req,
    res,
    { login: { accountId: user.sub }, consent: { grantId } },
    { mergeWithLastSubmission: false },
  );
  return true;
}

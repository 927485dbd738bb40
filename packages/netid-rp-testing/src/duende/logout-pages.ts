import { createHash } from 'node:crypto';
import type { KoaContextWithOIDC } from 'oidc-provider';
import { escapeHtml, renderPage } from '../broker/html';
import { DUENDE_TITLE as TITLE } from './types';

/** Clicks the confirm button (a plain `form.submit()` would drop the button's `logout=yes`). */
const AUTO_SUBMIT = "document.querySelector('[data-testid=\"duende-logout-confirm\"]').click();";
const AUTO_SUBMIT_HASH = createHash('sha256').update(AUTO_SUBMIT).digest('base64');

function setHeaders(ctx: KoaContextWithOIDC, withScript: boolean): void {
  const script = withScript ? `; script-src 'sha256-${AUTO_SUBMIT_HASH}'` : '';
  // No form-action: Chrome applies it to the redirect chain back to the RP after the POST.
  ctx.set('Content-Security-Policy', `default-src 'none'; style-src 'unsafe-inline'${script}; frame-ancestors 'none'`);
}

/**
 * oidc-provider's `logoutSource`: the confirmation step of `GET /connect/endsession` when the
 * provider has a signed-in session. `form` is oidc-provider's (empty) form with the CSRF token.
 *
 * Like Duende, a logout request that names its client by a valid `id_token_hint` needs no
 * prompt: the page then confirms itself with a tiny inline script (allowed by a CSP hash), so a
 * browser goes straight on to `POST /connect/endsession/confirm` and back to the
 * `post_logout_redirect_uri`. Without a hint it waits for a click on
 * `data-testid="duende-logout-confirm"` (sign out of the provider) or
 * `data-testid="duende-logout-cancel"` (end only this client's grant). Without JavaScript the
 * buttons are there too.
 */
export function renderLogoutConfirm(ctx: KoaContextWithOIDC, form: string): void {
  const auto = Boolean(ctx.oidc.entities.IdTokenHint);
  const client = ctx.oidc.client?.clientId;
  setHeaders(ctx, auto);
  ctx.body = renderPage(
    `<h1>Sign out</h1>
<p>${client ? `Client <code>${escapeHtml(client)}</code> asks you to sign out.` : 'Sign out of the provider?'}</p>
${form}
<button type="submit" form="op.logoutForm" name="logout" value="yes" data-testid="duende-logout-confirm" autofocus>Yes, sign me out</button>
<button type="submit" form="op.logoutForm" data-testid="duende-logout-cancel">No, stay signed in</button>
${auto ? `<p class="hint">Signing out…</p>\n<script>${AUTO_SUBMIT}</script>` : ''}`,
    TITLE,
  );
}

/** oidc-provider's `postLogoutSuccessSource`: shown when a logout names no `post_logout_redirect_uri`. */
export function renderLogoutSuccess(ctx: KoaContextWithOIDC): void {
  setHeaders(ctx, false);
  const client = ctx.oidc.client?.clientId;
  ctx.body = renderPage(
    `<h1>Signed out</h1>
<p data-testid="duende-logged-out">You are signed out${client ? ` of <code>${escapeHtml(client)}</code>` : ''}.</p>`,
    TITLE,
  );
}

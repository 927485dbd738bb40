import { auth } from '@/app/_lib/auth';
import { errorMessage, isAuthErrorCode, isFlow, safeReturnTo, signInErrorTexts } from 'netid-rp';
import { requestLocale } from '@/app/_i18n';
import { PageShell } from '@/app/_ui/page-shell';

export const dynamic = 'force-dynamic';

type Search = Promise<Record<string, string | string[] | undefined>>;

function first(v: string | string[] | undefined): string | undefined {
  return Array.isArray(v) ? v[0] : v;
}

/** The provider's display name from the profile; the default wording when the configuration itself is broken. */
function providerName(): string | undefined {
  try {
    return auth.config().profile.name;
  } catch {
    return undefined;
  }
}

/**
 * A sign-in failure in plain words, in the user's language, with a retry and a way home. Only the
 * stable code reaches this page (provider text never does); the code stays visible for support.
 * The words are the package's own error page's (`signInErrorTexts`), so both say the same.
 */
export default async function AuthErrorPage({ searchParams }: { searchParams: Search }) {
  const { locale } = await requestLocale();
  const params = await searchParams;
  const raw = first(params.code);
  const code = isAuthErrorCode(raw) ? raw : 'authorization_failed';
  const flowParam = first(params.flow);
  const flow = isFlow(flowParam) ? flowParam : 'login-permission';
  // Only the path matters here; the login route re-checks it against APP_URL anyway.
  const returnTo = safeReturnTo(first(params.returnTo), 'http://localhost');
  const retry = auth.loginPath(flow, returnTo);
  const t = signInErrorTexts(code, locale, providerName());
  const self = new URLSearchParams({ code, flow });
  if (returnTo !== '/') self.set('returnTo', returnTo);
  return (
    <PageShell path={`/auth/error?${self}`}>
      <h1>{t.title}</h1>
      <p className="lead" data-testid="error-message">
        {t.message}
      </p>
      <div className="actions">
        <a className="button primary" href={retry} data-testid="retry">
          {t.tryAgain}
        </a>
        <a className="button" href="/" data-testid="error-home">
          {t.backHome}
        </a>
      </div>
      <p className="muted">
        {t.codeLabel}: <code data-testid="error-code">{code}</code>
        <br />
        <small lang="en">{errorMessage(code, providerName())}</small>
      </p>
    </PageShell>
  );
}

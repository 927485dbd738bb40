import { auth } from '@/app/_lib/auth';
import { errorMessage, isAuthErrorCode, isFlow, safeReturnTo } from 'netid-rp';

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

/** Shows a sign-in failure by its stable code only; provider text never reaches this page. */
export default async function AuthErrorPage({ searchParams }: { searchParams: Search }) {
  const params = await searchParams;
  const raw = first(params.code);
  const code = isAuthErrorCode(raw) ? raw : 'authorization_failed';
  const flowParam = first(params.flow);
  const flow = isFlow(flowParam) ? flowParam : 'login-permission';
  // Only the path matters here; the login route re-checks it against APP_URL anyway.
  const returnTo = safeReturnTo(first(params.returnTo), 'http://localhost');
  const retry = `/api/auth/login?flow=${encodeURIComponent(flow)}${returnTo !== '/' ? `&returnTo=${encodeURIComponent(returnTo)}` : ''}`;
  return (
    <div className="error">
      <h1>Sign-in failed</h1>
      <p>
        Error code: <code data-testid="error-code">{code}</code>
      </p>
      <p data-testid="error-message">{errorMessage(code, providerName())}</p>
      <p>
        <a className="button primary" href={retry} data-testid="retry">
          Try again
        </a>{' '}
        <a className="button" href="/">
          Home
        </a>
      </p>
    </div>
  );
}

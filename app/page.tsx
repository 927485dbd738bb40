import { getServerSession } from 'netid-rp/next';
import { publicSession } from 'netid-rp';
import { auth } from './_lib/auth';

export const dynamic = 'force-dynamic';

const FLOW_LINKS = [
  { flow: 'login-permission', label: 'Sign in with netID', hint: 'openid permission_management: profile plus a Permission Center token', primary: true },
  { flow: 'login', label: 'Sign in with netID (profile only)', hint: 'openid: no Permission Center token', primary: false },
  { flow: 'permission', label: 'Get a Permission Center token only', hint: 'permission_management alone: no ID token, no profile', primary: false },
] as const;

function name(user: Record<string, unknown>): string | undefined {
  const parts = [user.given_name, user.family_name].filter((p): p is string => typeof p === 'string' && p !== '');
  return parts.length ? parts.join(' ') : undefined;
}

export default async function Home() {
  const session = await getServerSession(auth);
  const oidc = !auth.config().profile.flows;
  if (!session && oidc) {
    return (
      <>
        <h1>Relying party (generic OpenID provider)</h1>
        <p data-testid="signed-out">You are signed out.</p>
        <a className="button primary" href="/api/auth/login?returnTo=%2Faccount" data-testid="login-oidc">
          Sign in
        </a>
      </>
    );
  }
  if (!session) {
    return (
      <>
        <h1>netID relying party</h1>
        <p data-testid="signed-out">You are signed out.</p>
        <div className="flows">
          {FLOW_LINKS.map((l) => (
            <div key={l.flow}>
              <a className={l.primary ? 'button primary' : 'button'} href={`/api/auth/login?flow=${l.flow}`} data-testid={`login-${l.flow}`}>
                {l.label}
              </a>{' '}
              <small>{l.hint}</small>
            </div>
          ))}
        </div>
      </>
    );
  }
  const view = publicSession(session);
  const user = view.user;
  return (
    <>
      <h1>netID relying party</h1>
      <p data-testid="signed-in">You are signed in ({view.flow}).</p>
      <dl>
        <dt>Flow</dt>
        <dd data-testid="flow">{view.flow}</dd>
        <dt>Subject</dt>
        <dd data-testid="user-sub">{user ? user.sub : 'none (the permission flow carries no identity)'}</dd>
        {user && typeof user.email === 'string' && (
          <>
            <dt>Email</dt>
            <dd data-testid="user-email">{user.email}</dd>
          </>
        )}
        {user && name(user) && (
          <>
            <dt>Name</dt>
            <dd data-testid="user-name">{name(user)}</dd>
          </>
        )}
        <dt>Permission Center token</dt>
        <dd data-testid="permission-token">
          {view.permissionToken ? (
            <>
              {view.permissionToken.expired ? 'expired' : 'held'}, expires at{' '}
              <time data-testid="permission-token-expires" dateTime={view.permissionToken.expiresAt}>
                {view.permissionToken.expiresAt}
              </time>
            </>
          ) : (
            'none'
          )}
        </dd>
      </dl>
      <p>
        {oidc ? (
          <a className="button primary" href="/account" data-testid="account-link">
            Your account (calls the upstream API)
          </a>
        ) : (
          <a className="button primary" href="/consent" data-testid="consent-link">
            Manage your netID consent
          </a>
        )}
      </p>
      <form action="/api/auth/logout" method="post">
        <button className="button" type="submit" data-testid="logout">
          Sign out
        </button>
      </form>
      <h2>Sign in again</h2>
      <div className="flows">
        {FLOW_LINKS.map((l) => (
          <a key={l.flow} className="button" href={`/api/auth/login?flow=${l.flow}`} data-testid={`relogin-${l.flow}`}>
            {l.label}
          </a>
        ))}
      </div>
    </>
  );
}

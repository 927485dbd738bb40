import { getServerSession } from 'netid-rp/next';
import { publicSession, type Flow } from 'netid-rp';
import { NetIdButton } from 'netid-rp/react';
import { auth } from './_lib/auth';
import { NETID_LOGO_SRC } from './_lib/brand';
import { fill, requestLocale, type Dictionary } from './_i18n';
import { PageShell } from './_ui/page-shell';

export const dynamic = 'force-dynamic';

const FLOWS: readonly { flow: Flow; text: (t: Dictionary) => string }[] = [
  { flow: 'login-permission', text: (t) => t.home.dev.loginPermission },
  { flow: 'login', text: (t) => t.home.dev.login },
  { flow: 'permission', text: (t) => t.home.dev.permission },
];

function displayName(user: Record<string, unknown>): string | undefined {
  const parts = [user.given_name, user.family_name].filter((p): p is string => typeof p === 'string' && p !== '');
  return parts.length ? parts.join(' ') : undefined;
}

/** Links to every flow, for developers; `prefix` keeps the test ids of the signed-out and signed-in lists apart. */
function FlowLinks({ t, prefix }: { t: Dictionary; prefix: string }) {
  return (
    <ul className="flows">
      {FLOWS.map(({ flow, text }) => (
        <li key={flow}>
          <a href={auth.loginPath(flow)} data-testid={`${prefix}${flow}`}>
            <code>{flow}</code>
          </a>
          <small>{text(t)}</small>
        </li>
      ))}
    </ul>
  );
}

export default async function Home() {
  const { locale, t } = await requestLocale();
  const session = await getServerSession(auth);
  const oidc = !auth.config().profile.flows;

  if (!session && oidc) {
    return (
      <PageShell path="/">
        <h1>{t.oidc.title}</h1>
        <p data-testid="signed-out">{t.home.signedOut}</p>
        <p>{t.oidc.intro}</p>
        <p className="actions">
          <a className="button primary" href={auth.loginPath(undefined, '/account')} data-testid="login-oidc">
            {t.oidc.signIn}
          </a>
        </p>
      </PageShell>
    );
  }

  if (!session) {
    return (
      <PageShell path="/">
        <h1>{t.home.title}</h1>
        <p className="lead">{t.home.intro}</p>
        <p data-testid="signed-out" className="muted">
          {t.home.signedOut}
        </p>
        <div className="actions">
          <NetIdButton
            flow="login-permission"
            locale={locale}
            size="large"
            variant="white"
            logoSrc={NETID_LOGO_SRC}
            data-testid="login-login-permission"
          />
        </div>
        <section className="dev" aria-labelledby="dev-heading">
          <h2 id="dev-heading">{t.home.dev.heading}</h2>
          <p>{t.home.dev.intro}</p>
          <FlowLinks t={t} prefix="dev-login-" />
        </section>
      </PageShell>
    );
  }

  const view = publicSession(session);
  const user = view.user;
  const name = user ? displayName(user) : undefined;
  const token = view.permissionToken;
  return (
    <PageShell path="/">
      <h1>{name ? fill(t.home.greeting, { name }) : t.home.title}</h1>
      <p data-testid="signed-in">{t.home.signedIn}</p>
      {user && (typeof user.email === 'string' || name) && (
        <>
          <h2>{t.home.profile}</h2>
          <dl>
            {name && (
              <>
                <dt>{t.home.name}</dt>
                <dd data-testid="user-name">{name}</dd>
              </>
            )}
            {typeof user.email === 'string' && (
              <>
                <dt>{t.home.email}</dt>
                <dd data-testid="user-email">{user.email}</dd>
              </>
            )}
          </dl>
        </>
      )}
      <p>{oidc ? null : t.home.whatNext}</p>
      <div className="actions">
        {oidc ? (
          <a className="button primary" href="/account" data-testid="account-link">
            {t.home.account}
          </a>
        ) : (
          <a className="button primary" href="/consent" data-testid="consent-link">
            {t.home.manageConsent}
          </a>
        )}
        <form className="inline-form" action={auth.config().routes.logout} method="post">
          <button className="button" type="submit" data-testid="logout">
            {t.home.signOut}
          </button>
        </form>
      </div>
      <section className="dev" aria-labelledby="dev-heading">
        <h2 id="dev-heading">{t.home.dev.heading}</h2>
        <dl>
          <dt>{t.home.dev.flow}</dt>
          <dd data-testid="flow">{view.flow}</dd>
          <dt>{t.home.dev.subject}</dt>
          <dd data-testid="user-sub">{user ? user.sub : t.home.noIdentity}</dd>
          <dt>{t.home.dev.permissionToken}</dt>
          <dd data-testid="permission-token">
            {token ? (
              <>
                {token.expired ? t.home.dev.tokenExpired : t.home.dev.tokenHeld}{' '}
                <time data-testid="permission-token-expires" dateTime={token.expiresAt}>
                  {token.expiresAt}
                </time>
              </>
            ) : (
              t.home.dev.tokenNone
            )}
          </dd>
        </dl>
        {!oidc && (
          <>
            <p>{t.home.dev.signInAgain}</p>
            <FlowLinks t={t} prefix="relogin-" />
          </>
        )}
      </section>
    </PageShell>
  );
}

import { requireSession } from 'netid-rp/next';
import { auth } from '../_lib/auth';
import { requestLocale } from '../_i18n';
import { PageShell } from '../_ui/page-shell';
import { UpstreamPanel } from './upstream-panel';

export const dynamic = 'force-dynamic';

/**
 * A protected page. The upstream data is fetched by the browser through `/api/upstream/*`:
 * that route handler may renew the access token and write the rotated cookie, which a
 * Server Component could not.
 */
export default async function AccountPage() {
  // Signed out: redirects to the login route, which comes back here.
  const session = await requireSession(auth, { returnTo: '/account' });
  const { t } = await requestLocale();
  return (
    <PageShell path="/account">
      <h1>{t.account.title}</h1>
      <p>
        {t.account.signedInAs} <code data-testid="user-sub">{session.user?.sub ?? t.account.noIdentity}</code>
      </p>
      <UpstreamPanel path="me" t={t.account} signInAgain={auth.loginPath(undefined, '/account')} />
      <p>
        <a className="button" href="/">
          {t.shell.home}
        </a>
      </p>
    </PageShell>
  );
}

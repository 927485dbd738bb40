import { getServerSession } from 'netid-rp/next';
import { NetIdButton } from 'netid-rp/react';
import { auth } from '../_lib/auth';
import { NETID_LOGO_SRC } from '../_lib/brand';
import { requestLocale } from '../_i18n';
import { PageShell } from '../_ui/page-shell';
import { isConsentIntent } from './consent-api';
import { ConsentPanel } from './consent-panel';

export const dynamic = 'force-dynamic';

type Search = Promise<Record<string, string | string[] | undefined>>;

/**
 * The consent page: the user's ID consent at this partner in plain words, with grant and revoke;
 * identifiers and the TC string sit in a disclosure for developers. The token stays on the
 * server: the panel talks to `/api/permissions` only. `?intent=grant|revoke` (set when a change
 * needed a fresh sign-in) makes the panel ask for a confirming click.
 */
export default async function ConsentPage({ searchParams }: { searchParams: Search }) {
  const { locale, t } = await requestLocale();
  const raw = (await searchParams).intent;
  const intent = isConsentIntent(raw) ? raw : null;
  const path = intent ? `/consent?intent=${intent}` : '/consent';
  const session = await getServerSession(auth);
  return (
    <PageShell path={path}>
      <h1>{t.consent.title}</h1>
      <p>{t.consent.intro}</p>
      {session ? (
        <ConsentPanel t={t.consent} locale={locale} intent={intent} />
      ) : (
        <>
          <p data-testid="consent-signed-out">{t.consent.signedOut}</p>
          <div className="actions">
            <NetIdButton
              flow="login-permission"
              returnTo={path}
              locale={locale}
              size="large"
              logoSrc={NETID_LOGO_SRC}
              data-testid="consent-sign-in"
            />
          </div>
        </>
      )}
      <p>
        <a href="/">{t.shell.home}</a>
      </p>
    </PageShell>
  );
}

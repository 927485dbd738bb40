import type { ReactNode } from 'react';
import { requestLocale } from '../_i18n';
import { SessionStatus } from './session-status';

/**
 * Frame of every page: a skip link, the app name and the language switch (a plain form POST to
 * `/api/locale` that comes back to `path`, so it works without JavaScript), then the page's content.
 */
export async function PageShell({ path, children }: { path: string; children: ReactNode }) {
  const { t } = await requestLocale();
  return (
    <>
      <a className="skip-link" href="#content">
        {t.shell.skipToContent}
      </a>
      <header className="site-header">
        <a className="site-name" href="/">
          {t.shell.appName}
        </a>
        <SessionStatus label={t.shell.signedInAs} />
        <form className="language-switch" action="/api/locale" method="post">
          <input type="hidden" name="returnTo" value={path} />
          <button
            className="link-button"
            type="submit"
            name="locale"
            value={t.shell.switchToLang}
            lang={t.shell.switchToLang}
            data-testid="language-switch"
          >
            {t.shell.switchTo}
          </button>
        </form>
      </header>
      <main id="content" tabIndex={-1}>
        {children}
      </main>
    </>
  );
}

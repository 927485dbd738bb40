import { getServerSession } from 'netid-rp/next';
import { auth } from '../_lib/auth';
import { ConsentPanel } from './consent-panel';

export const dynamic = 'force-dynamic';

/**
 * The consent page: the user's netID privacy status at the Permission Center, with grant/revoke
 * of ID consent and a TC string form. The token stays on the server: the panel talks to
 * `/api/permissions` only.
 */
export default async function ConsentPage() {
  const session = await getServerSession(auth);
  if (!session) {
    return (
      <>
        <h1>netID privacy status</h1>
        <p data-testid="consent-signed-out">Sign in to see and manage your netID consent.</p>
        <a className="button primary" href={auth.loginPath('login-permission', '/consent')} data-testid="consent-sign-in">
          Sign in with netID
        </a>
      </>
    );
  }
  return (
    <>
      <h1>netID privacy status</h1>
      <p>
        What the netID Permission Center holds for you at this partner. <a href="/">Home</a>
      </p>
      <ConsentPanel />
    </>
  );
}

import { redirect } from 'next/navigation';
import { getServerSession } from 'netid-rp/next';
import { auth } from '../_lib/auth';
import { UpstreamPanel } from './upstream-panel';

export const dynamic = 'force-dynamic';

/**
 * A protected page. The upstream data is fetched by the browser through `/api/upstream/*`:
 * that route handler may renew the access token and write the rotated cookie, which a
 * Server Component could not.
 */
export default async function AccountPage() {
  const session = await getServerSession(auth);
  if (!session) redirect('/api/auth/login?returnTo=%2Faccount');
  return (
    <>
      <h1>Your account</h1>
      <p>
        Signed in as <code data-testid="user-sub">{session.user?.sub ?? 'no identity'}</code>
      </p>
      <UpstreamPanel path="me" />
      <p>
        <a className="button" href="/">
          Home
        </a>
      </p>
    </>
  );
}

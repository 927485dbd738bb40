import type { PublicSession } from '../../lib/auth';

const escape = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/** An example's home page (`framework`: Express, Fastify, Hono): who is signed in, and the three flows. Server-rendered, no tokens. */
export function renderHome(session: PublicSession | null, framework = 'Express'): string {
  const flows = ['login-permission', 'login', 'permission']
    .map((f) => `<li><a data-testid="login-${f}" href="/api/auth/login?flow=${f}">Sign in (${f})</a></li>`)
    .join('');
  const body = session
    ? `<p data-testid="signed-in">Signed in (${escape(session.flow)}) as <code data-testid="user-sub">${escape(session.user?.sub ?? 'no identity')}</code>.</p>
       <p>Permission Center token: ${session.permissionToken ? `expires ${escape(session.permissionToken.expiresAt)}` : 'none'}</p>
       <form method="post" action="/api/auth/logout"><button data-testid="logout">Sign out</button></form>`
    : `<p data-testid="signed-out">Signed out.</p>`;
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>netID RP (${framework})</title></head>
<body><h1>netID relying party: ${framework} example</h1>${body}<ul>${flows}</ul></body></html>`;
}

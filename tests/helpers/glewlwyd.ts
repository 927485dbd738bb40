/**
 * Glewlwyd (Debian package `glewlwyd`, an OAuth2/OpenID Connect server written in C by another
 * project) as an independent OpenID provider for interop tests. {@link startIndependentProvider}
 * writes everything into a fresh temporary directory (sqlite database from the package's init
 * script, config file, RS256 signing key), starts `/usr/bin/glewlwyd` bound to 127.0.0.1 on a
 * free port, configures the OpenID Connect plugin, a user and the clients through Glewlwyd's
 * admin REST API, waits for discovery, and stops the process again on `close()`.
 *
 * `scripts/ensure-glewlwyd.sh` (run by `npm run test:unit`) installs the package when missing.
 * {@link signInAtGlewlwyd} plays the browser at its login page over plain HTTP.
 *
 * @module
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { generateKeyPairSync } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { CookieJar } from './cookie-jar';
import { freePort } from './free-port';

export const GLEWLWYD_BIN = process.env.GLEWLWYD_PATH ?? '/usr/bin/glewlwyd';
const INIT_SQL = '/usr/share/doc/glewlwyd/database/init.sqlite3.sql.gz';
const MODULES = '/usr/lib/glewlwyd';
/** The package's init script creates this administrator. */
const ADMIN = { username: 'admin', password: 'password' };
/** Name of the OpenID Connect plugin instance: its endpoints live under `/api/<name>/`. */
const PLUGIN = 'oidc';
const HOST = '127.0.0.1';
const START_TIMEOUT_MS = 10_000;
const STOP_TIMEOUT_MS = 3_000;

/** Whether the provider binary is installed (the ensure script runs before `vitest run`). */
export const glewlwydInstalled = existsSync(GLEWLWYD_BIN) && existsSync(INIT_SQL);

/** A confidential client registered at the provider. */
export interface IndependentClient {
  clientId: string;
  clientSecret: string;
  authMethod: 'client_secret_basic' | 'client_secret_post';
}

/** The signed-in test user. */
export interface IndependentUser {
  username: string;
  password: string;
  email: string;
  name: string;
}

/** Options of {@link startIndependentProvider}. */
export interface IndependentProviderOptions {
  /** Redirect URIs registered for every client (the RP callback). */
  redirectUris: string[];
  /** Post-logout redirect URIs registered for every client. */
  postLogoutRedirectUris?: string[];
  /** Access token (and ID token) lifetime in seconds; default 120. */
  accessTokenTtl?: number;
  /** Refresh token lifetime in seconds; default 3600. */
  refreshTokenTtl?: number;
  /** Print the provider's log to stderr as it runs. */
  verbose?: boolean;
}

/** A running provider. */
export interface IndependentProvider {
  /** Issuer identifier, also the discovery base (`<issuer>/.well-known/openid-configuration`). */
  issuer: string;
  /** Origin the provider listens on. */
  origin: string;
  /** Its metadata as discovered at start. */
  discovery: Record<string, unknown>;
  user: IndependentUser;
  clients: { basic: IndependentClient; post: IndependentClient };
  /** The temporary directory (config, database, log). */
  dir: string;
  /** What the provider logged so far. */
  log(): string;
  /** Calls the provider's admin REST API (`/api/...`) as the administrator; JSON in, JSON out. */
  admin(method: string, path: string, body?: unknown): Promise<{ status: number; body: unknown }>;
  /** Reads the OpenID Connect plugin's parameters, lets `change` edit them, saves and reloads the plugin. */
  updatePlugin(change: (parameters: Record<string, unknown>) => void): Promise<void>;
  /** Stops the server (SIGTERM, then SIGKILL after a bounded wait) and removes the directory. */
  close(): Promise<void>;
}

/** The test clients: ids and secrets with `-`, `_` and `.` (RFC 6749 2.3.1 form-encodes them for HTTP Basic). */
export const GLEWLWYD_CLIENTS = {
  basic: { clientId: 'rp-basic_client.v1', clientSecret: 'basic-secret_0123456789.abcdefghij', authMethod: 'client_secret_basic' },
  post: { clientId: 'rp-post_client.v1', clientSecret: 'post-secret_0123456789.abcdefghij', authMethod: 'client_secret_post' },
} as const satisfies Record<string, IndependentClient>;

export const GLEWLWYD_USER: IndependentUser = {
  username: 'max.mustermann',
  password: 'Correct-horse_battery.staple1',
  email: 'max.mustermann@example.com',
  name: 'Max Mustermann',
};

/** A free TCP port on loopback (closed again before Glewlwyd binds it; start retries on a clash). */
function configFile(port: number, db: string): string {
  // No `use_secure_connection` line at all: Glewlwyd 2.7 refuses to start when it is present
  // (even `false`) without certificate files.
  return `port=${port}
bind_address="${HOST}"
external_url="http://${HOST}:${port}"
login_url="login.html"
api_prefix="api"
allow_origin="*"
log_mode="console"
log_level="INFO"
cookie_secure=0
cookie_same_site="empty"
session_expiration=3600
session_key="GLEWLWYD2_SESSION_ID"
admin_session_authentication="cookie"
profile_session_authentication="cookie"
allow_multiple_user_per_session=false
login_api_enabled=true
admin_scope="g_admin"
profile_scope="g_profile"
user_module_path="${MODULES}/user"
client_module_path="${MODULES}/client"
user_auth_scheme_module_path="${MODULES}/scheme"
plugin_module_path="${MODULES}/plugin"
hash_algorithm="SHA512"
database = { type = "sqlite3"; path = "${db}"; };
`;
}

function signingJwks(): string {
  const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  return JSON.stringify({ keys: [{ ...privateKey.export({ format: 'jwk' }), kid: 'interop-rs256', alg: 'RS256', use: 'sig' }] });
}

/** The OpenID Connect plugin's parameters (names as in Glewlwyd's `protocol_oidc.c`). */
function pluginParameters(issuer: string, accessTokenTtl: number, refreshTokenTtl: number): Record<string, unknown> {
  return {
    iss: issuer,
    'jwks-private': signingJwks(),
    'default-kid': 'interop-rs256',
    'jwt-type': 'rsa',
    'jwt-key-size': '256',
    'access-token-duration': accessTokenTtl,
    'refresh-token-duration': refreshTokenTtl,
    'code-duration': 600,
    'refresh-token-rolling': false,
    'refresh-token-one-use': 'always',
    'allow-non-oidc': false,
    'auth-type-code-enabled': true,
    'auth-type-token-enabled': false,
    'auth-type-none-enabled': false,
    'auth-type-password-enabled': false,
    'auth-type-client-enabled': false,
    'auth-type-device-enabled': false,
    'auth-type-refresh-enabled': true,
    'subject-type': 'public',
    scope: [],
    'pkce-allowed': true,
    'pkce-method-plain-allowed': false,
    'introspection-revocation-allowed': true,
    'introspection-revocation-allow-target-client': true,
    'session-management-allowed': true,
    'session-cookie-name': 'GLEWLWYD2_OIDC_SID',
    'session-cookie-expiration': 3600,
    'email-claim': 'on-demand',
    'email-claim-scope': ['email'],
    'name-claim': 'on-demand',
    'name-claim-scope': ['profile'],
    'scope-claim': 'no',
    claims: [],
  };
}

/** A fetch with a bounded wait. */
function fetchBounded(url: string | URL, init: RequestInit = {}, timeoutMs = 3_000): Promise<Response> {
  return fetch(url, { ...init, redirect: 'manual', signal: AbortSignal.timeout(timeoutMs) });
}

async function waitFor<T>(what: string, deadline: number, probe: () => Promise<T | undefined>, exited: () => string | undefined): Promise<T> {
  let last: unknown;
  while (Date.now() < deadline) {
    const gone = exited();
    if (gone) throw new Error(`glewlwyd exited while waiting for ${what}: ${gone}`);
    try {
      const value = await probe();
      if (value !== undefined) return value;
    } catch (err) {
      last = err;
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`glewlwyd: no ${what} within ${START_TIMEOUT_MS} ms${last ? ` (${String(last)})` : ''}`);
}

function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const kill = setTimeout(() => child.kill('SIGKILL'), STOP_TIMEOUT_MS);
    const giveUp = setTimeout(resolve, STOP_TIMEOUT_MS * 2);
    child.once('exit', () => {
      clearTimeout(kill);
      clearTimeout(giveUp);
      resolve();
    });
    child.kill('SIGTERM');
  });
}

/**
 * Starts Glewlwyd in a temporary directory on a free loopback port, with the OpenID Connect
 * plugin (RS256, code flow with PKCE, refresh tokens rotated on each use, revocation,
 * `end_session_endpoint`), {@link GLEWLWYD_USER} and {@link GLEWLWYD_CLIENTS}.
 */
export async function startIndependentProvider(options: IndependentProviderOptions): Promise<IndependentProvider> {
  if (!glewlwydInstalled) throw new Error(`glewlwyd is not installed (${GLEWLWYD_BIN}): run bash scripts/ensure-glewlwyd.sh`);
  const { redirectUris, postLogoutRedirectUris = [], accessTokenTtl = 120, refreshTokenTtl = 3600, verbose = false } = options;
  const dir = mkdtempSync(join(tmpdir(), 'glewlwyd-'));
  const db = join(dir, 'glewlwyd.db');
  const init = spawnSync('sqlite3', [db], { input: gunzipSync(readFileSync(INIT_SQL)), timeout: 10_000 });
  if (init.status !== 0) {
    rmSync(dir, { recursive: true, force: true });
    throw new Error(`glewlwyd: initialising the sqlite database failed: ${init.stderr?.toString() || init.error}`);
  }

  let child: ChildProcess | undefined;
  let port = 0;
  let output = '';
  for (let attempt = 0; attempt < 3 && !child; attempt += 1) {
    port = await freePort();
    const conf = join(dir, 'glewlwyd.conf');
    writeFileSync(conf, configFile(port, db));
    const started = spawn(GLEWLWYD_BIN, ['-c', conf], { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'] });
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      if (verbose) process.stderr.write(chunk);
    };
    started.stdout!.on('data', onData);
    started.stderr!.on('data', onData);
    const exitedWith = () => (started.exitCode !== null || started.signalCode !== null ? `${started.exitCode ?? started.signalCode}: ${output.slice(-500)}` : undefined);
    try {
      await waitFor('HTTP listener', Date.now() + START_TIMEOUT_MS, async () => ((await fetchBounded(`http://${HOST}:${port}/api/auth/scheme/`, {}, 1000)).status > 0 ? true : undefined), exitedWith);
      child = started;
    } catch (err) {
      await stop(started);
      if (attempt === 2) {
        rmSync(dir, { recursive: true, force: true });
        throw err;
      }
    }
  }
  const proc = child!;
  // Never outlive the test process (a crashed worker would otherwise leave the server running).
  const killOnExit = () => proc.kill('SIGKILL');
  process.once('exit', killOnExit);
  proc.once('exit', () => process.off('exit', killOnExit));
  const origin = `http://${HOST}:${port}`;
  const issuer = `${origin}/api/${PLUGIN}`;
  const jar = new CookieJar();

  const admin = async (method: string, path: string, body?: unknown) => {
    const response = await fetchBounded(`${origin}/api${path}`, {
      method,
      headers: { cookie: jar.header(), ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    jar.store(response);
    const text = await response.text();
    let parsed: unknown = text;
    try {
      parsed = text ? JSON.parse(text) : undefined;
    } catch {
      /* not JSON */
    }
    return { status: response.status, body: parsed };
  };
  const must = async (method: string, path: string, body?: unknown) => {
    const res = await admin(method, path, body);
    if (res.status !== 200) throw new Error(`glewlwyd admin ${method} ${path} answered ${res.status}: ${JSON.stringify(res.body)}`);
    return res.body;
  };

  const close = async () => {
    await stop(proc);
    rmSync(dir, { recursive: true, force: true });
  };

  try {
    await must('POST', '/auth/', ADMIN);
    // Scopes the RP asks for; like the package's `openid` scope, none needs its own password step.
    for (const name of ['profile', 'email', 'offline_access']) {
      await must('POST', '/scope/', { name, display_name: name, description: `${name} (interop test)`, password_required: false, scheme: {} });
    }
    await must('POST', '/mod/plugin/', {
      module: 'oidc',
      name: PLUGIN,
      display_name: 'OpenID Connect (interop test)',
      enabled: true,
      parameters: pluginParameters(issuer, accessTokenTtl, refreshTokenTtl),
    });
    await must('POST', '/user/', {
      username: GLEWLWYD_USER.username,
      password: GLEWLWYD_USER.password,
      name: GLEWLWYD_USER.name,
      email: GLEWLWYD_USER.email,
      enabled: true,
      scope: ['g_profile', 'openid', 'profile', 'email', 'offline_access'],
    });
    // The package's client backend stores `post_logout_redirect_uri` (one string); the plugin reads
    // `post_logout_redirect_uris` (a list): declare that property so clients can have it.
    const clientModule = (await must('GET', '/mod/client/database')) as { parameters: Record<string, Record<string, unknown>> };
    clientModule.parameters['data-format']!.post_logout_redirect_uris = { multiple: true, read: true, write: true };
    await must('PUT', '/mod/client/database', clientModule);
    await must('PUT', '/mod/client/database/reset');
    for (const c of Object.values(GLEWLWYD_CLIENTS)) {
      await must('POST', '/client/', {
        client_id: c.clientId,
        name: c.clientId,
        enabled: true,
        confidential: true,
        client_secret: c.clientSecret,
        token_endpoint_auth_method: [c.authMethod],
        redirect_uri: redirectUris,
        post_logout_redirect_uris: postLogoutRedirectUris,
        authorization_type: ['code', 'refresh_token'],
        scope: [],
      });
    }
    const discovery = await waitFor(
      'discovery',
      Date.now() + START_TIMEOUT_MS,
      async () => {
        const res = await fetchBounded(`${issuer}/.well-known/openid-configuration`, {}, 1000);
        return res.status === 200 ? ((await res.json()) as Record<string, unknown>) : undefined;
      },
      () => (proc.exitCode !== null ? String(proc.exitCode) : undefined),
    );
    const updatePlugin = async (change: (parameters: Record<string, unknown>) => void) => {
      const current = (await must('GET', `/mod/plugin/${PLUGIN}`)) as Record<string, unknown>;
      const parameters = { ...(current.parameters as Record<string, unknown>) };
      change(parameters);
      await must('PUT', `/mod/plugin/${PLUGIN}`, { ...current, parameters });
      await must('PUT', `/mod/plugin/${PLUGIN}/reset`);
    };
    return {
      issuer,
      origin,
      discovery,
      user: GLEWLWYD_USER,
      clients: GLEWLWYD_CLIENTS,
      dir,
      log: () => output,
      admin,
      updatePlugin,
      close,
    };
  } catch (err) {
    const log = output.slice(-2000);
    await close();
    throw new Error(`${(err as Error).message}\n--- glewlwyd log ---\n${log}`, { cause: err });
  }
}

/** Options of {@link signInAtGlewlwyd}. */
export interface SignInAtGlewlwydOptions {
  /** Who signs in; default {@link GLEWLWYD_USER}. */
  user?: Pick<IndependentUser, 'username' | 'password'>;
  /**
   * The browser's provider cookies. Pass the same jar to a later call to act like one browser:
   * with a live provider session the login page is passed without typing the password again,
   * unless the provider asks for a fresh login (`max_age` exceeded, `prompt=login`).
   */
  jar?: CookieJar;
  /** Grant the client's scopes on the consent step (default true); `false` stops at the login page. */
  consent?: boolean;
}

/** What {@link signInAtGlewlwyd} saw. */
export interface GlewlwydSignIn {
  /** The first URL outside the provider: the redirect_uri with `code` and `state`, or `error`. */
  callback: URL;
  /** Whether the provider asked for the password (a fresh authentication) on the way. */
  passwordAsked: boolean;
  /** The login page URLs the provider redirected to. */
  loginPages: URL[];
}

const MAX_HOPS = 12;

/**
 * Plays the browser at Glewlwyd over HTTP, the way its login page (a single-page app) does:
 * GET the authorize URL; on each redirect to the login page, authenticate with
 * `POST /api/auth/` {username, password} when the session lacks a fresh login, grant the
 * requested scopes with `PUT /api/auth/grant/<client_id>`, and go back to the authorize URL
 * with `g_continue` (the login page's "continue"). Returns the first URL off the provider.
 */
export async function signInAtGlewlwyd(authorizeUrl: string | URL, opts: SignInAtGlewlwydOptions = {}): Promise<GlewlwydSignIn> {
  const { user = GLEWLWYD_USER, jar = new CookieJar(), consent = true } = opts;
  const start = new URL(authorizeUrl);
  const origin = start.origin;
  const loginPages: URL[] = [];
  let passwordAsked = false;
  let url = start;
  const call = async (target: URL | string, init: RequestInit = {}) => {
    const headers = new Headers(init.headers);
    headers.set('cookie', jar.header());
    const res = await fetchBounded(target, { ...init, headers });
    jar.store(res);
    return res;
  };
  for (let hop = 0; hop < MAX_HOPS; hop += 1) {
    const res = await call(url);
    const location = res.headers.get('location');
    await res.body?.cancel();
    if (res.status < 300 || res.status >= 400 || !location) throw new Error(`signInAtGlewlwyd: GET ${url.pathname} answered HTTP ${res.status}`);
    const next = new URL(location, url);
    if (next.origin !== origin) return { callback: next, passwordAsked, loginPages };
    if (!next.pathname.endsWith('/login.html')) {
      url = next;
      continue;
    }
    loginPages.push(next);
    if (!consent) return { callback: next, passwordAsked, loginPages };
    const q = next.searchParams;
    const callbackUrl = q.get('callback_url');
    const clientId = q.get('client_id');
    const scope = q.get('scope') ?? '';
    if (!callbackUrl || !clientId) throw new Error(`signInAtGlewlwyd: login page without callback_url/client_id: ${next.href}`);
    // The login page asks for the password when the session has none for these scopes, or a stale one (`refresh_login`).
    const check = await call(`${origin}/api/auth/scheme/?scope=${encodeURIComponent(scope)}`);
    const schemes = check.status === 200 ? ((await check.json()) as Record<string, { password_authenticated?: boolean }>) : {};
    const authenticated = Object.values(schemes).length > 0 && Object.values(schemes).every((s) => s.password_authenticated === true);
    if (!authenticated || q.get('refresh_login') === 'true' || q.get('prompt') === 'login') {
      const login = await call(`${origin}/api/auth/`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ username: user.username, password: user.password }),
      });
      await login.body?.cancel();
      if (login.status !== 200) throw new Error(`signInAtGlewlwyd: POST /api/auth/ answered HTTP ${login.status}`);
      passwordAsked = true;
    }
    const grant = await call(`${origin}/api/auth/grant/${encodeURIComponent(clientId)}`, {
      method: 'PUT',
      headers: { 'content-type': 'application/json' },
      // Space-separated (API.md says comma-separated; the server splits on spaces).
      body: JSON.stringify({ scope }),
    });
    await grant.body?.cancel();
    if (grant.status !== 200) throw new Error(`signInAtGlewlwyd: PUT /api/auth/grant answered HTTP ${grant.status}`);
    const back = new URL(callbackUrl);
    back.searchParams.set('g_continue', '');
    url = back;
  }
  throw new Error(`signInAtGlewlwyd: more than ${MAX_HOPS} hops without leaving ${origin}`);
}

/** What {@link endSessionAtGlewlwyd} saw. */
export interface GlewlwydEndSession {
  /** The login page in its `end_session` (or `single_logout`) mode: Glewlwyd's logout confirmation. */
  confirmationPage: URL;
  /** Where the browser ends up: the `post_logout_redirect_uri` (with `state`), or `undefined` when Glewlwyd names none. */
  landing: URL | undefined;
}

/**
 * Drives an RP-initiated logout at Glewlwyd over HTTP, as its login page does when the user
 * confirms "log out": GET the end-session URL (Glewlwyd redirects to its login page with
 * `prompt=end_session`, the session id `sid` and the `post_logout_redirect_uri` as
 * `callback_url`), read the session's clients, end the OpenID session
 * (`DELETE /api/<plugin>/session/<sid>`) and the Glewlwyd session (`DELETE /api/auth/`), then
 * follow `callback_url`.
 */
export async function endSessionAtGlewlwyd(endSessionUrl: string | URL, jar: CookieJar): Promise<GlewlwydEndSession> {
  const start = new URL(endSessionUrl);
  const origin = start.origin;
  const call = async (target: URL | string, init: RequestInit = {}) => {
    const headers = new Headers(init.headers);
    headers.set('cookie', jar.header());
    const res = await fetchBounded(target, { ...init, headers });
    jar.store(res);
    return res;
  };
  const res = await call(start);
  const location = res.headers.get('location');
  await res.body?.cancel();
  if (res.status !== 302 || !location) throw new Error(`endSessionAtGlewlwyd: GET ${start.pathname} answered HTTP ${res.status} without a redirect`);
  const page = new URL(location, start);
  const q = page.searchParams;
  const plugin = q.get('plugin');
  const sid = q.get('sid');
  const clientId = q.get('client_id');
  if (q.get('prompt') === 'end_session' && plugin && sid && clientId) {
    const post = q.get('post_redirect_to');
    const list = await call(`${origin}/api/${plugin}/session/${encodeURIComponent(sid)}/${encodeURIComponent(clientId)}${post ? `?post_redirect_to=${encodeURIComponent(post)}` : ''}`);
    await list.body?.cancel();
    const ended = await call(`${origin}/api/${plugin}/session/${encodeURIComponent(sid)}`, { method: 'DELETE' });
    await ended.body?.cancel();
    if (ended.status !== 200) throw new Error(`endSessionAtGlewlwyd: DELETE /api/${plugin}/session answered HTTP ${ended.status}`);
  }
  const logout = await call(`${origin}/api/auth/`, { method: 'DELETE' });
  await logout.body?.cancel();
  const callback = q.get('callback_url');
  return { confirmationPage: page, landing: callback ? new URL(callback) : undefined };
}

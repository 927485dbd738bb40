/**
 * OpenTelemetry (issue 23): span trees and metric counts recorded by the SDK's in-memory
 * exporters, against the embedded broker, the embedded OIDC stack (refresh, the BFF) and a local
 * Permission Center that refuses a write; and no token, secret, cookie, e-mail or `sub` in any
 * attribute, event or status.
 */
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { metrics } from '@opentelemetry/api';
import { AggregationTemporality, InMemoryMetricExporter, MeterProvider, PeriodicExportingMetricReader, type ResourceMetrics } from '@opentelemetry/sdk-metrics';
import { InMemorySpanExporter, SimpleSpanProcessor, type ReadableSpan } from '@opentelemetry/sdk-trace-base';
import { NodeTracerProvider } from '@opentelemetry/sdk-trace-node';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { optionsFromEnv, requestCookies } from '@/lib/auth';
import { createUpstreamProxy } from '@/lib/bff';
import { createPermissionCenterClient, PermissionCenterError } from '@/lib/permission-center';
import { otelApiLoaded } from '@/lib/telemetry';
import { createTokenSource } from '@/lib/m2m';
import type { DevBroker } from 'netid-rp-testing';
import { startEmbeddedOidcStack, type EmbeddedOidcStack } from 'netid-rp-testing';
import { APP_URL, rp, rpConfig, startTestBroker } from '../helpers/embedded-broker';
import { RpBrowser } from '../helpers/rp-browser';
import { startTestRedis } from '../helpers/redis-server';
import { closeSharedRedisClients, withRedis } from '@/lib/redis';

const spans = new InMemorySpanExporter();
const tracerProvider = new NodeTracerProvider({ spanProcessors: [new SimpleSpanProcessor(spans)] });
const metricExporter = new InMemoryMetricExporter(AggregationTemporality.CUMULATIVE);
const reader = new PeriodicExportingMetricReader({ exporter: metricExporter, exportIntervalMillis: 3_600_000 });
const meterProvider = new MeterProvider({ readers: [reader] });

let broker: DevBroker;
let stack: EmbeddedOidcStack;
let pc: { url: string; headers: IncomingHttpHeaders[]; close(): Promise<void> };
/** Every secret-ish text the tests saw: none may show up in telemetry. */
const secrets = new Set<string>();

/** A server that records request headers: a Permission Center refusing every write (POST: 500), an upstream API answering GET. */
async function refusingPermissionCenter() {
  const headers: IncomingHttpHeaders[] = [];
  const server: Server = createServer((req, res) => {
    headers.push(req.headers);
    req.resume();
    req.on('end', () => (req.method === 'POST' ? res.writeHead(500, { 'content-type': 'text/plain' }).end('down') : res.writeHead(200, { 'content-type': 'application/json' }).end('{}')));
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    headers,
    close: () => new Promise<void>((r) => (server.closeAllConnections(), server.close(() => r()))),
  };
}

beforeAll(async () => {
  tracerProvider.register();
  metrics.setGlobalMeterProvider(meterProvider);
  expect(await otelApiLoaded).toBeDefined();
  [broker, stack, pc] = await Promise.all([startTestBroker(), startEmbeddedOidcStack({ appUrl: 'http://127.0.0.1:3996', accessTokenTtl: 60 }), refusingPermissionCenter()]);
});
afterAll(async () => {
  await Promise.all([broker?.close(), stack?.close(), pc?.close(), tracerProvider.shutdown(), meterProvider.shutdown()]);
});
beforeEach(() => spans.reset());

/** The finished spans as a tree of names: `name` with its children, in start order. */
function tree(all: ReadableSpan[] = spans.getFinishedSpans()): string[] {
  const ids = new Set(all.map((s) => s.spanContext().spanId));
  const children = (parent: string | undefined, depth: number): string[] =>
    all
      .filter((s) => (parent === undefined ? !s.parentSpanContext || !ids.has(s.parentSpanContext.spanId) : s.parentSpanContext?.spanId === parent))
      .sort((a, b) => a.startTime[0] - b.startTime[0] || a.startTime[1] - b.startTime[1])
      .flatMap((s) => [`${'  '.repeat(depth)}${s.name}`, ...children(s.spanContext().spanId, depth + 1)]);
  return children(undefined, 0);
}

const named = (name: string) => spans.getFinishedSpans().filter((s) => s.name === name);

async function collect(): Promise<ResourceMetrics['scopeMetrics']> {
  metricExporter.reset();
  await reader.forceFlush();
  return metricExporter.getMetrics().at(-1)?.scopeMetrics ?? [];
}

/** The sum of metric `name`'s data points whose attributes include `match`. */
async function sum(name: string, match: Record<string, unknown> = {}): Promise<number> {
  const rm = await collect();
  const metric = rm.flatMap((s) => s.metrics).find((m) => m.descriptor.name === name);
  if (!metric) return 0;
  return (metric.dataPoints as { attributes: Record<string, unknown>; value: unknown }[])
    .filter((p) => Object.entries(match).every(([k, v]) => p.attributes[k] === v))
    .reduce((total, p) => total + (typeof p.value === 'number' ? p.value : (p.value as { count: number }).count), 0);
}

/** All telemetry text: span names, attributes, events, statuses, and metric attributes. */
async function telemetryText(all: ReadableSpan[]): Promise<string> {
  const spanText = all.map((s) => JSON.stringify({ name: s.name, attributes: s.attributes, events: s.events, status: s.status, links: s.links }));
  const rm = await collect();
  const metricText = rm.flatMap((s) => s.metrics).map((m) => JSON.stringify(m.dataPoints.map((p) => p.attributes)));
  return [...spanText, ...metricText].join('\n');
}

const allSpans: ReadableSpan[] = [];

describe('a full sign-in against the embedded broker', () => {
  it('traces start and callback; the callback has the token exchange and the ID token validation as children', async () => {
    const started = await sum('netid.sign_in.started', { 'netid.flow': 'login-permission' });
    const completed = await sum('netid.sign_in.completed', { 'netid.flow': 'login-permission' });
    const { auth } = rp(rpConfig(broker.issuer));
    const b = new RpBrowser(auth, APP_URL);
    const res = await b.signIn('?flow=login-permission');
    expect(res.status).toBe(302);
    expect(res.headers.get('location')).toBe('/');

    const names = tree();
    expect(names).toContain('netid.sign_in.start');
    const callback = names.indexOf('netid.sign_in.callback');
    expect(callback).toBeGreaterThanOrEqual(0);
    // token exchange (with the POST to the token endpoint under it), then validation, then userinfo
    expect(names.slice(callback, callback + 4)).toEqual(['netid.sign_in.callback', '  netid.token_exchange', '    HTTP POST', '  netid.id_token.validate']);
    expect(names.slice(callback)).toContain('  HTTP GET'); // userinfo, a direct child of the callback

    const [cb] = named('netid.sign_in.callback');
    expect(cb!.attributes).toMatchObject({ 'netid.flow': 'login-permission', 'netid.profile': 'netid' });
    const post = named('HTTP POST')[0]!;
    expect(post.attributes).toMatchObject({ 'http.request.method': 'POST', 'server.address': '127.0.0.1', 'http.response.status_code': 200 });
    expect(post.attributes['url.full']).toBeUndefined();

    expect(await sum('netid.sign_in.started', { 'netid.flow': 'login-permission' })).toBe(started + 1);
    expect(await sum('netid.sign_in.completed', { 'netid.flow': 'login-permission' })).toBe(completed + 1);

    const session = await b.auth.getSession(requestCookies(b.jar.header()));
    secrets.add(session!.permissionToken!.accessToken).add(session!.user!.sub).add(String(session!.user!.email));
    for (const c of b.jar.header().split('; ')) secrets.add(c.split('=')[1]!);
    allSpans.push(...spans.getFinishedSpans());
  });

  it('counts a failed sign-in by flow and code, and marks the callback span failed', async () => {
    const before = await sum('netid.sign_in.failed', { 'netid.flow': 'login', 'error.type': 'access_denied' });
    const { auth } = rp(rpConfig(broker.issuer));
    const b = new RpBrowser(auth, APP_URL);
    const authorize = await b.startLogin('?flow=login');
    const denied = new URL(`${APP_URL}/api/auth/callback?error=access_denied&state=${authorize.searchParams.get('state')}`);
    const res = await b.deliver(denied);
    expect(res.headers.get('location')).toMatch(/code=access_denied/);
    const [cb] = named('netid.sign_in.callback');
    expect(cb!.status.code).toBe(2); // ERROR
    expect(cb!.attributes['error.type']).toBe('access_denied');
    expect(await sum('netid.sign_in.failed', { 'netid.flow': 'login', 'error.type': 'access_denied' })).toBe(before + 1);
  });
});

describe('a refresh', () => {
  it('traces the renewal with the token endpoint call under it, and counts the single-flight join apart', async () => {
    const options = optionsFromEnv({ ...stack.env, APP_URL: 'http://127.0.0.1:3996', SESSION_PASSWORD: 'telemetry-test-session-password-0123456789' });
    const { auth } = rp(options);
    const b = new RpBrowser(auth, 'http://127.0.0.1:3996');
    await b.signIn();
    const cookie = b.jar.header();
    const first = await auth.getSession(requestCookies(cookie));
    secrets.add(first!.tokens!.accessToken).add(first!.tokens!.refreshToken!).add(first!.tokens!.idToken!);
    spans.reset();
    const redeemed = await sum('netid.refresh', { 'netid.refresh.joined': false, 'netid.outcome': 'success' });
    const joined = await sum('netid.refresh', { 'netid.refresh.joined': true, 'netid.outcome': 'success' });

    const [a, c] = await Promise.all([
      auth.getAccessToken(requestCookies(cookie), { forceRefresh: true }),
      auth.getAccessToken(requestCookies(cookie), { forceRefresh: true }),
    ]);
    expect(a.accessToken).toBe(c.accessToken);
    secrets.add(a.accessToken);
    expect(tree().filter((n) => n.startsWith('netid.refresh'))).toHaveLength(2);
    expect(tree()).toEqual(expect.arrayContaining(['netid.refresh', '  HTTP POST']));
    expect(named('netid.refresh').map((s) => s.attributes['netid.refresh.joined']).sort()).toEqual([false, true]);
    expect(await sum('netid.refresh', { 'netid.refresh.joined': false, 'netid.outcome': 'success' })).toBe(redeemed + 1);
    expect(await sum('netid.refresh', { 'netid.refresh.joined': true, 'netid.outcome': 'success' })).toBe(joined + 1);
    allSpans.push(...spans.getFinishedSpans());
  });

  it('the BFF call carries traceparent to the upstream API, from its HTTP span', async () => {
    const options = optionsFromEnv({ ...stack.env, UPSTREAM_API_URL: pc.url, APP_URL: 'http://127.0.0.1:3996', SESSION_PASSWORD: 'telemetry-test-session-password-0123456789' });
    const { auth } = rp(options);
    const b = new RpBrowser(auth, 'http://127.0.0.1:3996');
    await b.signIn();
    spans.reset();
    const res = await createUpstreamProxy(auth)(new Request('http://127.0.0.1:3996/api/upstream/me', { headers: { 'x-csrf': '1', cookie: b.jar.header() } }), 'me');
    expect(res.status).toBe(200);
    expect(tree()).toEqual(['netid.bff.upstream', '  HTTP GET']);
    const http = named('HTTP GET')[0]!;
    expect(pc.headers.at(-1)!.traceparent).toBe(`00-${http.spanContext().traceId}-${http.spanContext().spanId}-01`);
    expect(pc.headers.at(-1)!.authorization).toMatch(/^Bearer /);
    allSpans.push(...spans.getFinishedSpans());
  });
});

describe('a logout', () => {
  it('traces the logout with the revocation under it, and counts the ended session', async () => {
    const appUrl = 'http://127.0.0.1:3996';
    const { auth } = rp(optionsFromEnv({ ...stack.env, APP_URL: appUrl, SESSION_PASSWORD: 'telemetry-test-session-password-0123456789' }));
    const b = new RpBrowser(auth, appUrl);
    await b.signIn();
    spans.reset();
    const ended = await sum('netid.session.ended', { 'netid.session.end_reason': 'logout' });
    const res = await b.call('logout', '/api/auth/logout', { method: 'POST', headers: { origin: appUrl } });
    expect(res.status).toBe(303);
    expect(tree().slice(0, 3)).toEqual(['netid.logout', '  netid.revocation', '    HTTP POST']);
    expect(await sum('netid.session.ended', { 'netid.session.end_reason': 'logout' })).toBe(ended + 1);
    allSpans.push(...spans.getFinishedSpans());
  });
});

describe('a failed Permission Center write', () => {
  it('is a failed span with its code, an HTTP span under it, traceparent sent, and a count by operation and status', async () => {
    const before = await sum('netid.permission_center.calls', { 'netid.permission_center.operation': 'write', 'http.response.status_code': 500 });
    const client = createPermissionCenterClient({ readUrl: pc.url, writeUrl: pc.url, timeoutMs: 2000, expirySkewSeconds: 0 });
    const token = { accessToken: 'pc-token-'.padEnd(60, 'x'), tokenType: 'Bearer', expiresAt: Math.floor(Date.now() / 1000) + 500 };
    secrets.add(token.accessToken);
    const error = await client.writePermissions(token, { idconsent: 'VALID' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PermissionCenterError);
    expect(tree()).toEqual(['netid.permission_center.write', '  HTTP POST']);
    const [write] = named('netid.permission_center.write');
    expect(write!.status.code).toBe(2);
    expect(write!.attributes).toMatchObject({ 'netid.permission_center.operation': 'write', 'error.type': 'UPSTREAM_ERROR' });
    const http = named('HTTP POST')[0]!;
    expect(http.attributes['http.response.status_code']).toBe(500);
    const traceparent = pc.headers.at(-1)!.traceparent as string;
    expect(traceparent).toBe(`00-${http.spanContext().traceId}-${http.spanContext().spanId}-01`);
    expect(await sum('netid.permission_center.calls', { 'netid.permission_center.operation': 'write', 'http.response.status_code': 500 })).toBe(before + 1);
    allSpans.push(...spans.getFinishedSpans());
  });
});

describe('M2M tokens', () => {
  it('traces a token request under netid.m2m.token, and counts requests and cache hits apart', async () => {
    let served = 0;
    const server = createServer((req, res) => {
      req.resume();
      req.on('end', () => {
        served++;
        res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ access_token: `m2m-access-token-${served}-`.padEnd(48, 'q'), token_type: 'Bearer', expires_in: 3600 }));
      });
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    try {
      const [requests, hits] = [await sum('netid.m2m.token_requests', { 'netid.outcome': 'success' }), await sum('netid.m2m.cache_hits')];
      const source = createTokenSource({ tokenUrl: `http://127.0.0.1:${(server.address() as AddressInfo).port}/token`, clientId: 'm2m', clientSecret: 'm2m-client-secret-value', auth: 'client_secret_post' });
      const first = await source.getToken();
      secrets.add(first.accessToken).add('m2m-client-secret-value');
      await source.getToken();
      expect(served).toBe(1);
      expect(tree()).toEqual(['netid.m2m.token', '  netid.m2m.token_request', '    HTTP POST', 'netid.m2m.token']);
      expect(named('netid.m2m.token').map((s) => s.attributes['netid.m2m.cache_hit'])).toEqual([false, true]);
      expect(await sum('netid.m2m.token_requests', { 'netid.outcome': 'success' })).toBe(requests + 1);
      expect(await sum('netid.m2m.cache_hits')).toBe(hits + 1);
      allSpans.push(...spans.getFinishedSpans());
    } finally {
      server.closeAllConnections();
      server.close();
    }
  });
});

describe('the session store', () => {
  it('times Redis session operations and counts their failures', async () => {
    const redis = await startTestRedis();
    try {
      const ops = (operation: string, outcome = 'success') => sum('netid.session_store.duration', { 'netid.session_store.operation': operation, 'netid.outcome': outcome });
      const [saves, loads, errors] = [await ops('save'), await ops('load'), await sum('netid.session_store.errors', { 'netid.session_store.operation': 'load' })];
      const { auth } = rp(withRedis(rpConfig(broker.issuer, 'basic', { SESSION_STORE: 'redis', REDIS_URL: redis.url })));
      const b = new RpBrowser(auth, APP_URL);
      await b.signIn('?flow=login');
      expect((await b.session()).status).toBe(200);
      expect(await ops('save')).toBe(saves + 1);
      expect(await ops('load')).toBeGreaterThanOrEqual(loads + 1);
      await redis.stop();
      await expect(auth.getSession(requestCookies(b.jar.header()))).rejects.toMatchObject({ code: 'session_store_unavailable' });
      expect(await sum('netid.session_store.errors', { 'netid.session_store.operation': 'load', 'error.type': 'session_store_unavailable' })).toBe(errors + 1);
      expect(await ops('load', 'failure')).toBeGreaterThanOrEqual(1);
    } finally {
      await closeSharedRedisClients();
      await redis.close();
    }
  }, 30_000);
});

describe('redaction', () => {
  it('no token, secret, cookie, e-mail or sub appears in any span name, attribute, event, status or metric attribute', async () => {
    expect(allSpans.length).toBeGreaterThan(10);
    secrets.add(rpConfig(broker.issuer).clientSecret).add(String(optionsFromEnv(stack.env).clientSecret));
    const text = await telemetryText(allSpans);
    expect(secrets.size).toBeGreaterThan(8);
    for (const secret of secrets) {
      expect(secret.length).toBeGreaterThan(5);
      expect(text).not.toContain(secret);
    }
    expect(text).not.toMatch(/@/);
    expect(text).not.toMatch(/eyJ[\w-]+\./);
  });
});

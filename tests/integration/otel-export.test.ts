/**
 * The Express example registers the OpenTelemetry Node SDK from the standard OTEL_* variables
 * (otel-sdk.ts, shared with the Next app's instrumentation.ts) and exports a sign-in's spans and the
 * package's metrics over OTLP/HTTP, as `http/json` and as `http/protobuf`, to a local receiver;
 * without OTEL_EXPORTER_OTLP_ENDPOINT nothing is registered.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { InMemorySpanExporter, SimpleSpanProcessor } from '@opentelemetry/sdk-trace-base';
import { NodeTracerProvider } from '@opentelemetry/sdk-trace-node';
import { stripUrlQueries, telemetryWanted } from '@/otel-sdk';
import { startExpressProcess, type ExpressProcess } from '../helpers/express-process';
import { HttpBrowser } from '../helpers/http-browser';

interface Export {
  path: string;
  contentType: string;
  body: Buffer;
}

let receiver: { url: string; exports: Export[]; close(): Promise<void> };

beforeAll(async () => {
  const exports: Export[] = [];
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      exports.push({ path: req.url ?? '', contentType: req.headers['content-type'] ?? '', body: Buffer.concat(chunks) });
      res.writeHead(200, { 'content-type': req.headers['content-type'] ?? 'application/json' }).end(req.headers['content-type']?.includes('json') ? '{}' : '');
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  receiver = {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    exports,
    close: () => new Promise<void>((r) => (server.closeAllConnections(), server.close(() => r()))),
  };
});
afterAll(async () => {
  await receiver?.close();
});

/** Span names in an OTLP/JSON trace export body. */
function jsonSpanNames(body: Buffer): string[] {
  const data = JSON.parse(body.toString('utf8')) as { resourceSpans: { scopeSpans: { spans: { name: string }[] }[] }[] };
  return data.resourceSpans.flatMap((r) => r.scopeSpans.flatMap((s) => s.spans.map((span) => span.name)));
}

async function signInThrough(protocol: 'http/json' | 'http/protobuf'): Promise<{ app: ExpressProcess; traces: Export[]; metrics: Export[] }> {
  receiver.exports.length = 0;
  const app = await startExpressProcess({
    OTEL_EXPORTER_OTLP_ENDPOINT: receiver.url,
    OTEL_EXPORTER_OTLP_PROTOCOL: protocol,
    OTEL_SERVICE_NAME: 'netid-rp-express-test',
    OTEL_BSP_SCHEDULE_DELAY: '100',
    OTEL_METRIC_EXPORT_INTERVAL: '300',
  });
  try {
    const b = new HttpBrowser(`http://localhost:${app.port}`);
    const res = await b.signIn('?flow=login-permission');
    expect(res.status).toBe(302);
    expect(res.headers.get('location')).toBe('/');
    const traces = () => receiver.exports.filter((e) => e.path === '/v1/traces');
    const metrics = () => receiver.exports.filter((e) => e.path === '/v1/metrics');
    const has = (list: Export[], text: string) => list.some((e) => e.body.includes(text));
    await expect.poll(() => has(traces(), 'netid.sign_in.callback') && has(metrics(), 'netid.sign_in.completed'), { timeout: 15_000, interval: 100 }).toBe(true);
    expect(app.output()).toContain('[otel] OpenTelemetry SDK registered');
    return { app, traces: traces(), metrics: metrics() };
  } catch (error) {
    await app.stop();
    throw error;
  }
}

describe('the Express example with OTEL_EXPORTER_OTLP_ENDPOINT', () => {
  it('exports a sign-in as OTLP/HTTP JSON: the package spans, and its metrics', async () => {
    const { app, traces, metrics } = await signInThrough('http/json');
    await app.stop();
    expect(traces.every((e) => e.contentType.startsWith('application/json'))).toBe(true);
    const names = traces.flatMap((e) => jsonSpanNames(e.body));
    expect(names).toEqual(expect.arrayContaining(['netid.sign_in.start', 'netid.sign_in.callback', 'netid.token_exchange', 'netid.id_token.validate', 'HTTP POST']));
    expect(traces.some((e) => e.body.includes('netid-rp-express-test'))).toBe(true);
    expect(metrics.some((e) => e.body.includes('netid.sign_in.started'))).toBe(true);
  }, 90_000);

  it('exports the same as OTLP/HTTP protobuf', async () => {
    const { app, traces } = await signInThrough('http/protobuf');
    await app.stop();
    expect(traces.every((e) => e.contentType === 'application/x-protobuf')).toBe(true);
    // Protobuf keeps strings as UTF-8 bytes: the span names are there as they are.
    for (const name of ['netid.sign_in.start', 'netid.sign_in.callback', 'netid.token_exchange', 'netid.id_token.validate']) {
      expect(traces.some((e) => e.body.includes(name))).toBe(true);
    }
  }, 90_000);
});

describe('without OTEL_EXPORTER_OTLP_ENDPOINT', () => {
  it('nothing is registered (console spans only when OTEL_TRACES_EXPORTER=console asks; OTEL_SDK_DISABLED wins)', () => {
    expect(telemetryWanted({})).toBe(false);
    expect(telemetryWanted({ OTEL_EXPORTER_OTLP_ENDPOINT: ' ' })).toBe(false);
    expect(telemetryWanted({ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://127.0.0.1:4318' })).toBe(true);
    expect(telemetryWanted({ OTEL_TRACES_EXPORTER: 'console' })).toBe(true);
    expect(telemetryWanted({ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://127.0.0.1:4318', OTEL_SDK_DISABLED: 'true' })).toBe(false);
  });
});

describe('the SDK setup', () => {
  it('cuts URL queries (the callback code and state that Next.js records in http.target) before any exporter sees them', async () => {
    const exporter = new InMemorySpanExporter();
    const provider = new NodeTracerProvider({ spanProcessors: [stripUrlQueries, new SimpleSpanProcessor(exporter)] });
    const span = provider.getTracer('t').startSpan('GET /api/auth/callback');
    span.setAttributes({ 'http.target': '/api/auth/callback?code=SECRET-CODE&state=S', 'url.full': 'http://127.0.0.1/api/auth/callback?code=SECRET-CODE', 'url.query': 'code=SECRET-CODE', 'http.route': '/api/auth/callback' });
    span.end();
    const [exported] = exporter.getFinishedSpans();
    await provider.shutdown();
    expect(exported!.attributes).toEqual({ 'http.target': '/api/auth/callback', 'url.full': 'http://127.0.0.1/api/auth/callback', 'url.query': '', 'http.route': '/api/auth/callback' });
  });
});

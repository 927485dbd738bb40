/**
 * Runs a sign-in start and an outbound call with `@opentelemetry/api` made unresolvable (see
 * without-otel-hooks.mjs) and prints what happened as one JSON line.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { outboundFetch } from '../../lib/http';
import { metricsRecording, otelApiLoaded, tracing, withSpan } from '../../lib/telemetry';

const server = createServer((_req, res) => res.end('ok'));
await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
const api = await otelApiLoaded;
const answer = await outboundFetch(`http://127.0.0.1:${(server.address() as AddressInfo).port}/`, { timeoutMs: 2000, traceContext: true });
const traced = await withSpan('netid.sign_in.start', { 'netid.flow': 'login' }, async (scope) => scope.attributes['netid.flow']);
server.close();
console.info(JSON.stringify({ api: api === undefined ? 'absent' : 'loaded', tracing: tracing(), metrics: metricsRecording(), status: answer.status, body: await answer.text(), traced }));

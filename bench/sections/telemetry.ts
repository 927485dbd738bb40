/**
 * What OpenTelemetry costs (issue 23), in-process, side by side in one run: a session read (the
 * route's core, cookie sessions, an unsealed-session cache hit) and a sign-in callback against the
 * embedded broker (token exchange, ID token validation, userinfo, session sealed), each with the
 * telemetry **off** (`@opentelemetry/api` loaded, no SDK: what an app without an SDK pays) and
 * **on** (the SDK's tracer and meter providers registered, spans batched to an exporter that drops
 * them). TELEMETRY_BENCH_ROUNDS interleaved rounds (default 5) of TELEMETRY_BENCH_READS session
 * reads (default 20,000) and TELEMETRY_BENCH_CALLBACKS callbacks (default 20) per mode; medians.
 */
import { context, metrics, propagation, trace } from '@opentelemetry/api';
import { MeterProvider, PeriodicExportingMetricReader, type PushMetricExporter } from '@opentelemetry/sdk-metrics';
import { BatchSpanProcessor, type SpanExporter } from '@opentelemetry/sdk-trace-base';
import { NodeTracerProvider } from '@opentelemetry/sdk-trace-node';
import { requestCookies, type NetIdAuth } from '../../lib/auth';
import { otelApiLoaded } from '../../lib/telemetry';
import { signInAtBroker } from '../../tests/helpers/broker-login';
import { RpBrowser } from '../../tests/helpers/rp-browser';
import { out } from '../output';
import { benchBrokerAuth } from '../broker-auth';

const num = (name: string, fallback: number) => Number(process.env[name] ?? fallback);
const ROUNDS = num('TELEMETRY_BENCH_ROUNDS', 5);
const READS = num('TELEMETRY_BENCH_READS', 20_000);
const CALLBACKS = num('TELEMETRY_BENCH_CALLBACKS', 20);

const dropSpans: SpanExporter = { export: (_spans, done) => done({ code: 0 }), shutdown: () => Promise.resolve() };
const dropMetrics: PushMetricExporter = { export: (_m, done) => done({ code: 0 }), forceFlush: () => Promise.resolve(), shutdown: () => Promise.resolve() };

/** Registers the SDK; resolves with its removal. */
function telemetryOn(): () => Promise<void> {
  const tracerProvider = new NodeTracerProvider({ spanProcessors: [new BatchSpanProcessor(dropSpans)] });
  tracerProvider.register();
  const meterProvider = new MeterProvider({ readers: [new PeriodicExportingMetricReader({ exporter: dropMetrics, exportIntervalMillis: 60_000 })] });
  metrics.setGlobalMeterProvider(meterProvider);
  return async () => {
    await Promise.all([tracerProvider.shutdown(), meterProvider.shutdown()]);
    trace.disable();
    metrics.disable();
    context.disable();
    propagation.disable();
  };
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

async function reads(auth: NetIdAuth, cookie: string): Promise<number> {
  const store = requestCookies(cookie);
  const started = performance.now();
  for (let i = 0; i < READS; i++) await auth.getSession(store);
  return ((performance.now() - started) * 1000) / READS;
}

async function callbacks(auth: NetIdAuth, appUrl: string): Promise<number> {
  const times: number[] = [];
  for (let i = 0; i < CALLBACKS; i++) {
    const b = new RpBrowser(auth, appUrl);
    const callback = await signInAtBroker((await b.startLogin('?flow=login-permission')).href);
    const started = performance.now();
    const res = await b.deliver(callback);
    times.push(performance.now() - started);
    if (res.headers.get('location') !== '/') throw new Error(`callback answered ${res.status} ${res.headers.get('location')}`);
  }
  return median(times);
}

export default async function run(): Promise<void> {
  if (!(await otelApiLoaded)) throw new Error('@opentelemetry/api is not installed');
  const { broker, auth, appUrl } = await benchBrokerAuth();
  try {
    const b = new RpBrowser(auth, appUrl);
    await b.signIn('?flow=login-permission');
    const cookie = b.jar.header();
    await callbacks(auth, appUrl); // warm-up: discovery, keys, JIT
    const results = { off: { read: [] as number[], callback: [] as number[] }, on: { read: [] as number[], callback: [] as number[] } };
    for (let round = 0; round < ROUNDS; round++) {
      for (const mode of round % 2 === 0 ? (['off', 'on'] as const) : (['on', 'off'] as const)) {
        const off = mode === 'on' ? telemetryOn() : undefined;
        try {
          results[mode].read.push(await reads(auth, cookie));
          results[mode].callback.push(await callbacks(auth, appUrl));
        } finally {
          await off?.();
        }
      }
    }
    out('telemetry_session_read_us_off', median(results.off.read).toFixed(2));
    out('telemetry_session_read_us_on', median(results.on.read).toFixed(2));
    out('telemetry_callback_ms_off', median(results.off.callback).toFixed(2));
    out('telemetry_callback_ms_on', median(results.on.callback).toFixed(2));
    out('telemetry_rounds', `${ROUNDS} x (${READS} reads, ${CALLBACKS} callbacks) per mode, interleaved`);
  } finally {
    await broker.close();
  }
}

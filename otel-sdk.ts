/**
 * The OpenTelemetry Node SDK for the reference app (instrumentation.ts) and the Express example
 * (scripts/express.ts), configured from the standard `OTEL_*` variables: it is registered when
 * `OTEL_EXPORTER_OTLP_ENDPOINT` (or `OTEL_EXPORTER_OTLP_TRACES_ENDPOINT`) is set, exporting traces
 * and metrics over OTLP/HTTP (`OTEL_EXPORTER_OTLP_PROTOCOL`: `http/protobuf`, the default, or
 * `http/json`), or when `OTEL_TRACES_EXPORTER=console` asks for spans on the console
 * (`OTEL_TRACES_EXPORTER=console npm run dev`). Otherwise nothing is loaded or registered, and the
 * package's spans and metrics cost an `undefined` check. `OTEL_SDK_DISABLED=true` turns it off.
 *
 * One thing is added to the SDK's defaults: URL queries are cut from every span's attributes before
 * export. Next.js records `http.target` with the query on its own request spans, and the callback's
 * query holds the authorization code and state (the package's own spans never record a URL).
 */
import type { Span, SpanExporter, SpanProcessor } from '@opentelemetry/sdk-trace-base';

type Env = Record<string, string | undefined>;

const hasEndpoint = (env: Env) => (env.OTEL_EXPORTER_OTLP_ENDPOINT ?? env.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT ?? '').trim() !== '';
const listOf = (value: string | undefined) => (value ?? '').split(',').map((v) => v.trim()).filter(Boolean);

/** Whether the environment asks for telemetry. */
export function telemetryWanted(env: Env = process.env): boolean {
  if (env.OTEL_SDK_DISABLED?.trim().toLowerCase() === 'true') return false;
  return hasEndpoint(env) || listOf(env.OTEL_TRACES_EXPORTER).includes('console');
}

/** Span attributes that can hold a URL (old and current semantic conventions). */
const URL_ATTRIBUTES = ['http.target', 'http.url', 'url.full', 'url.query'];

/** Cuts the query from URL attributes while the span can still change (`onEnding`), before any exporter sees it. */
export const stripUrlQueries: SpanProcessor = {
  onStart: () => {},
  onEnding(span: Span) {
    for (const key of URL_ATTRIBUTES) {
      const value = span.attributes[key];
      if (typeof value !== 'string') continue;
      if (key === 'url.query') span.setAttribute(key, '');
      else if (value.includes('?')) span.setAttribute(key, value.slice(0, value.indexOf('?')));
    }
  },
  onEnd: () => {},
  forceFlush: () => Promise.resolve(),
  shutdown: () => Promise.resolve(),
};

async function traceExporters(env: Env): Promise<SpanExporter[]> {
  const wanted = listOf(env.OTEL_TRACES_EXPORTER);
  const exporters: SpanExporter[] = [];
  if (wanted.includes('console')) {
    const { ConsoleSpanExporter } = await import('@opentelemetry/sdk-trace-base');
    exporters.push(new ConsoleSpanExporter());
  }
  if (hasEndpoint(env) && (wanted.length === 0 || wanted.includes('otlp'))) {
    const protocol = (env.OTEL_EXPORTER_OTLP_TRACES_PROTOCOL ?? env.OTEL_EXPORTER_OTLP_PROTOCOL ?? 'http/protobuf').trim();
    const { OTLPTraceExporter } = protocol === 'http/json' ? await import('@opentelemetry/exporter-trace-otlp-http') : await import('@opentelemetry/exporter-trace-otlp-proto');
    exporters.push(new OTLPTraceExporter());
  }
  return exporters;
}

/** Starts the SDK when {@link telemetryWanted}; resolves with its shutdown (flushes what is buffered), or `undefined`. */
export async function startTelemetry(env: Env = process.env): Promise<(() => Promise<void>) | undefined> {
  if (!telemetryWanted(env)) return undefined;
  // Console spans without a collector: no metrics to a default endpoint that is not there. No logs either way.
  if (!hasEndpoint(env)) env.OTEL_METRICS_EXPORTER ??= 'none';
  env.OTEL_LOGS_EXPORTER ??= 'none';
  const [{ NodeSDK }, { BatchSpanProcessor, SimpleSpanProcessor }, exporters] = await Promise.all([
    import('@opentelemetry/sdk-node'),
    import('@opentelemetry/sdk-trace-base'),
    traceExporters(env),
  ]);
  const spanProcessors = [
    stripUrlQueries,
    // The console prints each span as it ends; a collector gets batches (OTEL_BSP_* apply).
    ...exporters.map((e) => (e.constructor.name === 'ConsoleSpanExporter' ? new SimpleSpanProcessor(e) : new BatchSpanProcessor(e))),
  ];
  const sdk = new NodeSDK({ spanProcessors });
  sdk.start();
  console.info(`[otel] OpenTelemetry SDK registered (${hasEndpoint(env) ? `OTLP ${env.OTEL_EXPORTER_OTLP_PROTOCOL ?? 'http/protobuf'}` : 'console'})`);
  return () => sdk.shutdown();
}

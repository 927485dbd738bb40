import type { Span } from '@opentelemetry/api';
import { otelApi } from './otel-api';
import { SCOPE } from './spans';
import { errorType, redact } from './redaction';

/** A token exchange in progress: its first answer ends the exchange span and starts the validation span. */
interface ExchangePhase {
  validation: Span | undefined;
  responded(): void;
}

const PHASE = Symbol.for('netid-rp.telemetry.exchange-phase');

/**
 * Traces a code exchange as two children of the active span: `netid.token_exchange` until the
 * token endpoint answers (its HTTP span nests under it), then `netid.id_token.validate` until `fn`
 * settles (the answer's checks: the ID token's signature with the provider's keys, whose fetch
 * nests under it when they are not cached yet, and its claims).
 */
export function traceTokenExchange<T>(fn: () => Promise<T>): Promise<T> {
  const api = otelApi();
  if (!api) return fn();
  const tracer = api.trace.getTracer(SCOPE);
  const parent = api.context.active();
  const exchange = tracer.startSpan('netid.token_exchange', {}, parent);
  let exchangeEnded = false;
  const phase: ExchangePhase = {
    validation: undefined,
    responded() {
      if (exchangeEnded) return;
      exchangeEnded = true;
      exchange.end();
      this.validation = tracer.startSpan('netid.id_token.validate', {}, parent);
    },
  };
  const ctx = api.trace.setSpan(parent, exchange).setValue(PHASE, phase);
  return api.context.with(ctx, fn).then(
    (result) => {
      if (!exchangeEnded) exchange.end();
      phase.validation?.end();
      return result;
    },
    (err: unknown) => {
      const failed = phase.validation ?? exchange;
      const code = errorType(err);
      failed.setAttributes(redact({ 'error.type': code }));
      failed.setStatus({ code: api.SpanStatusCode.ERROR, message: code });
      if (!exchangeEnded) exchange.end();
      phase.validation?.end();
      throw err;
    },
  );
}

function hostAndPort(url: URL): { address: string; port: number } {
  const port = url.port ? Number(url.port) : url.protocol === 'https:' ? 443 : 80;
  return { address: url.hostname, port };
}

/** Header setter of {@link traceHttp}: how to add `traceparent` (and `tracestate`) to this call's headers. */
export type HeaderSetter = (name: string, value: string) => void;

/**
 * Runs one outbound HTTP call inside a client span `HTTP <METHOD>` (host, port, method, status:
 * never the path or query). With `propagate`, W3C trace context (`traceparent`) is added through
 * `setHeader` (for the Permission Center and the upstream API; the broker is not sent it).
 */
export function traceHttp<R>(method: string, url: URL, propagate: HeaderSetter | undefined, call: () => Promise<R>, statusOf: (result: R) => number): Promise<R> {
  const api = otelApi();
  if (!api) return call();
  const active = api.context.active();
  const phase = active.getValue(PHASE) as ExchangePhase | undefined;
  const parent = phase?.validation ? api.trace.setSpan(active, phase.validation) : active;
  const { address, port } = hostAndPort(url);
  const span = api.trace.getTracer(SCOPE).startSpan(
    `HTTP ${method}`,
    { kind: api.SpanKind.CLIENT, attributes: redact({ 'http.request.method': method, 'server.address': address, 'server.port': port }) },
    parent,
  );
  const ctx = api.trace.setSpan(parent, span);
  if (propagate) api.propagation.inject(ctx, undefined, { set: (_carrier, key, value) => propagate(key, value) });
  return api.context.with(ctx, call).then(
    (result) => {
      const status = statusOf(result);
      span.setAttributes(redact({ 'http.response.status_code': status }));
      if (status >= 500) {
        span.setAttributes(redact({ 'error.type': String(status) }));
        span.setStatus({ code: api.SpanStatusCode.ERROR });
      }
      span.end();
      if (phase && !phase.validation) phase.responded();
      return result;
    },
    (err: unknown) => {
      const code = errorType(err);
      span.setAttributes(redact({ 'error.type': code }));
      span.setStatus({ code: api.SpanStatusCode.ERROR, message: code });
      span.end();
      throw err;
    },
  );
}

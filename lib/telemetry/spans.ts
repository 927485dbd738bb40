import type { Span } from '@opentelemetry/api';
import { otelApi, type OtelApi } from './otel-api';
import { errorType, redact, type Attributes } from './redaction';

/** The instrumentation scope of every span and metric of the package. */
export const SCOPE = 'netid-rp';

/** What a traced function can do to its span. */
export interface SpanScope {
  /** Adds attributes (redacted). */
  set(attributes: Attributes): void;
  /** Marks the span failed with a stable code (`error.type`); the message is never recorded. */
  fail(code: string): void;
  /** The attributes set so far (for the metrics recorded when the span ends). */
  readonly attributes: Attributes;
}

function scopeOf(span: Span | undefined, api: OtelApi | undefined): SpanScope {
  const attributes: Attributes = {};
  return {
    attributes,
    set(more) {
      Object.assign(attributes, more);
      span?.setAttributes(redact(more));
    },
    fail(code) {
      attributes['error.type'] = code;
      span?.setAttributes(redact({ 'error.type': code }));
      if (api) span?.setStatus({ code: api.SpanStatusCode.ERROR, message: redact({ 'error.type': code })['error.type'] as string | undefined });
    },
  };
}

const scopes = new WeakMap<Span, SpanScope>();

/**
 * Runs `fn` inside a span `name` (a child of the active span), ending it when `fn` settles; a
 * rejection marks it failed with its stable code ({@link errorType}) and is rethrown. Without
 * the API it runs `fn` with a scope that only keeps the attributes.
 */
export function withSpan<T>(name: string, attributes: Attributes, fn: (scope: SpanScope) => Promise<T>, kind: 'internal' | 'client' = 'internal'): Promise<T> {
  const api = otelApi();
  if (!api) {
    const scope = scopeOf(undefined, undefined);
    scope.set(attributes);
    return fn(scope);
  }
  const tracer = api.trace.getTracer(SCOPE);
  const spanKind = kind === 'client' ? api.SpanKind.CLIENT : api.SpanKind.INTERNAL;
  return tracer.startActiveSpan(name, { kind: spanKind, attributes: redact(attributes) }, async (span) => {
    const scope = scopeOf(span, api);
    Object.assign(scope.attributes, attributes);
    scopes.set(span, scope);
    try {
      return await fn(scope);
    } catch (err) {
      if (scope.attributes['error.type'] === undefined) scope.fail(errorType(err));
      throw err;
    } finally {
      span.end();
    }
  });
}

/** Adds attributes to the active span of the package (a handler names its flow once it knows it). */
export function annotate(attributes: Attributes): void {
  const span = otelApi()?.trace.getActiveSpan();
  const scope = span && scopes.get(span);
  if (scope) scope.set(attributes);
  else span?.setAttributes(redact(attributes));
}

/** Marks the active span of the package failed with a stable code (a handler that answers an error instead of throwing). */
export function failActive(code: string): void {
  const span = otelApi()?.trace.getActiveSpan();
  if (span) (scopes.get(span) ?? scopeOf(span, otelApi())).fail(code);
}

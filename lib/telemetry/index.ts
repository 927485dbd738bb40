/**
 * OpenTelemetry spans and metrics through `@opentelemetry/api` only (an optional peer: without it,
 * or without an SDK registered, nothing is recorded). Span and metric names are listed in
 * {@link SPANS} and {@link METRICS}, attributes and their redaction in {@link ATTRIBUTES}
 * (docs/telemetry.md).
 *
 * @module
 */
export { otelApiLoaded, tracing } from './otel-api';
export { ATTRIBUTES, redact, errorType, type Attributes, type AttributeKey } from './redaction';
export { METRICS, metricsRecording, type MetricName } from './metrics';
export { SCOPE, annotate, failActive, withSpan, type SpanScope } from './spans';
export { traceHttp, traceTokenExchange, type HeaderSetter } from './http-span';
export { SPANS, traceSignIn, traceRefresh, sessionsEnded, traceOperation, tracePermissionCenter, traceM2MToken, timeStoreCall } from './operations';

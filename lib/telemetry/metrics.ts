import type { Counter, Histogram, MeterProvider } from '@opentelemetry/api';
import { otelApi } from './otel-api';
import { SCOPE } from './spans';
import { redact, type Attributes } from './redaction';

/** Every metric of the package: name → [kind, unit, description]. */
export const METRICS = {
  'netid.sign_in.started': ['counter', '{sign_in}', 'Sign-ins sent to the provider, by netid.flow'],
  'netid.sign_in.completed': ['counter', '{sign_in}', 'Sign-ins that ended in a session, by netid.flow'],
  'netid.sign_in.failed': ['counter', '{sign_in}', 'Sign-ins that failed at the start or the callback, by netid.flow and error.type'],
  'netid.session.ended': ['counter', '{session}', 'Sessions ended, by netid.session.end_reason'],
  'netid.refresh': ['counter', '{refresh}', 'Token renewals asked for, by netid.outcome, netid.refresh.joined (single-flight joins) and error.type'],
  'netid.permission_center.calls': ['counter', '{call}', 'Permission Center calls, by netid.permission_center.operation, http.response.status_code and error.type'],
  'netid.m2m.token_requests': ['counter', '{request}', 'M2M token requests sent to a token endpoint, by netid.outcome and error.type'],
  'netid.m2m.cache_hits': ['counter', '{hit}', 'M2M tokens answered from the cache'],
  'netid.session_store.duration': ['histogram', 's', 'Server-side session store operations, by netid.session_store.operation and netid.outcome'],
  'netid.session_store.errors': ['counter', '{error}', 'Session store operations that failed, by netid.session_store.operation'],
} as const;

export type MetricName = keyof typeof METRICS;

let instruments: { provider: MeterProvider; byName: Map<MetricName, Counter | Histogram> } | undefined;

/** The API's own provider when no SDK is registered (its class is not exported, hence the name). */
const isNoop = (provider: MeterProvider) => provider.constructor.name === 'NoopMeterProvider';

/** Whether metrics are recorded at all: the API is loaded and an SDK registered a meter provider. */
export function metricsRecording(): boolean {
  const api = otelApi();
  return api !== undefined && !isNoop(api.metrics.getMeterProvider());
}

/** The instrument `name` of the current global meter provider (re-created when an SDK registers later); none without an SDK. */
function instrument(name: MetricName): Counter | Histogram | undefined {
  const api = otelApi();
  if (!api) return undefined;
  const provider = api.metrics.getMeterProvider();
  if (isNoop(provider)) return undefined;
  if (instruments?.provider !== provider) instruments = { provider, byName: new Map() };
  let found = instruments.byName.get(name);
  if (!found) {
    const [kind, unit, description] = METRICS[name];
    const meter = provider.getMeter(SCOPE);
    found = kind === 'counter' ? meter.createCounter(name, { unit, description }) : meter.createHistogram(name, { unit, description });
    instruments.byName.set(name, found);
  }
  return found;
}

/** Adds `value` (default 1) to the counter `name`. */
export function count(name: MetricName, attributes: Attributes = {}, value = 1): void {
  const counter = instrument(name) as Counter | undefined;
  if (counter) counter.add(value, redact(attributes));
}

/** Records `value` in the histogram `name`. */
export function record(name: MetricName, value: number, attributes: Attributes = {}): void {
  const histogram = instrument(name) as Histogram | undefined;
  if (histogram) histogram.record(value, redact(attributes));
}

import type { NetIdAuth } from '../auth';
import { jsonText } from '../http';
import { checkProvider } from './provider-check';

/** Options of {@link createHealthChecks}. */
export interface HealthCheckOptions {
  /** Paths the adapters serve the probes at; default `/api/health/live` and `/api/health/ready`. */
  paths?: { live?: string; ready?: string };
  /** The readiness answer is reused for this long (ms), so a probe storm never reaches the broker; default 5000. */
  cacheMs?: number;
  /** The whole readiness check ends by then (ms), answered 503 if unfinished; default 3000. */
  timeoutMs?: number;
  /** A provider check that passed counts for this long (ms) before the provider is asked again; default 300000 (5 min). */
  providerMaxAgeMs?: number;
  /** More checks of your own (e.g. a custom session store), by name; a rejection makes the instance unready. */
  checks?: Readonly<Record<string, () => Promise<unknown>>>;
}

/** A probe's status and JSON text (the same for every caller: nothing of the configuration is in it). */
export interface HealthAnswer {
  status: 200 | 503;
  body: { status: 'ok' } | { status: 'unavailable'; error: 'not_ready'; message: string };
}

/** Liveness and readiness of one relying party instance, for load balancers and orchestrators. */
export interface HealthChecks {
  /** The resolved probe paths. */
  readonly paths: { live: string; ready: string };
  /** Liveness: always 200; never calls out, never reads the configuration. */
  live(): HealthAnswer;
  /** Readiness: 200 when this instance can serve, 503 otherwise; bounded by `timeoutMs`, cached for `cacheMs`. */
  ready(): Promise<HealthAnswer>;
  /** {@link HealthChecks.live} as a Fetch `Response`. */
  liveResponse(): Response;
  /** {@link HealthChecks.ready} as a Fetch `Response` (a 503 carries `Retry-After`). */
  readyResponse(): Promise<Response>;
}

const LIVE: HealthAnswer = Object.freeze({ status: 200, body: Object.freeze({ status: 'ok' as const }) });
const READY: HealthAnswer = LIVE;
const NOT_READY: HealthAnswer = Object.freeze({
  status: 503,
  body: Object.freeze({ status: 'unavailable' as const, error: 'not_ready' as const, message: 'This instance cannot serve requests right now.' }),
});

/** Rejects with `timeout` once `ms` have passed (the timer never holds the process open). */
function within<T>(work: Promise<T>, ms: number): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const bound = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error('timeout')), ms);
    timer.unref?.();
  });
  return Promise.race([work, bound]).finally(() => clearTimeout(timer));
}

/** The failure's log-safe name: an error code, or the class name (never its message). */
/**
 * An error's class name only when it reads as one: a bundler minifies class names, and a `name`
 * taken from `this.constructor.name` (ioredis' errors) then logs as `i`, which says nothing.
 */
const ERROR_CLASS_NAME = /^[A-Z][A-Za-z0-9]*Error$/;

function codeOf(err: unknown): string {
  const code = (err as { code?: unknown } | null)?.code;
  if (typeof code === 'string') return code;
  if (!(err instanceof Error)) return 'unknown';
  if (err.message === 'timeout') return 'timeout';
  return ERROR_CLASS_NAME.test(err.name) ? err.name : 'error';
}

/**
 * Health probes for `auth`. Liveness never calls out. Readiness checks what this instance needs
 * to serve: a valid configuration, the provider's discovery document and keys (a pass is reused
 * for `providerMaxAgeMs`), Redis answering when `redisUrl` is configured, and your own `checks`.
 * The answer is shared by concurrent probes and reused for `cacheMs`; the body never names a
 * check, a host or a setting (failures go to `auth.log` as `health_check_failed` by check and code).
 *
 * @example
 * ```ts
 * import { createHealthChecks, createNetIdAuth } from 'netid-rp';
 * const health = createHealthChecks(createNetIdAuth());
 * export const GET = () => health.readyResponse(); // app/api/health/ready/route.ts
 * ```
 */
export function createHealthChecks(auth: NetIdAuth, options: HealthCheckOptions = {}): HealthChecks {
  const cacheMs = options.cacheMs ?? 5000;
  const timeoutMs = options.timeoutMs ?? 3000;
  const providerMaxAgeMs = options.providerMaxAgeMs ?? 300_000;
  const paths = { live: options.paths?.live ?? '/api/health/live', ready: options.paths?.ready ?? '/api/health/ready' };
  let providerOkAt = -Infinity;
  let cached: { answer: Promise<HealthAnswer>; at: number } | undefined;

  const run = async (name: string, check: () => Promise<unknown>): Promise<boolean> => {
    try {
      await within(check(), timeoutMs);
      return true;
    } catch (err) {
      auth.log('health_check_failed', { check: name, code: codeOf(err) });
      return false;
    }
  };

  const evaluate = async (): Promise<HealthAnswer> => {
    let config;
    try {
      config = auth.config();
    } catch (err) {
      auth.log('health_check_failed', { check: 'config', code: codeOf(err) });
      return NOT_READY;
    }
    const { issuer, redisUrl, redis, httpTimeoutMs } = config;
    const checks: Promise<boolean>[] = [];
    if (performance.now() - providerOkAt > providerMaxAgeMs) {
      checks.push(
        run('provider', () => checkProvider(issuer, Math.min(httpTimeoutMs, timeoutMs))).then((ok) => {
          if (ok) providerOkAt = performance.now();
          return ok;
        }),
      );
    }
    // The Redis wired in by netid-rp/redis (the core never loads a Redis client itself; a coordinator
    // passed in code with redisUrl is the app's own to check, through `checks`).
    if (redisUrl && redis) checks.push(run('redis', () => redis.ping(redisUrl)));
    for (const [name, check] of Object.entries(options.checks ?? {})) checks.push(run(name, check));
    return (await Promise.all(checks)).every(Boolean) ? READY : NOT_READY;
  };

  const ready = (): Promise<HealthAnswer> => {
    const now = performance.now();
    if (!cached || now - cached.at > cacheMs) cached = { answer: evaluate(), at: now };
    return cached.answer;
  };

  const toResponse = (answer: HealthAnswer) => jsonText(JSON.stringify(answer.body), answer.status);
  return {
    paths,
    live: () => LIVE,
    ready,
    liveResponse: () => toResponse(LIVE),
    readyResponse: async () => toResponse(await ready()),
  };
}

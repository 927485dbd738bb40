/**
 * `@opentelemetry/api`, when the app has it: an optional peer dependency, loaded once at start
 * through a dynamic `import()` that bundlers leave alone (webpack, Turbopack and Vite are told to
 * ignore it), so an app without it builds and runs, and the package's telemetry is then nothing
 * but a `undefined` check. With the API but no SDK registered, the API's own no-op tracer and
 * meter answer, as OpenTelemetry intends for libraries.
 *
 * @module
 */
export type OtelApi = typeof import('@opentelemetry/api');

const SPECIFIER = '@opentelemetry/api';
let api: OtelApi | undefined;

/** Settles once the API has been looked for (tests await it; requests never do). */
export const otelApiLoaded: Promise<OtelApi | undefined> = import(/* webpackIgnore: true */ /* turbopackIgnore: true */ /* @vite-ignore */ SPECIFIER).then(
  (m: OtelApi & { default?: OtelApi }) => (api = typeof m.trace === 'object' ? m : m.default),
  () => undefined,
);

/** The API, or `undefined` while it is not (or cannot be) loaded. */
export function otelApi(): OtelApi | undefined {
  return api;
}

/** Whether spans and metrics can be recorded at all (the API is loaded); when false, skip their bookkeeping. */
export function tracing(): boolean {
  return api !== undefined;
}

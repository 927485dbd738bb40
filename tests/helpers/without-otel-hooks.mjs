// Module resolution hooks that make `@opentelemetry/api` look uninstalled (tests/unit/telemetry-absent.test.ts).
export async function resolve(specifier, context, next) {
  if (specifier === '@opentelemetry/api') throw Object.assign(new Error(`Cannot find package '${specifier}'`), { code: 'ERR_MODULE_NOT_FOUND' });
  return next(specifier, context);
}

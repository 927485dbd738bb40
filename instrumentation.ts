/**
 * Next.js instrumentation hook: registers the OpenTelemetry Node SDK when the standard `OTEL_*`
 * variables ask for it (see otel-sdk.ts and docs/telemetry.md); otherwise loads nothing.
 */
export async function register(): Promise<void> {
  if (process.env.NEXT_RUNTIME !== 'nodejs') return;
  const { startTelemetry } = await import('./otel-sdk');
  await startTelemetry();
}

import type { SessionStore } from '../auth';
import { timeStoreCall } from '../telemetry';

/** `store` with each operation timed and its failures counted (OpenTelemetry metrics; nothing without it). */
export function timedSessionStore(store: SessionStore): SessionStore {
  return {
    ...store,
    load: (value, ctx) => timeStoreCall('load', () => store.load(value, ctx)),
    save: (session, ctx, previous) => timeStoreCall('save', () => store.save(session, ctx, previous)),
    destroy: (value, ctx) => timeStoreCall('destroy', () => store.destroy(value, ctx)),
    ...(store.endSessions ? { endSessions: (match, ctx) => timeStoreCall('end_sessions', () => store.endSessions!(match, ctx)) } : {}),
    ...(store.claimOnce ? { claimOnce: (id, ttl, ctx) => timeStoreCall('claim_once', () => store.claimOnce!(id, ttl, ctx)) } : {}),
  };
}

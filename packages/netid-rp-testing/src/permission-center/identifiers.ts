import { createHmac } from 'node:crypto';
import type { SubjectIdentifiers } from 'netid-rp/permission-center';

const DAY_MS = 86_400_000;

/**
 * Derives a user's identifiers the way the real service behaves (values are opaque either way):
 * a stable TPID per user, a SYNC_ID per user and partner that is independent of the TPID,
 * and an ETPID ("encrypted TPID") whose key changes every 24 hours.
 */
export class IdentifierDeriver {
  readonly #secret: string;

  constructor(secret: string) {
    this.#secret = secret;
  }

  #mac(...parts: string[]): string {
    return createHmac('sha256', this.#secret).update(parts.join('\0')).digest('base64url');
  }

  /** The netID identifier of `sub`: the same for every partner. */
  tpid(sub: string): string {
    return this.#mac('tpid', sub);
  }

  /** The partner-specific Sync-ID of `sub` at `clientId`. */
  syncId(sub: string, clientId: string): string {
    return this.#mac('sync', clientId, sub).slice(0, 32);
  }

  /** The ETPID of `sub`, stable within one UTC day. */
  etpid(sub: string, now = Date.now()): string {
    return `etpid.${this.#mac('etpid', String(Math.floor(now / DAY_MS)), this.tpid(sub))}`;
  }

  /** All three, unconditionally (the services decide what to release). */
  all(sub: string, clientId: string): SubjectIdentifiers {
    return { tpid: this.tpid(sub), sync_id: this.syncId(sub, clientId), etpid: this.etpid(sub) };
  }
}

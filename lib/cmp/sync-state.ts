import type { IdConsent } from './tcf-api';

/** The storage the bridge keeps its state in: `localStorage` or anything shaped like it. */
export type ConsentSyncStorage = Pick<Storage, 'getItem' | 'setItem' | 'removeItem'>;

/** A choice not yet at the Permission Center. */
export interface PendingChoice {
  /** The TC string of the choice (absent when only ID consent changed). */
  tc?: string;
  /** When the user chose (epoch ms): the tie-breaker for two choices of one day. */
  at: number;
  idc?: IdConsent;
}

/**
 * What the bridge stores first-party (one JSON item): no token, nothing of the session but a
 * short hash of the page's `sessionKey`. Bounded: a TC string of more than 8192 characters is never kept.
 */
export interface SyncState {
  /** The TC string the Permission Center holds, as last seen ('' = nothing). */
  synced?: string;
  /** When the Permission Center was last read (epoch ms). */
  readAt?: number;
  /** ID consent as last seen at the Permission Center. */
  idc?: IdConsent;
  /** Hash of the `sessionKey` the read belongs to. */
  key?: string;
  pending?: PendingChoice;
}

/** Longest TC string kept (as the server accepts). */
export const MAX_TC = 8192;

const str = (v: unknown, max = MAX_TC): v is string => typeof v === 'string' && v.length <= max;
const num = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);
const idc = (v: unknown): v is IdConsent => v === 'VALID' || v === 'INVALID';

/** Keeps only well-formed fields of what was stored (a tampered or old item reads as less, never as an error). */
function clean(raw: unknown): SyncState {
  const s: SyncState = {};
  if (!raw || typeof raw !== 'object') return s;
  const r = raw as Record<string, unknown>;
  if (str(r.synced)) s.synced = r.synced;
  if (num(r.readAt)) s.readAt = r.readAt;
  if (idc(r.idc)) s.idc = r.idc;
  if (str(r.key, 16)) s.key = r.key;
  const p = r.pending as Record<string, unknown> | undefined;
  if (p && typeof p === 'object' && num(p.at) && (str(p.tc) || idc(p.idc))) {
    s.pending = { at: p.at };
    if (str(p.tc)) s.pending.tc = p.tc;
    if (idc(p.idc)) s.pending.idc = p.idc;
  }
  return s;
}

/** Reads and writes {@link SyncState} under `key`; a storage that throws (blocked, full) is ignored. */
export function stateStore(storage: ConsentSyncStorage | null, key: string) {
  return {
    load(): SyncState {
      try {
        const text = storage?.getItem(key);
        return text && text.length <= 4 * MAX_TC ? clean(JSON.parse(text)) : {};
      } catch {
        return {};
      }
    },
    save(state: SyncState): void {
      try {
        storage?.setItem(key, JSON.stringify(state));
      } catch {
        // Memory only: the choice is still sent while the page lives.
      }
    },
    clear(): void {
      try {
        storage?.removeItem(key);
      } catch {
        // Nothing stored, or nothing we may touch.
      }
    },
  };
}

/** A short FNV-1a hash: the session key is compared, never kept as it is. */
export function shortHash(text: string): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193);
  return (h >>> 0).toString(36);
}

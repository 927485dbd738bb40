/**
 * Write-if-newer for TC strings: which of the stored and the incoming TC string wins, decided by
 * the strings' own `lastUpdated` (decoded with `@iabtcf/core`), so a stale device cannot
 * overwrite a newer choice.
 *
 * @module
 */
import type { NetIdPrivacySettings } from './schemas';
import { checkTcString } from './tc-string';

/** What `/api/permissions/tcf` tells the browser about the TC string stored at the Permission Center. */
export interface StoredTcString {
  /** The stored TC string (decoded successfully). */
  tc_string: string;
  /** Its own `lastUpdated`, ISO 8601 (TCF v2.2 CMPs round it to the day). */
  last_updated: string;
  /** When the Permission Center stored it, as it says. */
  changed_at: string;
}

/** Outcome of {@link decideTcWrite}. */
export type TcWriteDecision =
  /** No stored TC string, or the incoming one is newer: write it. */
  | { write: true }
  /** The stored one is the same string: nothing to write. */
  | { write: false; result: 'unchanged' }
  /** The stored one is newer (or as new, and the incoming is no later user action): keep it. */
  | { write: false; result: 'stored_is_newer' };

/** The stored TC string, or `null` when none is stored or what is stored does not decode (a foreign writer's garbage). */
export function storedTcString(settings: NetIdPrivacySettings): StoredTcString | null {
  const stored = settings.iab_tcstring;
  if (!stored) return null;
  const check = checkTcString(stored.value);
  if (!check.ok) return null;
  return { tc_string: stored.value, last_updated: check.lastUpdated.toISOString(), changed_at: stored.changed_at };
}

/**
 * Decides whether `incoming` (already validated, `lastUpdated` decoded) may replace `stored`.
 * The later `lastUpdated` wins. TCF v2.2 CMPs round `lastUpdated` to the day, so two choices of
 * one day tie: then the incoming string wins only when it carries `decidedAt` (the moment of the
 * user's action, on this server's clock) later than the moment the Permission Center stored the
 * current one; a page load that merely holds an older copy sends no `decidedAt` and loses.
 */
export function decideTcWrite(
  stored: StoredTcString | null,
  incoming: { tcString: string; lastUpdated: Date; decidedAt?: number },
): TcWriteDecision {
  if (!stored) return { write: true };
  if (stored.tc_string === incoming.tcString) return { write: false, result: 'unchanged' };
  const storedAt = Date.parse(stored.last_updated);
  const incomingAt = incoming.lastUpdated.getTime();
  if (incomingAt > storedAt) return { write: true };
  if (incomingAt < storedAt) return { write: false, result: 'stored_is_newer' };
  const changedAt = Date.parse(stored.changed_at);
  if (incoming.decidedAt !== undefined && (Number.isNaN(changedAt) || incoming.decidedAt > changedAt)) return { write: true };
  return { write: false, result: 'stored_is_newer' };
}

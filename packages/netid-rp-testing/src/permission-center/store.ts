import type { IdConsentStatus, PermissionsWrite, SubjectIdentifiers, SubjectIdentifier } from 'netid-rp/permission-center';
import type { IdentifierDeriver } from './identifiers';
import type { StoredPrivacyStatus } from './types';

/** One change in the audit log that the export service serves. */
export interface AuditEntry {
  sub: string;
  clientId: string;
  type: 'IDCONSENT' | 'IAB_TC_STRING';
  status?: IdConsentStatus;
  value?: string;
  changed_at: string;
}

const key = (sub: string, clientId: string) => `${clientId}\0${sub}`;

/**
 * In-memory privacy status per user (`sub`) and partner (`client_id`), for the life of the
 * process, plus an append-only audit log of changes. `changed_at` moves only when a value changes.
 */
export class PermissionStore {
  readonly #statuses = new Map<string, StoredPrivacyStatus>();
  /** Audit log, oldest first. */
  readonly audit: AuditEntry[] = [];

  constructor(readonly ids: IdentifierDeriver) {}

  /** The stored status, if the user ever wrote one at this partner. */
  get(sub: string, clientId: string): StoredPrivacyStatus | undefined {
    return this.#statuses.get(key(sub, clientId));
  }

  /** Applies a validated write and logs what changed. */
  write(sub: string, clientId: string, body: PermissionsWrite, now = new Date()): StoredPrivacyStatus {
    const changedAt = now.toISOString();
    const current = this.#statuses.get(key(sub, clientId)) ?? {};
    const next: StoredPrivacyStatus = { ...current };
    if (body.idconsent !== undefined && current.idconsent?.status !== body.idconsent) {
      next.idconsent = { status: body.idconsent, changed_at: changedAt };
      this.audit.push({ sub, clientId, type: 'IDCONSENT', status: body.idconsent, changed_at: changedAt });
    }
    if (body.iab_tc_string !== undefined && current.iab_tcstring?.value !== body.iab_tc_string) {
      next.iab_tcstring = { value: body.iab_tc_string, changed_at: changedAt };
      this.audit.push({ sub, clientId, type: 'IAB_TC_STRING', value: body.iab_tc_string, changed_at: changedAt });
    }
    this.#statuses.set(key(sub, clientId), next);
    return next;
  }

  /**
   * The identifiers released for a user, per the docs: only those requested; `sync_id` only when
   * a privacy status exists; `tpid` and `etpid` only with ID consent `VALID`; otherwise `null`.
   */
  released(sub: string, clientId: string, requested: ReadonlySet<SubjectIdentifier>): SubjectIdentifiers {
    const status = this.get(sub, clientId);
    const valid = status?.idconsent?.status === 'VALID';
    return {
      tpid: requested.has('TPID') && valid ? this.ids.tpid(sub) : null,
      sync_id: requested.has('SYNC_ID') && status ? this.ids.syncId(sub, clientId) : null,
      etpid: requested.has('ETPID') && valid ? this.ids.etpid(sub) : null,
    };
  }

  /** Forgets everything. */
  clear(): void {
    this.#statuses.clear();
    this.audit.length = 0;
  }
}

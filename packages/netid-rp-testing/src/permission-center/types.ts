/**
 * Public types of the embedded Permission Center simulator.
 *
 * @module
 */
import type { IdConsentStatus, SubjectIdentifiers, PermissionCenterStatusCode } from 'netid-rp/permission-center';

/** The three services, each on its own loopback port (like netID's three hosts). */
export type PermissionCenterService = 'read' | 'write' | 'export';

/**
 * A canned failure, for tests:
 * - `server_error`: 500 with a JSON body that has no `status_code`.
 * - `html`: 502 with an HTML error page (a proxy in the way).
 * - `html_ok`: 200 with an HTML page (a captive portal or maintenance page).
 * - `wrong_content_type`: the normal answer labelled `application/json`.
 * - `malformed_body`: the success status and media type with a body that breaks the schema.
 * - `unknown_status_code`: 400 with `{"status_code":"SOMETHING_NEW"}`.
 * - `drop_connection`: the socket is destroyed without an answer.
 * - `{ status_code }`: that documented code with its documented HTTP status (e.g. `TOKEN_ERROR` → 400).
 */
export type PermissionCenterFault =
  | 'server_error'
  | 'html'
  | 'html_ok'
  | 'wrong_content_type'
  | 'malformed_body'
  | 'unknown_status_code'
  | 'drop_connection'
  | { status_code: PermissionCenterStatusCode };

/** Live fault switches; mutate them in a test and call {@link PermissionCenterSimulator.resetFaults} after. */
export interface PermissionCenterFaults {
  /** Delay before every answer, in milliseconds (0 = none). */
  latencyMs: number;
  /** The fault to answer with instead of the normal answer (`null` = none). */
  fail: PermissionCenterFault | null;
  /** Services the latency and fault apply to; `null` = all. */
  services: PermissionCenterService[] | null;
  /**
   * The services are down: every connection is dropped before the request is read, so nothing is
   * stored (unlike `fail`, which answers wrongly after the work is done). Applies to `services`.
   */
  down: boolean;
}

/** HTTP Basic credentials of the export service and what they may export. */
export interface ExportCredentials {
  username: string;
  password: string;
  /** Partners (`tapp_id`) these credentials may export; `'*'` = any. Default `'*'`. */
  tappIds?: string[] | '*';
  /** CMPs (`cmp_id`) these credentials may export for; `'*'` = any. Default `'*'`. */
  cmpIds?: string[] | '*';
}

/** Options of {@link startPermissionCenterSimulator}. */
export interface PermissionCenterSimulatorOptions {
  /** Issuer of the `permission_management` tokens (the broker's, with its trailing slash). */
  issuer: string;
  /** The broker's JWKS URI, to verify token signatures. */
  jwksUri: string;
  /** Expected `aud` of the tokens; default the dev broker's `urn:netid:permission-center`. */
  audience?: string;
  /** Ports; default 0 (random) each. Every service binds 127.0.0.1. */
  ports?: Partial<Record<PermissionCenterService, number>>;
  /** Export credentials; default: random username and password, any partner. */
  exportCredentials?: ExportCredentials;
  /** Secret for deriving TPID, SYNC_ID and ETPID; default random per process. */
  secret?: string;
}

/** The stored privacy status of one user (`sub`) at one partner (`client_id`). */
export interface StoredPrivacyStatus {
  idconsent?: { status: IdConsentStatus; changed_at: string };
  iab_tcstring?: { value: string; changed_at: string };
}

/** One request as the simulator saw it (the Authorization value is never kept). */
export interface RecordedRequest {
  service: PermissionCenterService;
  method: string;
  /** Path plus query, as sent. */
  url: string;
  /** Request headers, with `authorization` reduced to its scheme. */
  headers: Record<string, string>;
  /** HTTP status answered (0 when the connection was dropped). */
  status: number;
}

/** A running simulator; see {@link startPermissionCenterSimulator}. */
export interface PermissionCenterSimulator {
  /** Base URL of the READ service (`PERMISSION_CENTER_READ_URL`). */
  readUrl: string;
  /** Base URL of the WRITE service (`PERMISSION_CENTER_WRITE_URL`). */
  writeUrl: string;
  /** Base URL of the DATA EXPORT service (`PERMISSION_CENTER_EXPORT_URL`). */
  exportUrl: string;
  /** The export service's HTTP Basic credentials. */
  exportCredentials: Required<ExportCredentials>;
  /** Live fault switches. */
  faults: PermissionCenterFaults;
  /** Turns every fault off. */
  resetFaults(): void;
  /** The last requests (at most 200), oldest first. */
  requests: RecordedRequest[];
  /** Subjects whose netID account is gone: every call with their token answers 410 `TPID_EXISTENCE_ERROR`. */
  deletedSubjects: Set<string>;
  /** Partners (`client_id`) answered with 403 `TAPP_NOT_ALLOWED`. */
  disallowedTapps: Set<string>;
  /** The stored status of a user at a partner, if any. */
  status(sub: string, clientId: string): StoredPrivacyStatus | undefined;
  /** The identifiers the simulator derives for a user at a partner (whatever the consent). */
  identifiersFor(sub: string, clientId: string): SubjectIdentifiers;
  /** Forgets every stored status and the audit log. */
  reset(): void;
  /** Closes the three servers and every open socket. */
  close(): Promise<void>;
}

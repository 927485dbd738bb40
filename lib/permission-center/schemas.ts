/**
 * zod schemas of the Permission Center's v2 wire format, and the typed results the client
 * returns. Field names are the documented ones (note `iab_tcstring` on read vs
 * `iab_tc_string` on write). Unknown extra fields are dropped, missing identifiers read as `null`.
 *
 * @module
 */
import { z } from 'zod';

/** `VALID` = ID consent given, `INVALID` = revoked. */
export type IdConsentStatus = 'VALID' | 'INVALID';

/** The identifiers of a subject; each is `null` unless requested and released. */
export interface SubjectIdentifiers {
  /** netID identifier; only with ID consent `VALID`. */
  tpid: string | null;
  /** Per-partner subject id; only when a privacy status exists for this partner. */
  sync_id: string | null;
  /** Encrypted TPID ("adtechpass", key rotates every 24 h); only with ID consent `VALID`. */
  etpid: string | null;
}

/** `netid_privacy_settings` of a read: each property is absent when never set. */
export interface NetIdPrivacySettings {
  idconsent?: { status: IdConsentStatus; changed_at: string };
  iab_tcstring?: { value: string; changed_at: string };
}

/** A successful read of `GET /netid-user-status` (both outcomes are HTTP 200). */
export type NetIdUserStatus =
  | {
      status_code: 'PERMISSIONS_FOUND';
      subject_identifiers: SubjectIdentifiers;
      netid_privacy_settings: NetIdPrivacySettings;
    }
  | {
      /** The user is authenticated but has no privacy status for this partner yet: not an error. */
      status_code: 'PERMISSIONS_NOT_FOUND';
      subject_identifiers: SubjectIdentifiers;
      netid_privacy_settings: NetIdPrivacySettings;
    };

/** The 201 answer of `POST /netid-permissions`. */
export interface WritePermissionsResult {
  subject_identifiers: SubjectIdentifiers;
}

/** Body of `POST /netid-permissions`: at least one property (`minProperties: 1`). */
export interface PermissionsWrite {
  idconsent?: IdConsentStatus;
  /** An IAB TCF v2 TC string (service-specific). Read back as `iab_tcstring`. */
  iab_tc_string?: string;
}

const id = z
  .string()
  .nullish()
  .transform((v) => v ?? null);

const subjectIdentifiers = z
  .object({ tpid: id, sync_id: id, etpid: id })
  .nullish()
  .transform((v): SubjectIdentifiers => v ?? { tpid: null, sync_id: null, etpid: null });

const changedAt = z.string().min(1);
const idConsent = z.enum(['VALID', 'INVALID']);

const privacySettings = z
  .object({
    idconsent: z.object({ status: idConsent, changed_at: changedAt }).optional(),
    iab_tcstring: z.object({ value: z.string(), changed_at: changedAt }).optional(),
  })
  .nullish()
  .transform((v): NetIdPrivacySettings => {
    const out: NetIdPrivacySettings = {};
    if (v?.idconsent) out.idconsent = v.idconsent;
    if (v?.iab_tcstring) out.iab_tcstring = v.iab_tcstring;
    return out;
  });

/** Schema of a 200 read answer. */
export const userStatusSchema: z.ZodType<NetIdUserStatus, unknown> = z.object({
  status_code: z.enum(['PERMISSIONS_FOUND', 'PERMISSIONS_NOT_FOUND']),
  subject_identifiers: subjectIdentifiers,
  netid_privacy_settings: privacySettings,
});

/** Schema of a 201 write answer. */
export const writeResultSchema: z.ZodType<WritePermissionsResult, unknown> = z.object({
  subject_identifiers: subjectIdentifiers,
});

/** Schema of an error answer: the SDKs read `status_code` (the docs give no full shape). */
export const errorBodySchema = z.looseObject({ status_code: z.string() });

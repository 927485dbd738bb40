/**
 * The READ (`GET /netid-user-status`) and WRITE (`POST /netid-permissions`) services of the
 * token-based API v2, answering exactly the documented statuses, media types and bodies.
 *
 * @module
 */
import type { IncomingMessage } from 'node:http';
import { checkTcString, type PermissionsWrite, type SubjectIdentifier } from 'netid-rp/permission-center';
import { isIdentifier, MEDIA, PATHS } from './wire';
import { accepts, hasContentType, jsonAnswer, readBody, statusCodeAnswer, textAnswer, type Answer } from './http';
import type { PermissionStore } from './store';
import type { TokenCheck, TokenSubject } from './token-verifier';

/** What the token services share. */
export interface TokenServiceContext {
  store: PermissionStore;
  verify(authorization: string | undefined): Promise<TokenCheck>;
  /** Base URL of the READ service (the write answer's `Location` points there). */
  readUrl: string;
  deletedSubjects: ReadonlySet<string>;
  disallowedTapps: ReadonlySet<string>;
}

const MAX_BODY_BYTES = 64 * 1024;

/** `q.identifier.in` (and the docs' write example's `q.identifier`) as a set of known identifiers. */
function requestedIdentifiers(url: URL): Set<SubjectIdentifier> {
  const raw = [...url.searchParams.getAll('q.identifier.in'), ...url.searchParams.getAll('q.identifier')];
  return new Set(raw.flatMap((v) => v.split(',')).map((v) => v.trim()).filter(isIdentifier));
}

/** The checks every token-based call shares; returns the subject or the error answer. */
async function gate(req: IncomingMessage, ctx: TokenServiceContext): Promise<TokenSubject | Answer> {
  // "Calls of this type are blocked from the browser environments … (no Origin header is allowed!)"
  if (req.headers.origin !== undefined) return statusCodeAnswer('TAPP_NOT_ALLOWED');
  const check = await ctx.verify(req.headers.authorization);
  if (!check.ok) return statusCodeAnswer(check.status_code);
  if (ctx.disallowedTapps.has(check.subject.clientId)) return statusCodeAnswer('TAPP_NOT_ALLOWED');
  if (ctx.deletedSubjects.has(check.subject.sub)) return statusCodeAnswer('TPID_EXISTENCE_ERROR');
  return check.subject;
}

/** `GET /netid-user-status?q.identifier.in=TPID,SYNC_ID,ETPID` */
export async function readService(req: IncomingMessage, url: URL, ctx: TokenServiceContext): Promise<Answer> {
  if (url.pathname !== PATHS.read) return textAnswer(404, 'Not Found');
  if (req.method !== 'GET') return textAnswer(405, 'Method Not Allowed', { allow: 'GET' });
  if (!accepts(req, MEDIA.userStatus)) return textAnswer(406, 'Not Acceptable');
  const subject = await gate(req, ctx);
  if ('status' in subject) return subject;
  const stored = ctx.store.get(subject.sub, subject.clientId);
  const identifiers = ctx.store.released(subject.sub, subject.clientId, requestedIdentifiers(url));
  return jsonAnswer(200, MEDIA.userStatus, {
    status_code: stored ? 'PERMISSIONS_FOUND' : 'PERMISSIONS_NOT_FOUND',
    subject_identifiers: identifiers,
    netid_privacy_settings: stored ?? {},
  });
}

/** Validates a write body in the order of the documented codes; returns the write or the error answer. */
function parseWrite(text: string): PermissionsWrite | Answer {
  if (text.trim() === '') return statusCodeAnswer('NO_REQUEST_BODY');
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    return statusCodeAnswer('JSON_PARSE_ERROR');
  }
  if (typeof body !== 'object' || body === null || Array.isArray(body)) return statusCodeAnswer('PERMISSION_PARAMETERS_ERROR');
  const record = body as Record<string, unknown>;
  if (record.idconsent === undefined && record.iab_tc_string === undefined) return statusCodeAnswer('NO_PERMISSIONS');
  if (Object.keys(record).some((k) => k !== 'idconsent' && k !== 'iab_tc_string'))
    return statusCodeAnswer('PERMISSION_PARAMETERS_ERROR');
  const write: PermissionsWrite = {};
  if (record.idconsent !== undefined) {
    if (record.idconsent !== 'VALID' && record.idconsent !== 'INVALID') return statusCodeAnswer('PERMISSION_PARAMETERS_ERROR');
    write.idconsent = record.idconsent;
  }
  if (record.iab_tc_string !== undefined) {
    if (typeof record.iab_tc_string !== 'string' || !checkTcString(record.iab_tc_string).ok)
      return statusCodeAnswer('PERMISSION_PARAMETERS_ERROR');
    write.iab_tc_string = record.iab_tc_string;
  }
  return write;
}

/** `POST /netid-permissions?q.identifier.in=TPID,SYNC_ID,ETPID` */
export async function writeService(req: IncomingMessage, url: URL, ctx: TokenServiceContext): Promise<Answer> {
  if (url.pathname !== PATHS.write) return textAnswer(404, 'Not Found');
  if (req.method !== 'POST') return textAnswer(405, 'Method Not Allowed', { allow: 'POST' });
  if (!accepts(req, MEDIA.subjectStatus)) return textAnswer(406, 'Not Acceptable');
  const text = await readBody(req, MAX_BODY_BYTES);
  if (text === null) return textAnswer(413, 'Payload Too Large');
  const subject = await gate(req, ctx);
  if ('status' in subject) return subject;
  // An empty POST has no content type; a body must carry the documented one.
  if (text !== '' && !hasContentType(req, MEDIA.permissions)) return textAnswer(415, 'Unsupported Media Type');
  const write = parseWrite(text);
  if ('status' in write) return write;
  ctx.store.write(subject.sub, subject.clientId, write);
  return jsonAnswer(
    201,
    MEDIA.subjectStatus,
    { subject_identifiers: ctx.store.released(subject.sub, subject.clientId, requestedIdentifiers(url)) },
    { location: `${ctx.readUrl}${PATHS.write}` },
  );
}

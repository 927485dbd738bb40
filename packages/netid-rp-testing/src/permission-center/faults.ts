import { jsonAnswer, statusCodeAnswer, type Answer } from './http';
import type { PermissionCenterFault, PermissionCenterFaults, PermissionCenterService } from './types';

/** Fresh switches: no latency, no fault, up. */
export function noFaults(): PermissionCenterFaults {
  return { latencyMs: 0, fail: null, services: null, down: false };
}

/** True when the switches apply to `service`. */
export function faultsApply(faults: PermissionCenterFaults, service: PermissionCenterService): boolean {
  return faults.services === null || faults.services.includes(service);
}

const HTML_502 =
  '<!DOCTYPE html><html><head><title>502 Bad Gateway</title></head><body><h1>Bad Gateway</h1><p>The upstream server is unavailable.</p></body></html>';
const HTML_200 =
  '<!DOCTYPE html><html><head><title>Maintenance</title></head><body><h1>We will be back soon</h1></body></html>';

/**
 * The answer a fault turns `normal` into, or `'drop'` to destroy the socket.
 * `normal` is the answer the service would have given.
 */
export function applyFault(fault: PermissionCenterFault, normal: Answer): Answer | 'drop' {
  if (typeof fault === 'object') return statusCodeAnswer(fault.status_code);
  switch (fault) {
    case 'server_error':
      return jsonAnswer(500, 'application/json', { status: 500, error: 'Internal Server Error' });
    case 'html':
      return { status: 502, headers: { 'content-type': 'text/html; charset=utf-8' }, body: HTML_502 };
    case 'html_ok':
      return { status: 200, headers: { 'content-type': 'text/html; charset=utf-8' }, body: HTML_200 };
    case 'wrong_content_type':
      return { ...normal, headers: { ...normal.headers, 'content-type': 'application/json' } };
    case 'malformed_body':
      return { ...normal, body: JSON.stringify({ status_code: 'PERMISSIONS_FOUND', subject_identifiers: 'not-an-object' }) };
    case 'unknown_status_code':
      return jsonAnswer(400, 'application/json', { status_code: 'SOMETHING_NEW' });
    case 'drop_connection':
      return 'drop';
  }
}

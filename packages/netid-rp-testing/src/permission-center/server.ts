import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { setTimeout as sleep } from 'node:timers/promises';
import { PERMISSION_CENTER_AUDIENCE } from '../broker/types';
import { exportService } from './export-service';
import { applyFault, faultsApply, noFaults } from './faults';
import { closeServer, listenOnLoopback, LOOPBACK_HOST } from '../loopback-server';
import { textAnswer, type Answer } from './http';
import { IdentifierDeriver } from './identifiers';
import { PermissionStore } from './store';
import { readService, writeService, type TokenServiceContext } from './token-services';
import { createTokenVerifier } from './token-verifier';
import type {
  ExportCredentials,
  PermissionCenterService,
  PermissionCenterSimulator,
  PermissionCenterSimulatorOptions,
  RecordedRequest,
} from './types';

const MAX_RECORDED = 200;

function recordHeaders(req: IncomingMessage): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(req.headers)) {
    if (value === undefined) continue;
    const text = Array.isArray(value) ? value.join(', ') : value;
    // Keep the scheme only: tokens and Basic credentials never land in the log.
    out[name] = name === 'authorization' ? (text.split(' ')[0] ?? '') : text;
  }
  return out;
}

/**
 * Starts the embedded netID Permission Center simulator: the READ, WRITE and DATA EXPORT
 * services, each on its own 127.0.0.1 port, with the documented paths, media types, bodies and
 * status codes. Tokens are verified as the dev broker issues them (JWKS signature, issuer,
 * audience, expiry, `permission_management` scope); state lives in memory per user and partner.
 *
 * @example
 * ```ts
 * import { startDevBroker, type DevBrokerClient } from 'netid-rp-testing'
 * declare const clients: DevBrokerClient[]
 * const broker = await startDevBroker({ clients, quiet: true })
 * const pc = await startPermissionCenterSimulator({ issuer: broker.issuer, jwksUri: broker.jwksUri })
 * process.env.PERMISSION_CENTER_READ_URL = pc.readUrl
 * pc.faults.fail = { status_code: 'TOKEN_ERROR' } // for a test
 * await pc.close()
 * ```
 */
export async function startPermissionCenterSimulator(options: PermissionCenterSimulatorOptions): Promise<PermissionCenterSimulator> {
  const ids = new IdentifierDeriver(options.secret ?? randomBytes(32).toString('base64url'));
  const store = new PermissionStore(ids);
  const verify = createTokenVerifier({
    issuer: options.issuer,
    jwksUri: options.jwksUri,
    audience: options.audience ?? PERMISSION_CENTER_AUDIENCE,
  });
  const given: ExportCredentials = options.exportCredentials ?? {
    username: `export-${randomBytes(6).toString('hex')}`,
    password: randomBytes(24).toString('base64url'),
  };
  const credentials: Required<ExportCredentials> = { tappIds: '*', cmpIds: '*', ...given };
  const faults = noFaults();
  const requests: RecordedRequest[] = [];
  const deletedSubjects = new Set<string>();
  const disallowedTapps = new Set<string>();
  const ctx: TokenServiceContext = { store, verify, readUrl: '', deletedSubjects, disallowedTapps };

  const handlers: Record<PermissionCenterService, (req: IncomingMessage, url: URL) => Promise<Answer> | Answer> = {
    read: (req, url) => readService(req, url, ctx),
    write: (req, url) => writeService(req, url, ctx),
    export: (req, url) => exportService(req, url, { store, credentials }),
  };

  async function handle(service: PermissionCenterService, req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', `http://${LOOPBACK_HOST}`);
    if (faults.down && faultsApply(faults, service)) {
      requests.push({ service, method: req.method ?? '', url: req.url ?? '', headers: recordHeaders(req), status: 0 });
      if (requests.length > MAX_RECORDED) requests.shift();
      req.socket.destroy();
      return;
    }
    let answer: Answer | 'drop';
    try {
      answer = await handlers[service](req, url);
    } catch {
      answer = textAnswer(500, 'Internal Server Error');
    }
    if (faultsApply(faults, service)) {
      if (faults.latencyMs > 0) await sleep(faults.latencyMs);
      if (faults.fail) answer = applyFault(faults.fail, answer);
    }
    requests.push({ service, method: req.method ?? '', url: req.url ?? '', headers: recordHeaders(req), status: answer === 'drop' ? 0 : answer.status });
    if (requests.length > MAX_RECORDED) requests.shift();
    if (answer === 'drop') {
      req.socket.destroy();
      return;
    }
    res.writeHead(answer.status, { 'cache-control': 'no-store', ...answer.headers, 'content-length': Buffer.byteLength(answer.body) });
    res.end(answer.body);
  }

  const servers = {} as Record<PermissionCenterService, Server>;
  const urls = {} as Record<PermissionCenterService, string>;
  try {
    for (const service of ['read', 'write', 'export'] as const) {
      const server = createServer((req, res) => void handle(service, req, res));
      servers[service] = server;
      urls[service] = `http://${LOOPBACK_HOST}:${await listenOnLoopback(server, options.ports?.[service] ?? 0)}`;
    }
  } catch (error) {
    await Promise.allSettled(Object.values(servers).filter((s) => s.listening).map(closeServer));
    throw error;
  }
  ctx.readUrl = urls.read;

  return {
    readUrl: urls.read,
    writeUrl: urls.write,
    exportUrl: urls.export,
    exportCredentials: credentials,
    faults,
    resetFaults: () => Object.assign(faults, noFaults()),
    requests,
    deletedSubjects,
    disallowedTapps,
    status: (sub, clientId) => store.get(sub, clientId),
    identifiersFor: (sub, clientId) => ids.all(sub, clientId),
    reset: () => store.clear(),
    close: async () => {
      await Promise.all(Object.values(servers).map(closeServer));
    },
  };
}

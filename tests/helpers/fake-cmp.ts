/**
 * Test doubles for the CMP bridge, DOM-less: a TCF v2.2 `__tcfapi` that behaves like the IAB's
 * cmpapi (a listener gets the current state at once, then every change), a storage, a scripted
 * route on a real loopback HTTP server, and an event recorder.
 *
 * @module
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { ConsentSync, ConsentSyncEventMap, TcData, TcfApi } from '@/lib/cmp';

type Listener = (data: TcData, success: boolean) => void;

/** A fake CMP: `choose` is the user's click, `api` is `__tcfapi`. */
export class FakeCmp {
  tcString: string;
  readonly listeners = new Map<number, Listener>();
  readonly removed: number[] = [];
  #next = 1;
  /** Extra TCData fields of the next events (purposes, vendors, custom purposes). */
  extra: Partial<TcData> = {};

  constructor(tcString = '') {
    this.tcString = tcString;
  }

  readonly api: TcfApi = (command, _version, callback, parameter) => {
    const cb = callback as unknown as Listener;
    if (command === 'addEventListener') {
      const id = this.#next++;
      this.listeners.set(id, cb);
      const status = this.tcString ? 'tcloaded' : 'cmpuishown';
      queueMicrotask(() => cb({ tcString: this.tcString, eventStatus: status, listenerId: id, ...this.extra }, true));
    } else if (command === 'removeEventListener') {
      this.removed.push(parameter as number);
      this.listeners.delete(parameter as number);
      (callback as unknown as (ok: boolean) => void)(true);
    }
  };

  /** The user chooses: every listener gets `useractioncomplete` (synchronously, as the CMP's own code path). */
  choose(tcString: string, extra: Partial<TcData> = {}): void {
    this.tcString = tcString;
    for (const [id, cb] of this.listeners) cb({ tcString, eventStatus: 'useractioncomplete', listenerId: id, ...this.extra, ...extra }, true);
  }
}

/** A `Storage` over a Map, with a switch that makes every call throw (storage blocked). */
export class MemoryStorage {
  readonly map = new Map<string, string>();
  broken = false;
  getItem(key: string): string | null {
    if (this.broken) throw new Error('SecurityError');
    return this.map.get(key) ?? null;
  }
  setItem(key: string, value: string): void {
    if (this.broken) throw new Error('QuotaExceededError');
    this.map.set(key, value);
  }
  removeItem(key: string): void {
    if (this.broken) throw new Error('SecurityError');
    this.map.delete(key);
  }
  /** The bridge's item, parsed. */
  state(key = 'netid-rp:cmp'): Record<string, unknown> | null {
    const v = this.map.get(key);
    return v ? (JSON.parse(v) as Record<string, unknown>) : null;
  }
}

/** One request the scripted route received. */
export interface RouteCall {
  method: string;
  headers: http.IncomingHttpHeaders;
  body: Record<string, unknown>;
}

/** An answer of the scripted route. */
export interface RouteAnswer {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
  delayMs?: number;
}

/** A loopback HTTP server standing in for `/api/permissions/tcf`: `answer` decides each response. */
export async function startScriptedRoute(answer: (call: RouteCall) => RouteAnswer): Promise<{ url: string; calls: RouteCall[]; close(): Promise<void> }> {
  const calls: RouteCall[] = [];
  const server = http.createServer((req, res) => {
    let text = '';
    req.on('data', (c: Buffer) => (text += c.toString()));
    req.on('end', () => {
      const call: RouteCall = { method: req.method ?? '', headers: req.headers, body: text ? (JSON.parse(text) as Record<string, unknown>) : {} };
      calls.push(call);
      const a = answer(call);
      const send = () => {
        if (res.destroyed) return;
        res.writeHead(a.status, { 'content-type': 'application/json', ...a.headers });
        res.end(a.body === undefined ? '' : JSON.stringify(a.body));
      };
      if (a.delayMs) setTimeout(send, a.delayMs);
      else send();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/api/permissions/tcf`,
    calls,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** Every event of a bridge, in order. */
export function recordEvents(sync: ConsentSync): { type: string; detail: unknown }[] {
  const events: { type: string; detail: unknown }[] = [];
  for (const type of ['synced', 'injected', 'pending', 'failed', 'purged'] as const)
    sync.addEventListener(type, (e) => events.push({ type, detail: e.detail }));
  return events;
}

/** Resolves with the detail of the next `type` event, or rejects after `ms`. */
export function nextEvent<K extends keyof ConsentSyncEventMap>(sync: ConsentSync, type: K, ms = 5000): Promise<ConsentSyncEventMap[K]> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no ${type} event within ${ms} ms`)), ms);
    sync.addEventListener(type, (e) => {
      clearTimeout(timer);
      resolve(e.detail);
    }, { once: true });
  });
}

/** A 200 answer of the route. */
export function ok(result: string, stored: string | null = null, idconsent: string | null = null): RouteAnswer {
  return {
    status: 200,
    body: { result, stored: stored ? { tc_string: stored, last_updated: '2026-04-01T00:00:00.000Z', changed_at: '2026-04-01T10:00:00.000Z' } : null, idconsent },
  };
}

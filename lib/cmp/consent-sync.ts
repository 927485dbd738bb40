import { postSync, type SyncAnswer } from './sync-request';
import { MAX_TC, shortHash, stateStore, type ConsentSyncStorage, type SyncState } from './sync-state';
import type { IdConsent, IdConsentMapping, TcData, TcfApi } from './tcf-api';

/** Options of {@link startConsentSync}; every one has a default. */
export interface ConsentSyncOptions {
  /** The CMP's TCF v2.2 API; default `window.__tcfapi` (waited for up to `cmpWaitMs`). */
  tcfapi?: TcfApi;
  /** The app's route (`createTcfSyncRoutes`); default `/api/permissions/tcf`. */
  endpoint?: string;
  /**
   * Hands a newer stored TC string to the CMP, e.g. {@link usercentricsInjector}. Without it the
   * bridge still writes, and reports a newer stored choice in the `synced` event only.
   */
  inject?: (tcString: string) => void | Promise<void>;
  /** Maps the partner's netID consent signal to `idconsent`; without it ID consent is never written. */
  idConsent?: IdConsentMapping;
  /** Read the Permission Center at most once per this many seconds per session; default 3600. */
  readTtlSeconds?: number;
  /** First-party storage for the bridge's state; default `localStorage`; `null` = memory only. */
  storage?: ConsentSyncStorage | null;
  /** Key of the one item the bridge stores; default `netid-rp:cmp`. */
  storageKey?: string;
  /**
   * Whether the page knows the user is signed in. `false`: nothing is sent until {@link ConsentSync.flush}
   * (choices are kept pending); default `undefined`: the route is asked and says so itself.
   */
  signedIn?: boolean;
  /** Any string that changes when the signed-in user or session changes (only its hash is stored): a new one voids the read cache. */
  sessionKey?: string;
  /** Timeout of each call to the route, in milliseconds; default 15000. */
  timeoutMs?: number;
  /** Retries of a failed call (timeout, 5xx): `attempts` (default 5) with backoff from `baseDelayMs` (2000) up to `maxDelayMs` (60000). */
  retry?: { attempts?: number; baseDelayMs?: number; maxDelayMs?: number };
  /** How long to wait for `window.__tcfapi` to appear, in milliseconds; default 10000. */
  cmpWaitMs?: number;
  /** The fetch to use; default the global one. */
  fetch?: typeof fetch;
}

/** The `detail` of each event of a {@link ConsentSync}. */
export interface ConsentSyncEventMap {
  /** The Permission Center and the CMP agree (`result` as the route answered it). */
  synced: { result: SyncAnswer['result']; tcString: string | null; idconsent: IdConsent | null };
  /** A newer stored TC string was handed to `inject`. */
  injected: { tcString: string };
  /** A choice waits for a sign-in (`reason`: the route's code, or `not_signed_in`); `reauthenticate` is the app's sign-in path. */
  pending: { reason: string; reauthenticate?: string };
  /** A call failed: `retryInMs` when it is retried, `null` when the bridge gives up for this page (a pending choice stays stored). */
  failed: { code: string; status?: number; retryInMs: number | null };
  /** The netID account is gone (410 `account_gone`): the bridge's state was deleted; the route ended the session. */
  purged: { reason: string };
}

/** A running bridge: an `EventTarget` of {@link ConsentSyncEventMap} events. */
export interface ConsentSync extends EventTarget {
  addEventListener<K extends keyof ConsentSyncEventMap>(type: K, listener: (event: CustomEvent<ConsentSyncEventMap[K]>) => void, options?: boolean | AddEventListenerOptions): void;
  addEventListener(type: string, listener: EventListenerOrEventListenerObject | null, options?: boolean | AddEventListenerOptions): void;
  removeEventListener<K extends keyof ConsentSyncEventMap>(type: K, listener: (event: CustomEvent<ConsentSyncEventMap[K]>) => void, options?: boolean | EventListenerOptions): void;
  removeEventListener(type: string, listener: EventListenerOrEventListenerObject | null, options?: boolean | EventListenerOptions): void;
  /** Stops listening to the CMP and cancels a scheduled retry. */
  stop(): void;
  /** Syncs now (after a sign-in, or with `signedIn: false`), ignoring the read cache; resolves when done, never rejects. */
  flush(): Promise<void>;
}

function defaultStorage(): ConsentSyncStorage | null {
  try {
    return globalThis.localStorage ?? null;
  } catch {
    // Storage blocked (a SecurityError): memory only.
    return null;
  }
}

const SIGN_IN = 'not_signed_in';

/**
 * Connects the page's IAB TCF v2.2 CMP to netID's Permission Center through the app's route
 * (`/api/permissions/tcf`): the user's TC string is written when they choose, kept pending while
 * they are signed out or their token has expired, and a newer choice stored from another device
 * is handed to the CMP (`inject`). Never throws, never blocks the CMP; failures are events.
 *
 * @example
 * ```ts
 * import { startConsentSync, usercentricsInjector } from 'netid-rp/cmp'
 * const sync = startConsentSync({ inject: usercentricsInjector() })
 * sync.addEventListener('failed', (e) => console.warn('consent sync', e.detail.code))
 * ```
 */
export function startConsentSync(options: ConsentSyncOptions = {}): ConsentSync {
  const target = new EventTarget() as ConsentSync;
  const emit = <K extends keyof ConsentSyncEventMap>(type: K, detail: ConsentSyncEventMap[K]) => {
    try {
      target.dispatchEvent(new CustomEvent(type, { detail }));
    } catch {
      // A listener's error stays the listener's.
    }
  };
  const endpoint = options.endpoint ?? '/api/permissions/tcf';
  const ttlMs = (options.readTtlSeconds ?? 3600) * 1000;
  const timeoutMs = options.timeoutMs ?? 15_000;
  const attempts = options.retry?.attempts ?? 5;
  const baseDelay = options.retry?.baseDelayMs ?? 2000;
  const maxDelay = options.retry?.maxDelayMs ?? 60_000;
  const fetchFn = options.fetch ?? ((input, init) => globalThis.fetch(input, init));
  const store = stateStore(options.storage === undefined ? defaultStorage() : options.storage, options.storageKey ?? 'netid-rp:cmp');
  let state: SyncState = store.load();
  const save = () => store.save(state);
  if (options.sessionKey !== undefined) {
    const key = shortHash(options.sessionKey);
    if (state.key !== key) {
      state = { key, ...(state.pending ? { pending: state.pending } : {}) };
      save();
    }
  }

  let local: string | undefined; // the CMP's TC string as last seen
  let loaded = false;
  let stopped = false;
  let listenerId: number | undefined;
  let api: TcfApi | undefined;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let poll: ReturnType<typeof setTimeout> | undefined;
  let failures = 0;
  let running: Promise<void> | undefined;
  let again = false;

  async function once(): Promise<void> {
    const p = state.pending;
    const seen = local;
    const tc = p ? p.tc : local;
    const body: Record<string, unknown> = {};
    if (tc) body.tc_string = tc;
    // How long ago the user chose, on this device's own clock: the server subtracts it from its own, so no clock skew enters.
    if (p) body.decided_ms_ago = Math.max(0, Date.now() - p.at);
    if (p?.idc) body.idconsent = p.idc;
    const out = await postSync(fetchFn, endpoint, body, timeoutMs);
    if (stopped) return;
    if (out.kind === 'ok') {
      failures = 0;
      const a = out.answer;
      const stored = a.stored?.tc_string;
      // A choice made while this call was under way stays pending for the next one.
      if (state.pending === p) delete state.pending;
      state.readAt = Date.now();
      state.synced = stored ?? '';
      if (a.idconsent) state.idc = a.idconsent;
      else delete state.idc;
      save();
      // Not over a choice the user made while this call was under way: the next round settles that one.
      const chose = local !== seen || state.pending !== undefined;
      if (stored && stored !== local && !chose && (a.result === 'stored_is_newer' || a.result === 'stored') && options.inject) {
        try {
          await options.inject(stored);
          local = stored;
          emit('injected', { tcString: stored });
        } catch {
          emit('failed', { code: 'inject_failed', retryInMs: null });
        }
      }
      emit('synced', { result: a.result, tcString: stored ?? null, idconsent: a.idconsent });
    } else if (out.kind === 'sign_in') {
      delete state.readAt;
      save();
      if (state.pending) emit('pending', { reason: out.code, ...(out.reauthenticate ? { reauthenticate: out.reauthenticate } : {}) });
    } else if (out.kind === 'gone') {
      store.clear();
      state = {};
      emit('purged', { reason: out.code });
    } else if (out.kind === 'refused') {
      if (state.pending === p) {
        delete state.pending;
        save();
      }
      emit('failed', { code: out.code, status: out.status, retryInMs: null });
    } else {
      failures += 1;
      if (failures >= attempts) {
        failures = 0;
        emit('failed', { code: out.code, status: out.status, retryInMs: null });
        return;
      }
      const backoff = Math.min(maxDelay, baseDelay * 2 ** (failures - 1));
      // Jitter, so that pages that failed together do not all come back at once.
      const delay = Math.min(maxDelay, Math.max(backoff, out.retryAfterMs ?? 0)) * (1 + Math.random() / 4);
      timer = setTimeout(() => {
        timer = undefined;
        kick();
      }, delay);
      emit('failed', { code: out.code, status: out.status, retryInMs: Math.round(delay) });
    }
  }

  function kick(): Promise<void> {
    if (stopped) return Promise.resolve();
    if (running) {
      again = true;
      return running;
    }
    if (timer !== undefined) {
      clearTimeout(timer);
      timer = undefined;
    }
    running = (async () => {
      // Bounded: a user who keeps choosing while calls are under way is caught up within a few rounds.
      for (let round = 0; round < 4; round++) {
        again = false;
        await once();
        if (!again || stopped || timer !== undefined) break;
      }
    })()
      .catch(() => emit('failed', { code: 'internal_error', retryInMs: null }))
      .finally(() => {
        running = undefined;
      });
    return running;
  }

  function onChoice(data: TcData): void {
    const tc = data.tcString;
    local = tc;
    let idc: IdConsent | undefined;
    try {
      idc = options.idConsent?.(data);
    } catch {
      // The partner's mapping failed: ID consent stays as it is.
    }
    const tcChanged = tc !== '' && tc !== state.synced && tc.length <= MAX_TC;
    if (!tcChanged && (!idc || idc === state.idc)) return;
    state.pending = { at: Date.now(), ...(tc && tc.length <= MAX_TC ? { tc } : {}), ...(idc ? { idc } : {}) };
    save();
    if (options.signedIn === false) emit('pending', { reason: SIGN_IN });
    else void kick();
  }

  function onLoad(data: TcData): void {
    local = data.tcString;
    if (loaded) return;
    loaded = true;
    if (options.signedIn === false) {
      if (state.pending) emit('pending', { reason: SIGN_IN });
      return;
    }
    const age = Date.now() - (state.readAt ?? -Infinity);
    if (state.pending || !(age >= 0 && age < ttlMs) || local !== (state.synced ?? '')) void kick();
  }

  function onTcData(data: TcData, success: boolean): void {
    try {
      if (stopped || !success || !data || typeof data.tcString !== 'string') return;
      if (typeof data.listenerId === 'number') listenerId = data.listenerId;
      if (data.eventStatus === 'useractioncomplete') onChoice(data);
      else if (data.eventStatus === 'tcloaded' || data.eventStatus === 'cmpuishown') onLoad(data);
    } catch {
      // Never into the CMP's callback.
    }
  }

  function listen(found: TcfApi): void {
    api = found;
    try {
      found('addEventListener', 2, onTcData as (data: never, success: boolean) => void);
    } catch {
      emit('failed', { code: 'cmp_error', retryInMs: null });
    }
  }

  const globalApi = () => (globalThis as { __tcfapi?: TcfApi }).__tcfapi;
  if (options.tcfapi) listen(options.tcfapi);
  else {
    const deadline = Date.now() + (options.cmpWaitMs ?? 10_000);
    const look = () => {
      if (stopped) return;
      const found = globalApi();
      if (typeof found === 'function') listen(found);
      else if (Date.now() >= deadline) emit('failed', { code: 'no_cmp', retryInMs: null });
      else poll = setTimeout(look, 250);
    };
    look();
  }

  target.stop = () => {
    stopped = true;
    clearTimeout(timer);
    clearTimeout(poll);
    try {
      if (api && listenerId !== undefined) api('removeEventListener', 2, () => {}, listenerId);
    } catch {
      // The CMP is gone already.
    }
  };
  target.flush = () => {
    failures = 0;
    return kick();
  };
  return target;
}

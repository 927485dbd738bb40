import type { Adapter, AdapterFactory, AdapterPayload } from 'oidc-provider';

interface Entry {
  payload: AdapterPayload;
  /** Epoch ms; `Infinity` when stored without a lifetime. */
  expiresAt: number;
}

/**
 * One provider's in-memory storage for oidc-provider (its bundled adapter keeps a module-wide
 * LRU that cannot be enumerated). Per instance, so parallel providers never share state, and
 * enumerable, so a test hook can revoke every grant of a user.
 */
export class DevMemoryStore {
  readonly #entries = new Map<string, Entry>();

  /** The factory for oidc-provider's `adapter` option. */
  readonly adapter: AdapterFactory = (model) => this.#adapterFor(model);

  #live(key: string): AdapterPayload | undefined {
    const entry = this.#entries.get(key);
    if (!entry) return undefined;
    if (entry.expiresAt <= Date.now()) {
      this.#entries.delete(key);
      return undefined;
    }
    return entry.payload;
  }

  #findBy(model: string, field: 'uid' | 'userCode', value: string): AdapterPayload | undefined {
    for (const key of this.#entries.keys()) {
      if (!key.startsWith(`${model}:`)) continue;
      const payload = this.#live(key);
      if (payload?.[field] === value) return payload;
    }
    return undefined;
  }

  /** Delete every artefact (tokens, codes) of a grant, and the grant itself. */
  revokeGrant(grantId: string): void {
    for (const [key, { payload }] of this.#entries) {
      if (payload.grantId === grantId) this.#entries.delete(key);
    }
    this.#entries.delete(`Grant:${grantId}`);
  }

  /** Ids of the live grants, optionally only those of one account (`sub`). */
  grantIds(accountId?: string): string[] {
    const ids: string[] = [];
    for (const key of [...this.#entries.keys()]) {
      if (!key.startsWith('Grant:')) continue;
      const payload = this.#live(key);
      if (payload && (accountId === undefined || payload.accountId === accountId)) ids.push(key.slice('Grant:'.length));
    }
    return ids;
  }

  #adapterFor(model: string): Adapter {
    const key = (id: string) => `${model}:${id}`;
    return {
      upsert: async (id, payload, expiresIn) => {
        const expiresAt = typeof expiresIn === 'number' ? Date.now() + expiresIn * 1000 : Infinity;
        this.#entries.set(key(id), { payload, expiresAt });
      },
      find: async (id) => this.#live(key(id)),
      findByUid: async (uid) => this.#findBy(model, 'uid', uid),
      findByUserCode: async (userCode) => this.#findBy(model, 'userCode', userCode),
      consume: async (id) => {
        const payload = this.#live(key(id));
        if (payload) payload.consumed = Math.floor(Date.now() / 1000);
      },
      destroy: async (id) => {
        this.#entries.delete(key(id));
      },
      revokeByGrantId: async (grantId) => {
        for (const [entryKey, { payload }] of this.#entries) {
          if (entryKey.startsWith(`${model}:`) && payload.grantId === grantId) this.#entries.delete(entryKey);
        }
      },
    };
  }
}

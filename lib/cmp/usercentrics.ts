/** The part of Usercentrics' Browser UI API (`window.UC_UI`) the injector uses. */
interface UcUi {
  injectTCString?: (tcString: string) => unknown;
}

/**
 * An `inject` adapter for Usercentrics: waits (bounded, default 5 s) for `window.UC_UI`, then calls
 * `UC_UI.injectTCString(tcString)`; a missing API or an answer of `false` rejects, which the
 * bridge reports as a `failed` event with code `inject_failed`.
 *
 * @example
 * ```ts
 * import { startConsentSync } from 'netid-rp/cmp'
 * startConsentSync({ inject: usercentricsInjector() })
 * ```
 */
export function usercentricsInjector(options: { waitMs?: number } = {}): (tcString: string) => Promise<void> {
  const waitMs = options.waitMs ?? 5000;
  return async (tcString) => {
    const deadline = Date.now() + waitMs;
    let ui = (globalThis as { UC_UI?: UcUi }).UC_UI;
    while (typeof ui?.injectTCString !== 'function' && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      ui = (globalThis as { UC_UI?: UcUi }).UC_UI;
    }
    if (typeof ui?.injectTCString !== 'function') throw new Error('UC_UI.injectTCString is not available');
    if ((await ui.injectTCString(tcString)) === false) throw new Error('UC_UI.injectTCString refused the TC string');
  };
}

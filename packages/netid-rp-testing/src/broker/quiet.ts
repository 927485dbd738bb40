/** Every oidc-provider console notice starts with this (after an optional colour escape). */
const NOTICE_MARK = 'oidc-provider ';

type ConsoleMethod = (...args: unknown[]) => void;

let depth = 0;
let saved: { warn: ConsoleMethod; info: ConsoleMethod } | undefined;

function dropNotices(original: ConsoleMethod): ConsoleMethod {
  return (...args: unknown[]) => {
    if (typeof args[0] === 'string' && args[0].includes(NOTICE_MARK)) return;
    original.apply(console, args);
  };
}

/**
 * Run `fn` with oidc-provider's console notices ("Unsupported runtime", "in-memory adapter",
 * "you SHOULD change …") filtered out of `console.warn`/`console.info`; every other line passes.
 * Re-entrant (a depth counter), so overlapping broker starts restore the console correctly.
 */
export async function withOidcProviderNoticesMuted<T>(enabled: boolean, fn: () => T | Promise<T>): Promise<T> {
  if (!enabled) return fn();
  if (depth++ === 0) {
    saved = { warn: console.warn, info: console.info };
    console.warn = dropNotices(saved.warn);
    console.info = dropNotices(saved.info);
  }
  try {
    return await fn();
  } finally {
    if (--depth === 0 && saved) {
      console.warn = saved.warn;
      console.info = saved.info;
      saved = undefined;
    }
  }
}

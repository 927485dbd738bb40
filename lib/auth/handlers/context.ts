import type { AuthConfig } from '../types';
import type { AuthLogger } from '../options';

/** What every core handler needs: the configuration (resolved lazily) and the logger. */
export interface HandlerContext {
  config: () => AuthConfig;
  /** Where to log server-side problems; receives codes and safe messages only. */
  log: AuthLogger;
}

import type { AuthConfig } from '../types';
import type { OidcDiscovery } from '../oidc';
import type { AuthLogger } from '../options';

/** What every core handler needs: the configuration (resolved lazily), the logger and the instance's discovery cache. */
export interface HandlerContext {
  config: () => AuthConfig;
  /** Where to log server-side problems; receives codes and safe messages only. */
  log: AuthLogger;
  /** The instance's discovery cache. */
  discovery: OidcDiscovery;
}

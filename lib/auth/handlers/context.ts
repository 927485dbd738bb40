import type { AuthConfig } from '../config';

/** What every core handler needs: the configuration, resolved lazily per call. */
export interface HandlerContext {
  config: () => AuthConfig;
  /** Path of the app's error page (default `/auth/error`). */
  errorPath: string;
  /** Where to log server-side problems; receives codes and safe messages only. */
  log: (event: string, detail: Record<string, unknown>) => void;
}

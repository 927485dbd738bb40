import type { NetIdAuth } from '../../lib/auth';
import { createPermissionRoutes, type PermissionRoutes } from '../../lib/permission-center';

/** Options of every example's `createExampleApp`. */
export interface ExampleAppOptions {
  /** The `/api/permissions` handlers (default: configured from the environment on first use). */
  permissions?: () => PermissionRoutes;
}

/** The example's `/api/permissions` handlers: the given ones, or the environment's, made on first use. */
export function permissionRoutesOf(auth: NetIdAuth, options: ExampleAppOptions): () => PermissionRoutes {
  let defaultRoutes: PermissionRoutes | undefined;
  return options.permissions ?? (() => (defaultRoutes ??= createPermissionRoutes(auth)));
}

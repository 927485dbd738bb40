import type { NetIdAuth } from '../../lib/auth';
import type { HealthChecks } from '../../lib/health';
import { createPermissionRoutes, createTcfSyncRoutes, type PermissionRoutes, type TcfSyncRoutes } from '../../lib/permission-center';

/** Options of every example's `createExampleApp`. */
export interface ExampleAppOptions {
  /** The `/api/permissions` handlers (default: configured from the environment on first use). */
  permissions?: () => PermissionRoutes;
  /** The `/api/permissions/tcf` handlers of the browser bridge `netid-rp/cmp` (default: from the environment on first use). */
  tcfSync?: () => TcfSyncRoutes;
  /** The probes at /api/health/live and /api/health/ready (default: `createHealthChecks` of `auth`). */
  health?: HealthChecks;
}

/** The example's `/api/permissions` handlers: the given ones, or the environment's, made on first use. */
export function permissionRoutesOf(auth: NetIdAuth, options: ExampleAppOptions): () => PermissionRoutes {
  let defaultRoutes: PermissionRoutes | undefined;
  return options.permissions ?? (() => (defaultRoutes ??= createPermissionRoutes(auth)));
}

/** The example's `/api/permissions/tcf` handlers (the CMP bridge's route): the given ones, or the environment's, made on first use. */
export function tcfSyncRoutesOf(auth: NetIdAuth, options: ExampleAppOptions): () => TcfSyncRoutes {
  let defaultRoutes: TcfSyncRoutes | undefined;
  return options.tcfSync ?? (() => (defaultRoutes ??= createTcfSyncRoutes(auth)));
}

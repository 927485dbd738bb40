import { auth } from '@/app/_lib/auth';
import { createPermissionRoutes } from '@/lib/permission-center';

export const dynamic = 'force-dynamic';
export const { GET, POST } = createPermissionRoutes(auth);

import { auth } from '@/app/_lib/auth';
import { createPermissionRoutes } from 'netid-rp/permission-center';

export const dynamic = 'force-dynamic';
export const { GET, POST } = createPermissionRoutes(auth);

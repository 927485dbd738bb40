import { auth } from '@/app/_lib/auth';
import { createTcfSyncRoutes } from 'netid-rp/permission-center';

export const dynamic = 'force-dynamic';
export const { GET, POST } = createTcfSyncRoutes(auth);

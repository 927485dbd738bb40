import { routes } from '@/app/_lib/auth';

export const dynamic = 'force-dynamic';
export const { POST } = routes.backchannelLogout;

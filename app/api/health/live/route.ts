import { healthRoutes } from '@/app/_lib/auth';

export const dynamic = 'force-dynamic';
export const { GET } = healthRoutes.live;

import { routes } from '@/app/_lib/auth';

export const dynamic = 'force-dynamic';
export const { GET, POST, PUT, PATCH, DELETE, HEAD } = routes.upstream;

/**
 * Typed stand-ins for the free names that doc examples use without declaring them
 * (see scripts/check-examples.ts). An example that uses one of these names without declaring or
 * importing it gets it imported from here; the types are the real ones, never `any`.
 * Add a name only when several examples share it; otherwise declare it in the example.
 */
import type { Express } from 'express';
import type { NetIdAuth, SessionData } from '@/lib/auth';

/** Client id from the netID Developer Portal. */
export declare const clientId: string;
/** Client secret from the netID Developer Portal. */
export declare const clientSecret: string;
/** The incoming request of a route handler. */
export declare const request: Request;
/** The app's relying party: `createNetIdAuth()`. */
export declare const auth: NetIdAuth;
/** The signed-in user's session, as `getServerSession(auth)` or `auth.getSession(...)` return it once signed in. */
export declare const session: SessionData;
/** An Express 5 app: `express()`. */
export declare const app: Express;

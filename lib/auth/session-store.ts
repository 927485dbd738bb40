export type { SessionStoreContext, SessionMatch, SessionStore } from './types';

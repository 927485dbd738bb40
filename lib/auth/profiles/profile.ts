export type { AuthorizationShape, SessionTokens, ProfileCheckInput, ProviderProfile } from '../types';

/**
 * The embedded services for `AUTH_PROVIDER=oidc` in dev and tests: a Duende-style provider with
 * refresh tokens and the protected upstream API behind `/api/upstream/*`.
 */
import { startDuendeDevProvider, UPSTREAM_API_AUDIENCE, type DuendeDevClient, type DuendeDevProvider } from './duende';
import { startUpstreamApi, type UpstreamApi } from './upstream-api';

/** Client registered at the embedded Duende-style provider for the reference app. */
export const DEV_OIDC_CLIENT = { clientId: 'duende-dev-client', clientSecret: 'duende-dev-client-secret' } as const;

/** A running embedded OIDC stack. */
export interface EmbeddedOidcStack {
  provider: DuendeDevProvider;
  upstream: UpstreamApi;
  /** Variables to merge into the app's environment. */
  env: Record<string, string>;
  close(): Promise<void>;
}

/**
 * A further client to register beside {@link DEV_OIDC_CLIENT} (e.g. one shaped like another
 * provider's: no refresh or ID tokens). Its redirect and post-logout URIs default to the app's.
 */
export type ExtraOidcClient = Omit<DuendeDevClient, 'redirect_uris'> & { redirect_uris?: string[] };

/** Options of {@link startEmbeddedOidcStack}. */
export interface EmbeddedOidcStackOptions {
  appUrl: string;
  /** Access token lifetime in seconds; default 30. */
  accessTokenTtl?: number;
  port?: number;
  /** Clients registered beside {@link DEV_OIDC_CLIENT}. */
  extraClients?: readonly ExtraOidcClient[];
}

/** Starts the Duende-style provider (short access tokens so renewals are visible) and the upstream API. */
export async function startEmbeddedOidcStack(options: EmbeddedOidcStackOptions): Promise<EmbeddedOidcStack> {
  const appUrl = options.appUrl.replace(/\/+$/, '');
  const extra = (options.extraClients ?? []).map(
    (c): DuendeDevClient => ({
      ...c,
      redirect_uris: c.redirect_uris ?? [`${appUrl}/api/auth/callback`],
      post_logout_redirect_uris: c.post_logout_redirect_uris ?? [`${appUrl}/`],
    }),
  );
  const provider = await startDuendeDevProvider({
    port: options.port ?? 0,
    quiet: true,
    accessTokenTtl: options.accessTokenTtl ?? 30,
    clients: [
      {
        client_id: DEV_OIDC_CLIENT.clientId,
        client_secret: DEV_OIDC_CLIENT.clientSecret,
        redirect_uris: [`${appUrl}/api/auth/callback`],
        post_logout_redirect_uris: [`${appUrl}/`],
        // Answered 501 with cookie sessions; with SESSION_STORE=redis it ends the RP's session too.
        backchannel_logout_uri: `${appUrl}/api/auth/backchannel-logout`,
      },
      ...extra,
    ],
  });
  let upstream: UpstreamApi;
  try {
    upstream = await startUpstreamApi({ issuer: provider.issuer, jwksUri: provider.jwksUri, audience: UPSTREAM_API_AUDIENCE });
  } catch (error) {
    await provider.close();
    throw error;
  }
  return {
    provider,
    upstream,
    env: {
      AUTH_PROVIDER: 'oidc',
      OIDC_ISSUER: provider.issuer,
      OIDC_CLIENT_ID: DEV_OIDC_CLIENT.clientId,
      OIDC_CLIENT_SECRET: DEV_OIDC_CLIENT.clientSecret,
      UPSTREAM_API_URL: upstream.url,
      APP_URL: appUrl,
    },
    close: async () => {
      await Promise.allSettled([upstream.close(), provider.close()]);
    },
  };
}

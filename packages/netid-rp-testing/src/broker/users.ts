import { createHash } from 'node:crypto';
import type { DevUser } from './types';

/**
 * A stable, opaque subject identifier for a test user id: 43 base64url characters (a SHA-256),
 * shaped like netID's pairwise `sub` values and identical across broker restarts.
 */
export function devSubFor(id: string): string {
  return createHash('sha256').update(`netid-dev-broker:sub:${id}`).digest('base64url');
}

/**
 * Build the test users, fresh objects per broker (tests may mutate them).
 *
 * - `max`: the full netID claim set and deliberately the largest realistic one (long street
 *   and place names, a c/o recipient): session cookie sizes are measured against it.
 * - `erika`: minimal, names and email only (claims vary by account provider at netID).
 */
export function createDevUsers(): Record<string, DevUser> {
  const maxStreet = 'Bürgermeister-Hermann-Wilhelm-von-Löwenstein-Straße 127a, Hinterhaus, 3. OG links';
  const maxShippingStreet = 'Großherzogin-Mathilde-Eleonore-Schaumburg-Lippe-Allee 1045b, Lieferannahme Tor 7';
  const max: DevUser = {
    id: 'max',
    sub: devSubFor('max'),
    claims: {
      given_name: 'Max',
      family_name: 'Mustermann',
      email: 'max.mustermann@example.com',
      email_verified: true,
      gender: 'male',
      birthdate: '1980-01-01',
      address: {
        street_address: maxStreet,
        postal_code: '60594',
        locality: 'Frankfurt am Main-Sachsenhausen-Nord',
        country: 'DE',
        formatted: `${maxStreet}\n60594 Frankfurt am Main-Sachsenhausen-Nord\nDeutschland`,
      },
      shipping_address: {
        recipient: 'Max Mustermann c/o Mustermann & Söhne Logistik GmbH & Co. KG',
        street_address: maxShippingStreet,
        postal_code: '65936',
        locality: 'Frankfurt am Main-Sossenheim-Industriegebiet',
        country: 'DE',
        formatted:
          `Max Mustermann c/o Mustermann & Söhne Logistik GmbH & Co. KG\n${maxShippingStreet}\n` +
          '65936 Frankfurt am Main-Sossenheim-Industriegebiet\nDeutschland',
      },
    },
  };
  const erika: DevUser = {
    id: 'erika',
    sub: devSubFor('erika'),
    claims: {
      given_name: 'Erika',
      family_name: 'Mustermann',
      email: 'erika.mustermann@example.com',
    },
  };
  return { max, erika };
}

/** Find a user by `sub` (oidc-provider's account id). */
export function findUserBySub(users: Record<string, DevUser>, sub: string): DevUser | undefined {
  return Object.values(users).find((user) => user.sub === sub);
}

/** Find a user by id, or by email (for `login_hint`). */
export function findUserByHint(users: Record<string, DevUser>, hint: string | undefined): DevUser | undefined {
  if (!hint) return undefined;
  const needle = hint.trim().toLowerCase();
  return Object.values(users).find(
    (user) => user.id === needle || String(user.claims.email ?? '').toLowerCase() === needle,
  );
}

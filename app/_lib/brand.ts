/**
 * The official netID logo for the sign-in button, which this repository does not ship (netID's
 * brand terms govern its use). To show it: download it from netID's developer portal, save it as
 * `public/netid/logo.svg` and set this to `'/netid/logo.svg'`.
 */
export const NETID_LOGO_SRC: string | undefined = undefined;

/**
 * Many sites from one deployment: a relying party per allow-listed host, chosen per request.
 *
 * @module
 */
export { createMultiSiteAuth, type MultiSiteAuth, type MultiSiteOptions } from './multi-site';
export { sitePassword } from './site-password';

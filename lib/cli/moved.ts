/** What `netid-rp dev-stack` (the command before 1.0) prints: where the dev stack went. */
export const MOVED_DEV_STACK =
  'netid-rp dev-stack moved to the companion package: npm install --save-dev netid-rp-testing, then npx netid-rp-testing dev-stack (same options).';

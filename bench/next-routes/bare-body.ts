/** The JSON of the bench's bare routes (Next and Express): the shape `/api/auth/session` answers. */
export const BARE_BODY = JSON.stringify({
  user: { sub: 'bench-subject-0000000000000000000000000000000', email: 'max.mustermann@example.com', given_name: 'Max', family_name: 'Mustermann' },
  permissionToken: { expiresAt: '2030-01-01T00:00:00.000Z', expired: false },
  flow: 'login-permission',
});

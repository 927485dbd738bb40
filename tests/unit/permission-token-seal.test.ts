import { describe, expect, it } from 'vitest';
import { sealPermissionToken, unsealPermissionToken } from '@/lib/auth/permission-token-seal';
import { seal, unsealSync } from '@/lib/auth/session-seal';

const PASSWORDS = ['first-password-of-at-least-32-characters'];
const token = () => ({ accessToken: 'eyJ.permission.token', tokenType: 'Bearer', expiresAt: Math.floor(Date.now() / 1000) + 500 });

describe('sealPermissionToken / unsealPermissionToken', () => {
  it('round-trips for its binding only, and never holds the token in the clear', async () => {
    // One token: a second call of token() may fall in the next second and differ in expiresAt.
    const original = token();
    const sealed = await sealPermissionToken(original, 'netid:sub-1', PASSWORDS);
    expect(sealed).toMatch(/^Fe26\.2\*/);
    expect(sealed).not.toContain('permission.token');
    expect(unsealPermissionToken(sealed, 'netid:sub-1', PASSWORDS)).toEqual(original);
    expect(unsealPermissionToken(sealed, 'netid:sub-2', PASSWORDS)).toBeNull();
  });

  it('unseals after a rotation (the old password second), not with a foreign password', async () => {
    const sealed = await sealPermissionToken(token(), 'b', PASSWORDS);
    expect(unsealPermissionToken(sealed, 'b', ['new-password-of-at-least-32-characters!!', ...PASSWORDS])).not.toBeNull();
    expect(unsealPermissionToken(sealed, 'b', ['another-password-of-at-least-32-characters'])).toBeNull();
  });

  it('reads tampered, foreign-shaped, empty and missing values as null', async () => {
    const sealed = await sealPermissionToken(token(), 'b', PASSWORDS);
    const tampered = sealed.replace(/\*([^*]{10})/, '*AAAAAAAAAA');
    expect(unsealPermissionToken(tampered, 'b', PASSWORDS)).toBeNull();
    // A valid seal of something else (same password) is not a token.
    const other = await seal({ v: 1, bind: 'b', token: 'x' }, PASSWORDS, 60);
    expect(unsealSync(other, PASSWORDS)).toEqual({ v: 1, bind: 'b', token: 'x' });
    expect(unsealPermissionToken(other, 'b', PASSWORDS)).toBeNull();
    expect(unsealPermissionToken('', 'b', PASSWORDS)).toBeNull();
    expect(unsealPermissionToken(null, 'b', PASSWORDS)).toBeNull();
  });
});

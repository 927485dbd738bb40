import { describe, expect, it } from 'vitest';
import { basicAuthorization, formEncodeCredential } from '@/lib/http';

const decode = (header: string) => Buffer.from(header.replace(/^Basic /, ''), 'base64').toString('utf8');

describe('client_secret_basic encoding (the URL Standard form serializer)', () => {
  it('leaves A-Z a-z 0-9 * - . _ as they are (a UUID client id goes out unchanged)', () => {
    expect(formEncodeCredential('0f6b2c1e-4c1e-49aa-b1de-3f7a.x_y*z')).toBe('0f6b2c1e-4c1e-49aa-b1de-3f7a.x_y*z');
    expect(decode(basicAuthorization('rp-basic.enc', 'sec_ret-1.2'))).toBe('rp-basic.enc:sec_ret-1.2');
  });

  it('percent-encodes : % + / ~ and non-ASCII, and sends a space as +', () => {
    expect(formEncodeCredential('a:b%c+d/e~f é')).toBe('a%3Ab%25c%2Bd%2Fe%7Ef+%C3%A9');
    // A server that decodes (RFC 6749 §2.3.1) gets back exactly what was registered.
    const [id, secret] = decode(basicAuthorization('id:1', 's %+')).split(':');
    expect(decodeURIComponent(id!.replace(/\+/g, ' '))).toBe('id:1');
    expect(decodeURIComponent(secret!.replace(/\+/g, ' '))).toBe('s %+');
  });
});

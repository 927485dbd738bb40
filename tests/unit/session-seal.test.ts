import { createCipheriv, createHash, createHmac, pbkdf2Sync, randomBytes } from 'node:crypto';
import { sealData, unsealData } from 'iron-session';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { seal, unseal, unsealSync } from '@/lib/auth/session-seal';

const CURRENT = 'current-session-password-0123456789abcdef';
const PREVIOUS = 'previous-session-password-0123456789abcdef';
const data = { sub: 'user-1', email: 'max@example.com', nested: { n: 1, list: ['a', 'ü'] }, token: 'x'.repeat(600) };

/** The password id session-seal derives (restated here so the test fails if it ever changes: old cookies would stop reading). */
const idOf = (p: string) => String(parseInt(createHash('sha256').update(p).digest('hex').slice(0, 12), 16));

/** Iron's key derivation and MAC, to craft seals whose MAC is valid but whose other parts are not. */
const key = (password: string, salt: string) => pbkdf2Sync(password, salt, 1, 32, 'sha1');
function craft(parts: { id?: string; iv?: Buffer; plain?: Buffer; encrypted?: string; expiration?: string; password?: string }): string {
  const password = parts.password ?? CURRENT;
  const salt = randomBytes(32).toString('hex');
  const hmacSalt = randomBytes(32).toString('hex');
  const iv = parts.iv ?? randomBytes(16);
  let encrypted = parts.encrypted;
  if (encrypted === undefined) {
    const cipher = createCipheriv('aes-256-cbc', key(password, salt), iv.length === 16 ? iv : randomBytes(16));
    encrypted = Buffer.concat([cipher.update(parts.plain ?? Buffer.from(JSON.stringify(data))), cipher.final()]).toString('base64url');
  }
  const base = `Fe26.2*${parts.id ?? idOf(password)}*${salt}*${iv.toString('base64url')}*${encrypted}*${parts.expiration ?? String(Date.now() + 60_000)}`;
  const mac = createHmac('sha256', key(password, hmacSalt)).update(base).digest('base64url');
  return `${base}*${hmacSalt}*${mac}~2`;
}

/** iron-session refuses a seal with `{}` or by throwing (e.g. "Wrong mac prefix"). */
async function ironRefuses(sealed: string): Promise<boolean> {
  try {
    return Object.keys(await unsealData<object>(sealed, { password: { [idOf(CURRENT)]: CURRENT } })).length === 0;
  } catch {
    return true;
  }
}

afterEach(() => vi.useRealTimers());

describe('session seal (Iron Fe26.2, read with node:crypto)', () => {
  it('unseals what iron-session sealData sealed', async () => {
    const sealed = await sealData(data, { password: { [idOf(CURRENT)]: CURRENT }, ttl: 3600 });
    expect(unsealSync(sealed, [CURRENT])).toEqual(data);
    expect(await unseal(sealed, [CURRENT])).toEqual(data);
  });

  it('seals what iron-session unsealData reads', async () => {
    const sealed = await seal(data, [CURRENT, PREVIOUS], 3600);
    expect(await unsealData(sealed, { password: { [idOf(CURRENT)]: CURRENT } })).toEqual(data);
    expect(unsealSync(sealed, [CURRENT, PREVIOUS])).toEqual(data);
  });

  it('rotates: the first password seals, every listed password unseals, in both directions', async () => {
    const old = await sealData(data, { password: { [idOf(PREVIOUS)]: PREVIOUS }, ttl: 3600 });
    expect(unsealSync(old, [CURRENT, PREVIOUS])).toEqual(data);
    expect(unsealSync(old, [CURRENT])).toBeUndefined();
    const ours = await seal(data, [CURRENT, PREVIOUS], 3600);
    expect(ours.split('*')[1]).toBe(idOf(CURRENT));
    const both = { [idOf(CURRENT)]: CURRENT, [idOf(PREVIOUS)]: PREVIOUS };
    expect(await unsealData(ours, { password: both })).toEqual(data);
    expect(await unsealData(ours, { password: { [idOf(PREVIOUS)]: PREVIOUS } })).toEqual({});
    expect(unsealSync(ours, [PREVIOUS])).toBeUndefined();
  });

  it('refuses a seal whose password id names another of the passwords (the MAC binds the id)', async () => {
    const sealed = await seal(data, [CURRENT], 3600);
    const parts = sealed.split('*');
    parts[1] = idOf(PREVIOUS);
    expect(unsealSync(parts.join('*'), [CURRENT, PREVIOUS])).toBeUndefined();
  });

  it('refuses a change to any part of the seal, and to its version suffix', async () => {
    const sealed = await seal(data, [CURRENT], 3600);
    const parts = sealed.slice(0, -2).split('*');
    expect(parts).toHaveLength(8);
    for (let i = 0; i < parts.length; i++) {
      for (const at of [0, Math.floor(parts[i]!.length / 2), parts[i]!.length - 1]) {
        const changed = [...parts];
        const c = changed[i]!;
        changed[i] = c.slice(0, at) + (c[at] === '1' ? '2' : '1') + c.slice(at + 1);
        const tampered = `${changed.join('*')}~2`;
        expect(unsealSync(tampered, [CURRENT]), `part ${i} at ${at}`).toBeUndefined();
        expect(await ironRefuses(tampered), `iron-session agrees on part ${i}`).toBe(true);
      }
    }
    expect(unsealSync(`${sealed.slice(0, -2)}~1`, [CURRENT])).toBeUndefined();
    expect(unsealSync(sealed.slice(0, -2), [CURRENT])).toBeUndefined();
    expect(unsealSync(`${sealed}x`, [CURRENT])).toBeUndefined();
  });

  it('refuses a MAC spelled differently even where base64url decodes it to the same bytes', async () => {
    const sealed = await seal(data, [CURRENT], 3600);
    const mac = sealed.slice(0, -2).split('*')[7]!;
    const last = mac.at(-1)!;
    // 43 characters carry 258 bits for 256: the last character's low 2 bits are padding.
    const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
    const sibling = alphabet[alphabet.indexOf(last) ^ 1]!;
    const variant = `${sealed.slice(0, -3)}${sibling}~2`;
    expect(Buffer.from(variant.slice(0, -2).split('*')[7]!, 'base64url')).toEqual(Buffer.from(mac, 'base64url'));
    expect(unsealSync(variant, [CURRENT])).toBeUndefined();
  });

  it('refuses a wrong or unknown password', async () => {
    const sealed = await seal(data, [CURRENT], 3600);
    expect(unsealSync(sealed, ['z'.repeat(32)])).toBeUndefined();
    expect(unsealSync(craft({ id: idOf(CURRENT), password: PREVIOUS }), [CURRENT, PREVIOUS])).toBeUndefined();
    for (const id of ['', 'default', '__proto__', 'constructor', 'toString']) {
      expect(unsealSync(craft({ id }), [CURRENT]), `id ${JSON.stringify(id)}`).toBeUndefined();
    }
  });

  it('enforces the expiry as iron-session does (60 s of clock skew), and requires one', async () => {
    const sealed = await sealData(data, { password: { [idOf(CURRENT)]: CURRENT }, ttl: 10 });
    const expiration = Number(sealed.slice(0, -2).split('*')[5]);
    expect(unsealSync(sealed, [CURRENT], expiration + 59_000)).toEqual(data);
    expect(unsealSync(sealed, [CURRENT], expiration + 60_000)).toBeUndefined();
    vi.useFakeTimers({ toFake: ['Date'], now: expiration + 60_000 });
    expect(await unsealData(sealed, { password: { [idOf(CURRENT)]: CURRENT } })).toEqual({});
    expect(await unseal(sealed, [CURRENT])).toBeUndefined();
    vi.useRealTimers();
    // iron-session seals with ttl 0 without expiration and reads it forever; ours always carry one.
    const forever = await sealData(data, { password: { [idOf(CURRENT)]: CURRENT }, ttl: 0 });
    expect(unsealSync(forever, [CURRENT])).toBeUndefined();
    expect(unsealSync(craft({ expiration: '12e3' }), [CURRENT])).toBeUndefined();
  });

  it('refuses malformed seals, including ones with a valid MAC over bad contents', () => {
    for (const bad of ['', '~2', 'Fe26.2~2', 'Fe26.2*1*a*b*c*d*e~2', 'Fe26.2*1*a*b*c*d*e*f*g~2', `Fe26.1${craft({}).slice(6)}`, '%%%garbage', 'a'.repeat(5000)]) {
      expect(unsealSync(bad, [CURRENT]), bad.slice(0, 40)).toBeUndefined();
    }
    expect(unsealSync(craft({}), [CURRENT])).toEqual(data);
    expect(unsealSync(craft({ iv: randomBytes(8) }), [CURRENT]), 'short IV').toBeUndefined();
    expect(unsealSync(craft({ encrypted: randomBytes(40).toString('base64url') }), [CURRENT]), 'bad padding').toBeUndefined();
    expect(unsealSync(craft({ plain: Buffer.from('not json') }), [CURRENT]), 'not JSON').toBeUndefined();
    expect(unsealSync(craft({ plain: Buffer.from('[1,2]') }), [CURRENT]), 'an array').toBeUndefined();
    expect(unsealSync(craft({ plain: Buffer.from('{}') }), [CURRENT]), 'empty').toBeUndefined();
    expect(unsealSync(craft({ plain: Buffer.from('"s"') }), [CURRENT]), 'a string').toBeUndefined();
  });

  it('never throws on hostile input', () => {
    const sealed = craft({});
    for (let i = 0; i < 200; i++) {
      const at = Math.floor(Math.random() * sealed.length);
      const mutated = sealed.slice(0, at) + String.fromCharCode(Math.floor(Math.random() * 0x2fff)) + sealed.slice(at + 1);
      expect(() => unsealSync(mutated, [CURRENT])).not.toThrow();
    }
  });
});

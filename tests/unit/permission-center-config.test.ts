import { describe, expect, it } from 'vitest';
import { ConfigError } from '@/lib/auth';
import { LIVE_EXPORT_URL, LIVE_READ_URL, LIVE_WRITE_URL, parseExportConfig, parsePermissionCenterConfig } from '@/lib/permission-center';

function issues(fn: () => unknown): { variable: string; message: string }[] {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(ConfigError);
    return (e as ConfigError).issues;
  }
  throw new Error('expected a ConfigError');
}

describe('parsePermissionCenterConfig', () => {
  it('defaults to the netID LIVE hosts, a 5 s timeout and a 10 s expiry skew', () => {
    expect(parsePermissionCenterConfig({})).toEqual({
      readUrl: 'https://einwilligungsspeicher.netid.de',
      writeUrl: 'https://einwilligen.netid.de',
      timeoutMs: 5000,
      expirySkewSeconds: 10,
    });
    expect(LIVE_READ_URL).toBe('https://einwilligungsspeicher.netid.de');
    expect(LIVE_WRITE_URL).toBe('https://einwilligen.netid.de');
  });

  it('treats blank values as unset and strips trailing slashes', () => {
    const c = parsePermissionCenterConfig({ PERMISSION_CENTER_READ_URL: '  ', PERMISSION_CENTER_WRITE_URL: 'http://127.0.0.1:4002/' });
    expect(c.readUrl).toBe(LIVE_READ_URL);
    expect(c.writeUrl).toBe('http://127.0.0.1:4002');
  });

  it('accepts http:// only for loopback and lists every problem without echoing values', () => {
    const list = issues(() =>
      parsePermissionCenterConfig({
        PERMISSION_CENTER_READ_URL: 'http://pc.example.com',
        PERMISSION_CENTER_WRITE_URL: 'not a url secretvalue',
        PERMISSION_CENTER_TIMEOUT_MS: '5',
      }),
    );
    expect(list.map((i) => i.variable).sort()).toEqual([
      'PERMISSION_CENTER_READ_URL',
      'PERMISSION_CENTER_TIMEOUT_MS',
      'PERMISSION_CENTER_WRITE_URL',
    ]);
    expect(JSON.stringify(list)).not.toContain('secretvalue');
    expect(list.find((i) => i.variable === 'PERMISSION_CENTER_READ_URL')!.message).toMatch(/loopback/);
    expect(parsePermissionCenterConfig({ PERMISSION_CENTER_READ_URL: 'http://localhost:4001' }).readUrl).toBe('http://localhost:4001');
  });

  it('refuses a query string in a base URL', () => {
    expect(issues(() => parsePermissionCenterConfig({ PERMISSION_CENTER_READ_URL: 'https://x.example/?a=1' }))[0]!.variable).toBe(
      'PERMISSION_CENTER_READ_URL',
    );
  });
});

describe('parseExportConfig', () => {
  it('requires HTTP Basic credentials and defaults to the LIVE export host', () => {
    const list = issues(() => parseExportConfig({}));
    expect(list.map((i) => i.variable).sort()).toEqual(['PERMISSION_CENTER_EXPORT_PASSWORD', 'PERMISSION_CENTER_EXPORT_USERNAME']);
    const c = parseExportConfig({ PERMISSION_CENTER_EXPORT_USERNAME: 'u', PERMISSION_CENTER_EXPORT_PASSWORD: 'p' });
    expect(c).toMatchObject({ exportUrl: LIVE_EXPORT_URL, username: 'u', password: 'p', tappId: undefined, timeoutMs: 60000 });
  });

  it('never echoes the password', () => {
    const list = issues(() =>
      parseExportConfig({ PERMISSION_CENTER_EXPORT_USERNAME: 'u', PERMISSION_CENTER_EXPORT_PASSWORD: 'hunter2', PERMISSION_CENTER_EXPORT_URL: 'ftp://x' }),
    );
    expect(JSON.stringify(list)).not.toContain('hunter2');
  });

  it('treats blank values as unset: defaults apply, blank credentials are missing', () => {
    const blank = { PERMISSION_CENTER_EXPORT_URL: '', PERMISSION_CENTER_EXPORT_TAPP_ID: ' ', PERMISSION_CENTER_EXPORT_TIMEOUT_MS: '' };
    const c = parseExportConfig({ ...blank, PERMISSION_CENTER_EXPORT_USERNAME: 'u', PERMISSION_CENTER_EXPORT_PASSWORD: 'p' });
    expect(c).toMatchObject({ exportUrl: LIVE_EXPORT_URL, tappId: undefined, timeoutMs: 60000 });
    const list = issues(() => parseExportConfig({ ...blank, PERMISSION_CENTER_EXPORT_USERNAME: '  ', PERMISSION_CENTER_EXPORT_PASSWORD: 'p' }));
    expect(list).toEqual([{ variable: 'PERMISSION_CENTER_EXPORT_USERNAME', message: 'is required' }]);
  });
});

import fs from 'node:fs';
import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { NETID_BUTTON_VARIANTS, NetIdButton, type NetIdButtonProps } from '../../lib/react';
import { netIdLoginHref } from '../../lib/react/netid-button';

const css = fs.readFileSync(new URL('../../lib/react/netid-button.css', import.meta.url), 'utf8');
const render = (props: NetIdButtonProps = {}) => renderToStaticMarkup(createElement(NetIdButton, props));

/** WCAG 2.1 contrast ratio of two `#rrggbb` colours. */
function contrast(a: string, b: string): number {
  const luminance = (hex: string) => {
    const [r, g, bl] = (hex.slice(1).match(/../g) ?? []).map((h) => {
      const v = parseInt(h, 16) / 255;
      return v <= 0.04045 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4;
    }) as [number, number, number];
    return 0.2126 * r + 0.7152 * g + 0.0722 * bl;
  };
  const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x) as [number, number];
  return (hi + 0.05) / (lo + 0.05);
}

describe('NetIdButton', () => {
  it('is a plain link to the login route with flow and returnTo, no script or handler', () => {
    const html = render({ flow: 'login-permission', returnTo: '/consent?x=1', locale: 'en' });
    expect(html).toBe(
      '<a class="netid-button netid-button--white" href="/api/auth/login?flow=login-permission&amp;returnTo=%2Fconsent%3Fx%3D1"><span class="netid-button__label">Sign in with netID</span></a>',
    );
    expect(html).not.toMatch(/on[a-z]+=|<script|style=/i);
  });

  it('speaks German by default and takes sizes, variants, a custom path and pass-through attributes', () => {
    const html = render({ variant: 'green', size: 'full', loginPath: '/auth/login', 'data-testid': 'b' } as NetIdButtonProps);
    expect(html).toContain('Mit netID anmelden');
    expect(html).toContain('class="netid-button netid-button--green netid-button--full"');
    expect(html).toContain('href="/auth/login"');
    expect(html).toContain('data-testid="b"');
    expect(render({ size: 'small' })).toContain('netid-button--small');
    expect(render({ size: 'large' })).toContain('netid-button--large');
  });

  it('has a slot for the official logo, decorative so the label names the action', () => {
    expect(render({ logoSrc: '/netid/logo.svg' })).toContain('<img class="netid-button__logo" src="/netid/logo.svg" alt=""');
    expect(render()).not.toContain('<img');
  });

  it('builds hrefs without empty parameters', () => {
    expect(netIdLoginHref()).toBe('/api/auth/login');
    expect(netIdLoginHref('/api/auth/login', 'login')).toBe('/api/auth/login?flow=login');
  });
});

describe('NETID_BUTTON_VARIANTS', () => {
  it('states the contrast its colours measure, and the stylesheet uses those colours', () => {
    for (const [name, v] of Object.entries(NETID_BUTTON_VARIANTS)) {
      expect(contrast(v.text, v.background).toFixed(2), name).toBe(v.contrast.toFixed(2));
      expect(v.passesAA, name).toBe(contrast(v.text, v.background) >= 4.5);
      const rule = css.match(new RegExp(`\\.netid-button--${name} \\{([^}]*)\\}`))?.[1] ?? '';
      expect(rule, name).toContain(`background-color: ${v.background}`);
      expect(rule, name).toContain(`color: ${v.text}`);
      if (v.border) expect(contrast(v.border, '#ffffff'), `${name} border`).toBeGreaterThanOrEqual(3);
    }
  });

  it('green is the styleguide colour and fails AA; white passes', () => {
    expect(NETID_BUTTON_VARIANTS.green).toMatchObject({ background: '#76b82a', text: '#ffffff', contrast: 2.42, passesAA: false });
    expect(NETID_BUTTON_VARIANTS.white.passesAA).toBe(true);
  });
});

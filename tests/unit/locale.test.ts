import { describe, expect, it } from 'vitest';
import { de } from '../../app/_i18n/de';
import { en } from '../../app/_i18n/en';
import { fill } from '../../app/_i18n/fill';
import { negotiateLocale } from '../../app/_i18n/locale';

describe('negotiateLocale', () => {
  it('takes German for any de tag and English for en', () => {
    expect(negotiateLocale(undefined, 'de-DE,de;q=0.9,en;q=0.8')).toBe('de');
    expect(negotiateLocale(undefined, 'de-AT')).toBe('de');
    expect(negotiateLocale(undefined, 'en-US,en;q=0.9,de;q=0.8')).toBe('en');
    expect(negotiateLocale(undefined, 'fr-FR,en;q=0.5')).toBe('en');
  });

  it('German first: without a header and for a wildcard', () => {
    expect(negotiateLocale(undefined, null)).toBe('de');
    expect(negotiateLocale(undefined, '*')).toBe('de');
  });

  it('English when the header names only other languages', () => {
    expect(negotiateLocale(undefined, 'fr, it;q=0.8')).toBe('en');
  });

  it("the switch's cookie wins over the header; a bad cookie is ignored", () => {
    expect(negotiateLocale('en', 'de-DE')).toBe('en');
    expect(negotiateLocale('de', 'en-US')).toBe('de');
    expect(negotiateLocale('xx', 'en-US')).toBe('en');
  });
});

describe('dictionaries', () => {
  it('German has every English key and no text left empty', () => {
    const keys = (o: object, prefix = ''): string[] =>
      Object.entries(o).flatMap(([k, v]) => (typeof v === 'object' ? keys(v, `${prefix}${k}.`) : [`${prefix}${k}`]));
    expect(keys(de).sort()).toEqual(keys(en).sort());
    const leaves = (o: object): string[] => Object.values(o).flatMap((v) => (typeof v === 'object' ? leaves(v) : [v as string]));
    for (const text of [...leaves(de), ...leaves(en)]) expect(text.trim()).not.toBe('');
  });

  it('fill replaces known placeholders only', () => {
    expect(fill('Granted on {date}.', { date: '1 May' })).toBe('Granted on 1 May.');
    expect(fill('{a} {b}', { a: 1 })).toBe('1 {b}');
  });
});

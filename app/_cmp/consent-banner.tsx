'use client';

import { useEffect, useId, useRef, useState } from 'react';
import type { Dictionary } from '@/app/_i18n';
import { fill } from '@/app/_i18n/fill';
import type { CmpState, ReferenceCmp } from './reference-cmp';
import { PURPOSE_IDS, VENDOR_NAMES } from './tc-choice';

/** The banner's texts (`cmp` of the app's dictionaries). */
export type CmpTexts = Dictionary['cmp'];

/** The CSS variable the page's bottom padding reads, so the fixed banner never covers the end of a page. */
const HEIGHT_VARIABLE = '--cmp-banner-height';

/**
 * The consent banner: "Accept all" and "Reject all" side by side with equal weight, and a third
 * button that opens the purpose settings (a checkbox per TCF purpose, then "Save my choice").
 * A landmark region fixed at the bottom; the page gets padding of its height so nothing is
 * hidden behind it. Plain React event handlers: nothing inline, so it runs under the nonce CSP.
 */
export function ConsentBanner({ cmp, state, texts }: { cmp: ReferenceCmp; state: CmpState; texts: CmpTexts }) {
  const region = useRef<HTMLElement>(null);
  const titleId = useId();
  const [checked, setChecked] = useState<ReadonlySet<number>>(new Set(state.purposes));
  const settings = state.view === 'settings';

  // Pre-fill the settings with the choice in force each time they open.
  useEffect(() => {
    if (settings) setChecked(new Set(state.purposes));
  }, [settings, state.purposes]);

  // Opened from the footer link: move focus into the settings, so keyboard users land on them.
  useEffect(() => {
    if (settings) region.current?.querySelector<HTMLElement>('input, button')?.focus();
  }, [settings]);

  useEffect(() => {
    const element = region.current;
    const root = document.documentElement;
    if (!element) return;
    const observer = new ResizeObserver(() => root.style.setProperty(HEIGHT_VARIABLE, `${element.offsetHeight}px`));
    observer.observe(element);
    return () => {
      observer.disconnect();
      root.style.removeProperty(HEIGHT_VARIABLE);
    };
  }, []);

  const toggle = (id: number, on: boolean) =>
    setChecked((previous) => {
      const next = new Set(previous);
      if (on) next.add(id);
      else next.delete(id);
      return next;
    });

  return (
    <section ref={region} className="cmp-banner" aria-labelledby={titleId} data-testid="cmp-banner" data-view={state.view}>
      <div className="cmp-banner-inner">
        <h2 id={titleId}>{texts.title}</h2>
        <p>{texts.intro}</p>
        <p className="muted">{fill(texts.partners, { names: VENDOR_NAMES.join(', ') })}</p>
        {settings && (
          <fieldset className="cmp-purposes" data-testid="cmp-purposes">
            <legend>{texts.purposesLegend}</legend>
            {PURPOSE_IDS.map((id) => (
              <label key={id} className="cmp-purpose">
                <input
                  type="checkbox"
                  checked={checked.has(id)}
                  onChange={(event) => toggle(id, event.currentTarget.checked)}
                  data-testid={`cmp-purpose-${id}`}
                />
                <span>{texts.purposes[id - 1] ?? `#${id}`}</span>
              </label>
            ))}
          </fieldset>
        )}
        <div className="actions cmp-actions">
          <button type="button" className="button primary" onClick={() => cmp.acceptAll()} data-testid="cmp-accept-all">
            {texts.acceptAll}
          </button>
          <button type="button" className="button primary" onClick={() => cmp.rejectAll()} data-testid="cmp-reject-all">
            {texts.rejectAll}
          </button>
          {settings ? (
            <button type="button" className="button" onClick={() => cmp.savePurposes([...checked])} data-testid="cmp-save">
              {texts.save}
            </button>
          ) : (
            <button type="button" className="button" onClick={() => cmp.openSettings()} data-testid="cmp-settings">
              {texts.settings}
            </button>
          )}
        </div>
      </div>
    </section>
  );
}

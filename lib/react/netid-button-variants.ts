/**
 * The two looks of the netID sign-in button that netID's styleguide shows, as data: the
 * colours in `netid-button.css` and their measured WCAG 2.1 contrast ratios (relative luminance,
 * WCAG 2.1 §1.4.3 formula; checked by tests/unit/netid-button.test.ts against these colours).
 *
 * @module
 */

/** A look of {@link NetIdButton}. */
export type NetIdButtonVariant = 'green' | 'white';

/** Colours and measured contrast of one variant. */
export interface NetIdButtonVariantSpec {
  /** Background colour (hex). */
  background: string;
  /** Label colour (hex). */
  text: string;
  /** Border colour (hex), or `null` for none. */
  border: string | null;
  /** Contrast of the label on the background, rounded to two decimals. */
  contrast: number;
  /** Whether the label meets WCAG 2.1 AA for normal-size text (4.5:1). */
  passesAA: boolean;
}

/**
 * The variants:
 * - `green`: netID's brand button, white IBM Plex Sans SemiBold on `#76b82a`. Contrast
 *   **2.42:1**: fails WCAG 2.1 AA (4.5:1 for text of this size, and even the 3:1 for large text).
 *   Offer it only where the brand look is contractually required, next to an accessible alternative.
 * - `white`: the styleguide's white button, `#1f1f1f` text on white with a `#4d7c1a` netID-green
 *   border. Contrast **16.48:1** for the label (AA and AAA) and 4.98:1 for the border
 *   (non-text contrast, WCAG 1.4.11, needs 3:1). The reference app uses this one.
 */
export const NETID_BUTTON_VARIANTS: Readonly<Record<NetIdButtonVariant, NetIdButtonVariantSpec>> = Object.freeze({
  green: { background: '#76b82a', text: '#ffffff', border: null, contrast: 2.42, passesAA: false },
  white: { background: '#ffffff', text: '#1f1f1f', border: '#4d7c1a', contrast: 16.48, passesAA: true },
});

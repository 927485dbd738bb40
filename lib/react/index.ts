/**
 * React components for partners' own pages: netID's sign-in button. Server-renderable, no client
 * JavaScript. Styles: `netid-button.css` in this folder; font: `@fontsource/ibm-plex-sans`.
 *
 * @module
 */
export { NetIdButton, NETID_BUTTON_LABELS, type NetIdButtonLocale, type NetIdButtonProps, type NetIdButtonSize } from './netid-button';
export { NETID_BUTTON_VARIANTS, type NetIdButtonVariant, type NetIdButtonVariantSpec } from './netid-button-variants';

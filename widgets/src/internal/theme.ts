import { css } from 'lit'

/**
 * Tokens shared by every widget. Each `--edu-*` custom property may be set by the host page (on the
 * element, or on any ancestor: custom properties inherit into shadow roots); unset, the widgets take
 * the page's font and text colour and a blue accent, darker or lighter with `prefers-color-scheme`.
 */
export const theme = css`
  :host {
    --_primary: var(--edu-color-primary, #1d4ed8);
    --_on-primary: var(--edu-color-on-primary, #ffffff);
    --_text: var(--edu-color-text, inherit);
    --_muted: var(--edu-color-muted, #4b5563);
    --_surface: var(--edu-color-surface, transparent);
    --_border: var(--edu-color-border, #d1d5db);
    --_success: var(--edu-color-success, #15803d);
    --_danger: var(--edu-color-danger, #b91c1c);
    --_focus: var(--edu-color-focus, #2563eb);
    --_radius: var(--edu-radius, 0.5rem);
    --_gap: var(--edu-spacing, 1rem);
    display: block;
    box-sizing: border-box;
    font-family: var(--edu-font-family, inherit);
    font-size: var(--edu-font-size, inherit);
    color: var(--_text);
    line-height: 1.5;
  }
  @media (prefers-color-scheme: dark) {
    :host {
      --_primary: var(--edu-color-primary, #93b4ff);
      --_on-primary: var(--edu-color-on-primary, #0b1020);
      --_muted: var(--edu-color-muted, #c4c9d4);
      --_border: var(--edu-color-border, #4b5563);
      --_success: var(--edu-color-success, #4ade80);
      --_danger: var(--edu-color-danger, #fca5a5);
      --_focus: var(--edu-color-focus, #93b4ff);
    }
  }
  :host([hidden]) { display: none; }
  *, *::before, *::after { box-sizing: inherit; }
  button {
    font: inherit;
    cursor: pointer;
    border-radius: var(--_radius);
    padding: 0.5em 1em;
    min-height: 2.75rem;
    border: 1px solid var(--_primary);
    background: var(--_primary);
    color: var(--_on-primary);
    font-weight: 600;
  }
  button.secondary { background: transparent; color: inherit; border-color: var(--_border); }
  button:disabled { cursor: progress; opacity: 0.7; }
  :focus-visible { outline: 3px solid var(--_focus); outline-offset: 2px; }
  .muted { color: var(--_muted); }
  .visually-hidden {
    position: absolute !important; width: 1px; height: 1px; padding: 0; margin: -1px;
    overflow: hidden; clip: rect(0 0 0 0); white-space: nowrap; border: 0;
  }
  .notice { border-left: 4px solid var(--_primary); padding: 0.5em 0.75em; margin: 0.75em 0; }
  .error { border-left-color: var(--_danger); }
  progress { width: 100%; height: 0.5rem; accent-color: var(--_primary); }
`

import { css } from 'lit'

/**
 * Tokens shared by every widget. Each `--edu-*` custom property may be set by the host page (on the
 * element, or on any ancestor: custom properties inherit into shadow roots); unset, the widgets take
 * the page's font and text colour and a blue accent.
 *
 * Light or dark follows the host page, not the device: the defaults are `light-dark()` pairs, which
 * resolve on the element's colour scheme, inherited from the page. A page that declares nothing is
 * light; one that declares `color-scheme: light dark` follows `prefers-color-scheme`; `color-scheme`
 * or the `theme` attribute (`light`, `dark`) on a widget set it for that widget. Text on the accent
 * is black or white, whichever is readable on it (CIE L* 49.44 is where both have the same contrast),
 * unless `--edu-color-on-primary` says otherwise. Browsers without `light-dark()` or relative colours
 * get the light defaults.
 */
export const theme = css`
  :host {
    color-scheme: inherit;
    --_primary: var(--edu-color-primary, #1d4ed8);
    --_on-primary: var(--edu-color-on-primary, #fff);
    --_text: var(--edu-color-text, inherit);
    --_muted: var(--edu-color-muted, #4b5563);
    --_surface: var(--edu-color-surface, transparent);
    --_border: var(--edu-color-border, #d1d5db);
    --_success: var(--edu-color-success, #15803d);
    --_danger: var(--edu-color-danger, #b91c1c);
    --_focus: var(--edu-color-focus, #2563eb);
    --_star: var(--edu-color-star, #b45309);
    --_radius: var(--edu-radius, 0.5rem);
    --_gap: var(--edu-spacing, 1rem);
    display: block;
    box-sizing: border-box;
    font-family: var(--edu-font-family, inherit);
    font-size: var(--edu-font-size, inherit);
    color: var(--_text);
    line-height: 1.5;
  }
  :host([theme='light']) { color-scheme: light; }
  :host([theme='dark']) { color-scheme: dark; }
  @supports (color: light-dark(#000, #fff)) and (color: lch(from #000 l c h)) {
    :host {
      --_primary: var(--edu-color-primary, light-dark(#1d4ed8, #93b4ff));
      --_on-primary: var(--edu-color-on-primary, lch(from var(--_primary) calc((49.44 - l) * 1000) 0 0));
      --_muted: var(--edu-color-muted, light-dark(#4b5563, #c4c9d4));
      --_border: var(--edu-color-border, light-dark(#d1d5db, #4b5563));
      --_success: var(--edu-color-success, light-dark(#15803d, #4ade80));
      --_danger: var(--edu-color-danger, light-dark(#b91c1c, #fca5a5));
      --_focus: var(--edu-color-focus, light-dark(#2563eb, #93b4ff));
      --_star: var(--edu-color-star, light-dark(#b45309, #fbbf24));
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

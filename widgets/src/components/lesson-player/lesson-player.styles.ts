import { css } from 'lit'

export default css`
  [part='base'] { display: flex; flex-direction: column; gap: var(--_gap); }
  header { display: grid; gap: 0.25rem; }
  [part='title'] { font-size: 1.4em; line-height: 1.25; margin: 0; overflow-wrap: anywhere; }
  [part='title']:focus { outline: none; }
  [part='title']:focus-visible { outline: 3px solid var(--_focus); }
  .done { color: var(--_success); font-weight: 600; }
  [part='content'] { overflow-wrap: anywhere; }
  [part='content'] img, [part='content'] video { max-width: 100%; height: auto; }
  [part='content'] pre { overflow-x: auto; padding: 0.75em; border-radius: var(--_radius); border: 1px solid var(--_border); }
  [part='content'] a { color: inherit; }
  [part='video'] { position: relative; aspect-ratio: 16 / 9; width: 100%; border-radius: var(--_radius); overflow: hidden; background: #0b1020; }
  [part='video'] iframe, [part='video'] video { position: absolute; inset: 0; width: 100%; height: 100%; border: 0; }
  .facade { position: absolute; inset: 0; display: grid; place-content: center; gap: 0.5rem; text-align: center; color: #ffffff; padding: var(--_gap); }
  .facade button { justify-self: center; }
  .facade p { margin: 0; font-size: 0.85em; color: #e5e7eb; }
  [part='navigation'] { display: flex; flex-wrap: wrap; gap: 0.5rem; justify-content: space-between; align-items: center; }
  [part='navigation'] .spacer { flex: 1; }
  .progress { display: grid; gap: 0.25rem; font-size: 0.9em; }
  .locked { display: grid; gap: var(--_gap); }
  [part='complete'][aria-disabled='true'] { cursor: progress; opacity: 0.7; }
  .done:focus { outline: none; }
  .done:focus-visible { outline: 3px solid var(--_focus); }
  .offer { display: grid; gap: 0.5rem; }
  .offer .notice { margin: 0; }
`

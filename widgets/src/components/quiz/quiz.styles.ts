import { css } from 'lit'

export default css`
  [part='base'] { display: flex; flex-direction: column; gap: var(--_gap); border: 1px solid var(--_border); border-radius: var(--_radius); padding: var(--_gap); }
  [part='title'] { font-size: 1.2em; font-weight: 700; margin: 0; }
  .intro { margin: 0; }
  [part='question'] { border: 1px solid var(--_border); border-radius: var(--_radius); padding: 0.75em var(--_gap); margin: 0; min-width: 0; }
  [part='question'] legend { padding: 0 0.25em; font-weight: 600; overflow-wrap: anywhere; }
  .count { display: block; font-weight: 400; font-size: 0.85em; color: var(--_muted); }
  label.option { display: flex; gap: 0.5em; align-items: flex-start; padding: 0.375em 0; cursor: pointer; overflow-wrap: anywhere; }
  label.option input { margin-top: 0.3em; width: 1.1em; height: 1.1em; accent-color: var(--_primary); }
  label.text { display: grid; gap: 0.25em; }
  input[type='text'] { font: inherit; color: inherit; background: transparent; padding: 0.5em; border: 1px solid var(--_muted); border-radius: var(--_radius); min-height: 2.75rem; }
  [part='result'] { margin: 0.5em 0 0; padding: 0.5em 0.75em; border-left: 4px solid; }
  [part='result'].correct { border-color: var(--_success); }
  [part='result'].incorrect { border-color: var(--_danger); }
  [part='result'] strong.correct { color: var(--_success); }
  [part='result'] strong.incorrect { color: var(--_danger); }
  [part='result'] p { margin: 0.25em 0 0; }
  .actions { display: flex; flex-wrap: wrap; gap: 0.5rem; align-items: center; }
  [part='summary'] { font-weight: 600; margin: 0; }
  [part='summary'].passed { color: var(--_success); }
  [part='summary'].failed { color: var(--_danger); }
  [part='submit'][aria-disabled='true'] { cursor: progress; opacity: 0.7; }
  [part='locked'] { display: grid; gap: var(--_gap); }
  .used { font-weight: 400; }
`

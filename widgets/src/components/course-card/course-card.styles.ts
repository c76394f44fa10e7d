import { css } from 'lit'

export default css`
  [part='base'] {
    display: flex;
    flex-direction: column;
    gap: 0.5rem;
    max-width: var(--edu-card-max-width, 22rem);
    border: 1px solid var(--_border);
    border-radius: var(--_radius);
    background: var(--_surface);
    overflow: hidden;
  }
  [part='cover'] { display: block; width: 100%; aspect-ratio: 16 / 9; object-fit: cover; background: var(--_border); }
  .body { display: flex; flex-direction: column; gap: 0.375rem; padding: 0 var(--_gap) var(--_gap); }
  .cover-space { height: 0; }
  [part='title'] { font-size: 1.15em; line-height: 1.3; margin: 0.75rem 0 0; overflow-wrap: anywhere; }
  .meta { display: flex; flex-wrap: wrap; gap: 0.25rem 0.75rem; margin: 0; font-size: 0.9em; }
  [part='teacher'] { margin: 0; }
  [part='level'] { border: 1px solid var(--_border); border-radius: 999px; padding: 0 0.5em; }
  [part='rating'] { display: flex; align-items: center; gap: 0.375rem; font-size: 0.9em; }
  .stars { color: var(--_star); letter-spacing: 0.05em; }
  [part='price'] { font-size: 1.1em; font-weight: 700; margin: 0.25rem 0 0; }
  [part='action'] { width: 100%; margin-top: 0.25rem; }
  .progress { display: grid; gap: 0.25rem; font-size: 0.9em; }
  [part='action'][aria-disabled='true'] { cursor: progress; opacity: 0.7; }
`

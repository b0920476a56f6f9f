import { css } from "lit";

export const alertButtonStyles = css`
  :host {
    --_size: var(--alertrun-button-size, 160px);
    --_ring-width: var(--alertrun-ring-width, 8);
  }

  .base {
    display: grid;
    justify-items: center;
    gap: var(--_gap);
    max-width: 100%;
    padding: var(--_gap);
    border-radius: var(--_radius);
    /* The element paints its own surface, so its text contrast never depends on the page. */
    background: var(--_surface);
  }

  .hold {
    position: relative;
    display: grid;
    place-items: center;
    width: var(--_size);
    height: var(--_size);
    max-width: 80vw;
    max-height: 80vw;
    padding: 1.25em;
    border: none;
    border-radius: 50%;
    background: var(--_danger);
    color: var(--_danger-contrast);
    font-size: 1.25em;
    font-weight: 700;
    line-height: 1.15;
    text-align: center;
    box-shadow: 0 0.25em 1em rgb(0 0 0 / 0.25);
    /* A long press must not scroll, select text or open the context menu. */
    touch-action: none;
    user-select: none;
    -webkit-user-select: none;
    -webkit-touch-callout: none;
    -webkit-tap-highlight-color: transparent;
    transition: transform 120ms ease-out;
  }

  :host([state="holding"]) .hold {
    transform: scale(0.96);
  }

  .hold:disabled {
    opacity: 0.6;
  }

  .ring {
    position: absolute;
    inset: 0;
    width: 100%;
    height: 100%;
    transform: rotate(-90deg);
    pointer-events: none;
  }

  /* Right to left, the ring fills counter-clockwise from the top. */
  :host(:dir(rtl)) .ring {
    transform: scaleX(-1) rotate(-90deg);
  }

  .ring-track {
    fill: none;
    stroke: color-mix(in srgb, var(--_danger-contrast) 30%, transparent);
    stroke-width: var(--_ring-width);
  }

  .ring-progress {
    fill: none;
    stroke: var(--_danger-contrast);
    stroke-width: var(--_ring-width);
    stroke-linecap: round;
  }

  .label {
    position: relative;
  }

  .hint {
    margin: 0;
    max-width: 22em;
    color: var(--_muted);
    font-size: 0.875em;
    text-align: center;
  }

  .panel {
    width: min(100%, 34em);
    display: grid;
    gap: var(--_gap);
    padding: var(--_gap);
    border: 2px solid var(--_danger);
    border-radius: var(--_radius);
    background: var(--_surface);
    justify-items: stretch;
  }

  .panel--discreet {
    border-width: 1px;
    border-color: var(--_border);
  }

  .panel-header {
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    justify-content: space-between;
    gap: 0.5em;
  }

  .badge--pending {
    background: var(--_surface-raised);
    color: var(--_text);
  }

  .elapsed {
    font-variant-numeric: tabular-nums;
    font-weight: 600;
  }

  video {
    width: 100%;
    max-height: 40vh;
    aspect-ratio: var(--alertrun-video-aspect-ratio, 4 / 3);
    object-fit: cover;
    border-radius: calc(var(--_radius) * 0.75);
    background: #000;
    /* Mirror the selfie view so moving left looks like moving left. */
    transform: scaleX(-1);
  }

  .status {
    list-style: none;
    margin: 0;
    padding: 0;
    display: grid;
    gap: 0.25em;
  }

  .reassure {
    font-size: 1.125em;
    font-weight: 700;
  }

  .notice {
    padding: 0.5em 0.75em;
    border-radius: calc(var(--_radius) * 0.75);
    background: var(--_surface-raised);
    border-inline-start: 4px solid var(--_danger);
  }

  .muted {
    color: var(--_muted);
  }

  .confirm {
    display: grid;
    gap: 0.5em;
    padding: 0.75em;
    border: 2px solid var(--_danger);
    border-radius: calc(var(--_radius) * 0.75);
  }

  .confirm p {
    margin: 0;
    font-weight: 600;
  }

  .row {
    display: flex;
    flex-wrap: wrap;
    gap: 0.5em;
  }

  .row--spaced {
    margin-top: 0.5rem;
  }

  .row > * {
    flex: 1 1 8em;
  }

  .ended {
    display: grid;
    justify-items: center;
    gap: 0.5em;
    text-align: center;
  }

  .ended p {
    margin: 0;
  }
`;

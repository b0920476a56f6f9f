import { css } from "lit";

export const alertMapStyles = css`
  :host {
    --_map-height: var(--alertrun-map-height, 320px);
    --_map-background: var(--alertrun-map-background, #e5e7eb);
  }

  @media (prefers-color-scheme: dark) {
    :host {
      --_map-background: var(--alertrun-map-background, #2a2d33);
    }
  }

  .base {
    display: grid;
    gap: 0.5em;
  }

  .frame {
    position: relative;
    height: var(--_map-height);
    border: 1px solid var(--_border);
    border-radius: var(--_radius);
    overflow: hidden;
    /* Shown wherever tiles are missing, so markers stay readable on a plain background. */
    background: var(--_map-background);
  }

  .map {
    position: absolute;
    inset: 0;
    background: var(--_map-background);
    font-family: var(--_font);
  }

  /* Zoom buttons and attribution are the element's own (Leaflet's controls write innerHTML). */
  .zoom {
    position: absolute;
    top: 0.5em;
    left: 0.5em;
    z-index: 1000;
    display: grid;
    border: 1px solid var(--_border);
    border-radius: 6px;
    overflow: hidden;
    background: var(--_surface);
  }

  .zoom-button {
    width: 34px;
    height: 34px;
    padding: 0;
    border: 0;
    background: var(--_surface);
    color: var(--_text);
    font: 700 1.125em/1 var(--_font);
    cursor: pointer;
  }

  .zoom-button + .zoom-button {
    border-top: 1px solid var(--_border);
  }

  .zoom-button:disabled {
    color: var(--_muted);
    cursor: default;
  }

  .attribution {
    position: absolute;
    right: 0;
    bottom: 0;
    z-index: 1000;
    max-width: 60%;
    padding: 0 0.375em;
    background: rgb(255 255 255 / 0.8);
    color: #222;
    font-size: 0.75em;
    overflow: hidden;
    white-space: nowrap;
    text-overflow: ellipsis;
  }

  .loading {
    position: absolute;
    inset: 0;
    display: grid;
    place-items: center;
    color: var(--_muted);
  }

  .notice {
    position: absolute;
    inset-inline-start: 0.5em;
    bottom: 0.5em;
    z-index: 1000;
    max-width: calc(100% - 1em);
    padding: 0.25em 0.5em;
    border-radius: 6px;
    background: var(--_surface);
    color: var(--_text);
    font-size: 0.8125em;
  }

  .list {
    list-style: none;
    margin: 0;
    padding: 0;
    display: grid;
    gap: 0.25em;
  }

  .item {
    width: 100%;
    min-height: 44px;
    padding: 0.375em 0.625em;
    border: 1px solid var(--_border);
    border-inline-start: 4px solid var(--_danger);
    border-radius: calc(var(--_radius) * 0.5);
    background: var(--_surface);
    text-align: start;
  }

  .item[aria-current="true"] {
    outline: 2px solid var(--_accent);
  }

  .item-title {
    font-weight: 700;
  }

  .item-pos {
    color: var(--_muted);
    font-size: 0.875em;
  }

  .empty {
    margin: 0;
    color: var(--_muted);
    font-size: 0.875em;
  }
`;

import { css } from "lit";

export const alertStreamViewerStyles = css`
  .base {
    display: grid;
    gap: var(--_gap);
    padding: var(--_gap);
    border: 1px solid var(--_border);
    border-radius: var(--_radius);
    background: var(--_surface);
  }

  .stage {
    position: relative;
    overflow: hidden;
    border-radius: calc(var(--_radius) * 0.75);
    background: #000;
    aspect-ratio: var(--alertrun-video-aspect-ratio, 16 / 9);
  }

  video {
    display: block;
    width: 100%;
    height: 100%;
    object-fit: contain;
    background: #000;
  }

  .overlay-top {
    position: absolute;
    inset: 0.5em 0.5em auto 0.5em;
    display: flex;
    justify-content: space-between;
    align-items: center;
    gap: 0.5em;
    pointer-events: none;
  }

  .overlay-top > * {
    pointer-events: auto;
  }

  .badge--off {
    background: #3f3f46;
    color: #ffffff;
  }

  .elapsed {
    padding: 0.125em 0.5em;
    border-radius: 999px;
    background: rgb(0 0 0 / 0.7);
    color: #ffffff;
    font-variant-numeric: tabular-nums;
  }

  /* Issue 16: video over the direct path while the media server is unavailable. */
  .path {
    padding: 0.125em 0.5em;
    border-radius: 999px;
    background: rgb(0 0 0 / 0.7);
    color: #ffffff;
    font-size: 0.875em;
  }

  .unmute {
    position: absolute;
    inset-inline-end: 0.5em;
    bottom: 0.5em;
    min-height: 44px;
    padding: 0.5em 0.875em;
    border: none;
    border-radius: 999px;
    background: rgb(0 0 0 / 0.75);
    color: #ffffff;
    font-weight: 600;
  }

  .overlay {
    position: absolute;
    inset: 0;
    display: grid;
    place-items: center;
    padding: 1em;
    background: rgb(0 0 0 / 0.65);
    color: #ffffff;
    text-align: center;
  }

  .spinner {
    width: 2em;
    height: 2em;
    margin: 0 auto 0.5em;
    border: 3px solid rgb(255 255 255 / 0.35);
    border-top-color: #ffffff;
    border-radius: 50%;
    animation: spin 0.9s linear infinite;
  }

  @keyframes spin {
    to {
      transform: rotate(360deg);
    }
  }

  .meta {
    display: flex;
    flex-wrap: wrap;
    gap: 0.25em 1em;
    margin: 0;
    padding: 0;
    list-style: none;
  }

  .title {
    margin: 0;
    font-size: 1.125em;
    font-weight: 700;
  }

  .muted {
    color: var(--_muted);
  }

  .acks {
    display: flex;
    flex-wrap: wrap;
    gap: 0.5em;
  }

  .ack {
    flex: 1 1 9em;
    min-height: 44px;
    padding: 0.5em 0.75em;
    border: 1px solid var(--_border);
    border-radius: calc(var(--_radius) * 0.75);
    background: var(--_surface-raised);
    font-weight: 600;
  }

  .ack[aria-pressed="true"] {
    border-color: var(--_success);
    background: var(--_success);
    color: var(--_surface);
  }

  .count {
    font-variant-numeric: tabular-nums;
  }

  .message {
    margin: 0;
    padding: 1.5em 1em;
    text-align: center;
  }
`;

import { css } from "lit";

/**
 * Shared by every element. Public tokens are `--alertrun-*`, read here into private `--_*`
 * properties with their defaults, so a page can set a token on `:root`, on a container or on
 * the element itself (a `:host` default would shadow values inherited from the page).
 */
export const baseStyles = css`
  :host {
    --_danger: var(--alertrun-color-danger, #c62828);
    --_danger-contrast: var(--alertrun-color-danger-contrast, #ffffff);
    --_surface: var(--alertrun-color-surface, #ffffff);
    --_surface-raised: var(--alertrun-color-surface-raised, #f3f4f6);
    --_text: var(--alertrun-color-text, #17171c);
    --_muted: var(--alertrun-color-muted, #555b66);
    --_border: var(--alertrun-color-border, #c9ccd3);
    --_accent: var(--alertrun-color-accent, #1d4ed8);
    --_accent-contrast: var(--alertrun-color-accent-contrast, #ffffff);
    --_success: var(--alertrun-color-success, #146c2e);
    --_focus: var(--alertrun-color-focus, #1d4ed8);
    --_font: var(
      --alertrun-font-family,
      system-ui,
      -apple-system,
      "Segoe UI",
      Roboto,
      "Helvetica Neue",
      Arial,
      sans-serif
    );
    --_font-size: var(--alertrun-font-size, medium);
    --_radius: var(--alertrun-radius, 12px);
    --_gap: var(--alertrun-spacing, 0.75em);

    display: block;
    box-sizing: border-box;
  }

  @media (prefers-color-scheme: dark) {
    :host {
      --_danger: var(--alertrun-color-danger, #ef5350);
      --_danger-contrast: var(--alertrun-color-danger-contrast, #140404);
      --_surface: var(--alertrun-color-surface, #18181b);
      --_surface-raised: var(--alertrun-color-surface-raised, #27272a);
      --_text: var(--alertrun-color-text, #f4f4f5);
      --_muted: var(--alertrun-color-muted, #b4b4bd);
      --_border: var(--alertrun-color-border, #52525b);
      --_accent: var(--alertrun-color-accent, #93b4ff);
      --_accent-contrast: var(--alertrun-color-accent-contrast, #0b1530);
      --_success: var(--alertrun-color-success, #6ee7a0);
      --_focus: var(--alertrun-color-focus, #93b4ff);
    }
  }

  :host([hidden]) {
    display: none !important;
  }

  *,
  *::before,
  *::after {
    box-sizing: inherit;
  }

  /*
   * Inherited properties flow from the page into the shadow root; reset every one that could
   * change how the inside looks, so a page's stylesheet cannot reach in.
   */
  .base {
    box-sizing: border-box;
    color: var(--_text);
    font-family: var(--_font);
    font-size: var(--_font-size);
    font-style: normal;
    font-weight: 400;
    font-variant: normal;
    line-height: 1.45;
    letter-spacing: normal;
    word-spacing: normal;
    text-align: start;
    text-indent: 0;
    text-transform: none;
    text-shadow: none;
    white-space: normal;
    visibility: visible;
    cursor: auto;
    direction: inherit;
  }

  button,
  input {
    font: inherit;
    color: inherit;
    letter-spacing: inherit;
    text-transform: none;
  }

  button {
    cursor: pointer;
  }

  button:disabled {
    cursor: not-allowed;
  }

  :focus-visible {
    outline: 3px solid var(--_focus);
    outline-offset: 2px;
  }

  .sr-only {
    position: absolute;
    width: 1px;
    height: 1px;
    padding: 0;
    margin: -1px;
    overflow: hidden;
    clip: rect(0, 0, 0, 0);
    white-space: nowrap;
    border: 0;
  }

  .error {
    display: flex;
    gap: 0.75em;
    align-items: flex-start;
    padding: 0.875em 1em;
    border: 2px solid var(--_danger);
    border-radius: var(--_radius);
    background: var(--_surface);
    color: var(--_text);
  }

  .error-icon {
    flex: none;
    display: inline-grid;
    place-items: center;
    width: 1.5em;
    height: 1.5em;
    border-radius: 50%;
    background: var(--_danger);
    color: var(--_danger-contrast);
    font-weight: 700;
  }

  .error-text {
    margin: 0;
  }

  .error-code {
    display: block;
    margin-top: 0.25em;
    color: var(--_muted);
    font-size: 0.8125em;
  }

  .action {
    min-height: 44px;
    padding: 0.5em 1em;
    border: 1px solid var(--_border);
    border-radius: calc(var(--_radius) * 0.75);
    background: var(--_surface-raised);
  }

  .action--primary {
    border-color: var(--_accent);
    background: var(--_accent);
    color: var(--_accent-contrast);
  }

  .action--danger {
    border-color: var(--_danger);
    background: var(--_danger);
    color: var(--_danger-contrast);
  }

  @media (prefers-reduced-motion: reduce) {
    *,
    *::before,
    *::after {
      animation-duration: 0.01ms !important;
      animation-iteration-count: 1 !important;
      transition-duration: 0.01ms !important;
    }
  }
`;

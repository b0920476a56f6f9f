import { css } from "lit";

export const alertFeedStyles = css`
  .base {
    display: grid;
    gap: 0.5em;
    padding: var(--_gap);
    border: 1px solid var(--_border);
    border-radius: var(--_radius);
    background: var(--_surface);
  }

  .heading {
    margin: 0;
    font-size: 1em;
    font-weight: 700;
  }

  .list {
    list-style: none;
    margin: 0;
    padding: 0;
    display: grid;
    gap: 0.5em;
  }

  .item {
    display: grid;
    grid-template-columns: auto 1fr auto;
    align-items: center;
    gap: 0.25em 0.75em;
    width: 100%;
    min-height: 44px;
    padding: 0.625em 0.75em;
    border: 1px solid var(--_border);
    border-inline-start: 4px solid var(--_danger);
    border-radius: calc(var(--_radius) * 0.75);
    background: var(--_surface-raised);
    text-align: start;
  }

  .item[aria-current="true"] {
    outline: 2px solid var(--_accent);
  }

  .dot {
    width: 0.625em;
    height: 0.625em;
    border-radius: 50%;
    background: var(--_danger);
  }

  .category {
    font-weight: 700;
  }

  .time {
    font-variant-numeric: tabular-nums;
    color: var(--_muted);
    font-size: 0.875em;
  }

  .counts {
    grid-column: 2 / -1;
    color: var(--_muted);
    font-size: 0.875em;
  }

  .empty,
  .loading {
    margin: 0;
    color: var(--_muted);
  }

  @media (max-width: 400px) {
    .item {
      grid-template-columns: auto 1fr;
    }
    .time {
      grid-column: 2;
    }
  }
`;

import { css } from "lit";

/** The LIVE badge and its pulsing dot, shared by the reporter's and the responder's views. */
export const liveBadgeStyles = css`
  .badge {
    display: inline-flex;
    align-items: center;
    gap: 0.375em;
    padding: 0.125em 0.625em;
    border-radius: 999px;
    background: var(--_danger);
    color: var(--_danger-contrast);
    font-weight: 700;
    font-size: 0.875em;
    letter-spacing: 0.04em;
  }

  .dot {
    width: 0.5em;
    height: 0.5em;
    border-radius: 50%;
    background: currentColor;
    animation: pulse 1.2s ease-in-out infinite;
  }

  @keyframes pulse {
    50% {
      opacity: 0.3;
    }
  }
`;

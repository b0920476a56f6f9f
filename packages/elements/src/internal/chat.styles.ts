import { css } from "lit";

export const chatStyles = css`
  .chat {
    display: grid;
    gap: 0.5em;
  }

  .chat-log {
    margin: 0;
    padding: 0.5em;
    max-height: var(--alertrun-chat-height, 10em);
    overflow-y: auto;
    border: 1px solid var(--_border);
    border-radius: calc(var(--_radius) * 0.75);
    background: var(--_surface-raised);
  }

  .chat-message,
  .chat-empty {
    margin: 0;
    padding: 0.125em 0;
    overflow-wrap: anywhere;
  }

  .chat-empty {
    color: var(--_muted);
  }

  .chat-author {
    font-weight: 600;
  }

  .chat-form {
    display: flex;
    gap: 0.5em;
  }

  .chat-form input {
    flex: 1;
    min-width: 0;
    min-height: 44px;
    padding: 0.5em 0.75em;
    border: 1px solid var(--_border);
    border-radius: calc(var(--_radius) * 0.75);
    background: var(--_surface);
  }

  .chat-note {
    margin: 0;
    color: var(--_muted);
    font-size: 0.875em;
  }

  .chat-error {
    margin: 0;
    color: var(--_danger);
  }
`;

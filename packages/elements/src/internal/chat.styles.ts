import { css } from "lit";

export const chatStyles = css`
  .chat {
    display: grid;
    gap: 0.5rem;
  }

  .chat-log {
    list-style: none;
    margin: 0;
    padding: 0.5rem;
    max-height: var(--alertrun-chat-height, 10rem);
    overflow-y: auto;
    border: 1px solid var(--_border);
    border-radius: calc(var(--_radius) * 0.75);
    background: var(--_surface-raised);
  }

  .chat-message,
  .chat-empty {
    padding: 0.125rem 0;
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
    gap: 0.5rem;
  }

  .chat-form input {
    flex: 1;
    min-width: 0;
    min-height: 44px;
    padding: 0.5rem 0.75rem;
    border: 1px solid var(--_border);
    border-radius: calc(var(--_radius) * 0.75);
    background: var(--_surface);
  }

  .chat-error {
    margin: 0;
    color: var(--_danger);
  }
`;

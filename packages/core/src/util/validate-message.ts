import { AlertRunError } from "../errors.js";

/** The backend refuses longer messages. */
export const MAX_MESSAGE_LENGTH = 500;

/** Trims chat text and rejects what the backend would reject anyway, without a round trip. */
export function validateMessage(text: unknown): string {
  if (typeof text !== "string") throw new AlertRunError("chat/invalid-message", "A message must be text.");
  const trimmed = text.trim();
  if (trimmed === "") throw new AlertRunError("chat/invalid-message", "A message cannot be empty.");
  if (trimmed.length > MAX_MESSAGE_LENGTH) {
    throw new AlertRunError("chat/invalid-message", `A message can have at most ${MAX_MESSAGE_LENGTH} characters.`);
  }
  return trimmed;
}

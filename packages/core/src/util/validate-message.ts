import { chatTextProblem, cleanChatText, LIMITS } from "@alertrun/contract";
import { AlertRunError } from "../errors.js";

/** The backend refuses longer messages (the contract's limit). */
export const MAX_MESSAGE_LENGTH = LIMITS.chatMaxChars;

/**
 * Trims chat text and refuses, without a round trip, exactly what the backend would refuse: the
 * same contract rule, the same code and message.
 */
export function validateMessage(text: unknown): string {
  const problem = chatTextProblem(text);
  if (problem) throw new AlertRunError(problem.code, problem.message);
  return cleanChatText(text as string);
}

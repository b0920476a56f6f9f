import { randomId } from "../util/ids.js";

const STORAGE_KEY = "alertrun:viewer-id";

/**
 * A stable anonymous id for this browser, so a responder who reloads is still one viewer (presence)
 * and their acknowledgements are not counted twice. Falls back to a per-page random id where
 * storage is unavailable (private mode, sandboxed iframes).
 */
export function persistentViewerId(storage: Pick<Storage, "getItem" | "setItem"> | null = safeLocalStorage()): string {
  try {
    const existing = storage?.getItem(STORAGE_KEY);
    if (existing) return existing;
    const id = `v_${randomId(16)}`;
    storage?.setItem(STORAGE_KEY, id);
    return id;
  } catch {
    return `v_${randomId(16)}`;
  }
}

function safeLocalStorage(): Storage | null {
  try {
    return typeof localStorage === "undefined" ? null : localStorage;
  } catch {
    return null;
  }
}

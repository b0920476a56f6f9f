import type * as PostPressViews from "./post-press-views.js";

export type { PostPressViews };

let loaded: typeof PostPressViews | null = null;
let loading: Promise<typeof PostPressViews> | null = null;

/** The post-press views if their chunk has arrived, else null (render `renderPending` meanwhile). */
export function postPressViews(): typeof PostPressViews | null {
  return loaded;
}

/**
 * Fetches the post-press views' chunk (at most once at a time) and resolves with them. Never
 * rejects: a failed fetch (offline) resolves null and the next call tries again, while the
 * button keeps working with its pending view.
 */
export function loadPostPressViews(): Promise<typeof PostPressViews | null> {
  if (loaded) return Promise.resolve(loaded);
  loading ??= import("./post-press-views.js").then((views) => (loaded = views));
  return loading.catch(() => {
    loading = null;
    return null;
  });
}

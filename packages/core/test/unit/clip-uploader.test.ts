import { afterEach, describe, expect, it, vi } from "vitest";
import type { ConvexConnection } from "../../src/backend/convex-connection.js";
import { ClipUploader } from "../../src/broadcast/clip-uploader.js";
import type { Segment } from "../../src/broadcast/segment-recorder.js";

// fetch (the upload POST) and the Convex connection are the boundaries faked here; the browser
// tests upload real MediaRecorder segments to the dev backend.
afterEach(() => {
  vi.useRealTimers();
  vi.unstubAllGlobals();
});

const segment = (seq: number): Segment => ({ seq, blob: new Blob(["x".repeat(100)]), startedAt: 1_000 + seq, durationMs: 5_000, mimeType: "video/webm" });
const owner = { alertId: "a1", ownerKey: "k" };

function backend(attach: (args: Record<string, unknown>) => unknown) {
  const names: string[] = [];
  const fake = {
    mutation: vi.fn(async (name: string, args: Record<string, unknown>) => {
      names.push(name);
      if (name === "clips:generateUploadUrl") return "http://127.0.0.1:1/upload";
      return attach(args);
    }),
  };
  return { conn: fake as unknown as ConvexConnection, names };
}

describe("ClipUploader", () => {
  it("uploads segments in order once the alert exists", async () => {
    let n = 0;
    vi.stubGlobal("fetch", vi.fn(async () => new Response(JSON.stringify({ storageId: `s${n++}` }))));
    const attached: unknown[] = [];
    const { conn } = backend((args) => attached.push([args.seq, args.storageId]));
    let resolveOwner!: (o: typeof owner) => void;
    const uploader = new ClipUploader(conn, new Promise((r) => (resolveOwner = r)));
    uploader.enqueue(segment(0));
    uploader.enqueue(segment(1));
    await new Promise((r) => setTimeout(r, 10));
    expect(attached).toEqual([]);
    resolveOwner(owner);
    await uploader.settle(1_000);
    expect(attached).toEqual([
      [0, "s0"],
      [1, "s1"],
    ]);
    expect(uploader.state.get()).toMatchObject({ segments: 2, uploaded: 2, failed: 0 });
  });

  it("retries a failed POST with backoff, without blocking later segments forever", async () => {
    vi.useFakeTimers();
    let posts = 0;
    vi.stubGlobal(
      "fetch",
      vi.fn(async () => {
        posts++;
        if (posts <= 2) throw new TypeError("Failed to fetch");
        return new Response(JSON.stringify({ storageId: `s${posts}` }));
      }),
    );
    const { conn } = backend(() => ({ clipId: "c" }));
    const uploader = new ClipUploader(conn, Promise.resolve(owner));
    uploader.enqueue(segment(0));
    await vi.advanceTimersByTimeAsync(5_000);
    expect(posts).toBe(3);
    expect(uploader.state.get()).toMatchObject({ uploaded: 1, failed: 0 });
  });

  it("re-uploads once when the backend does not know the stored file", async () => {
    let n = 0;
    vi.stubGlobal("fetch", vi.fn(async () => new Response(JSON.stringify({ storageId: `s${n++}` }))));
    let attaches = 0;
    const { conn, names } = backend(() => {
      if (attaches++ === 0) throw Object.assign(new Error("x"), { data: { code: "clip/invalid", message: "No uploaded file" } });
      return { clipId: "c" };
    });
    const uploader = new ClipUploader(conn, Promise.resolve(owner));
    uploader.enqueue(segment(0));
    await uploader.settle(1_000);
    expect(names).toEqual(["clips:generateUploadUrl", "clips:attach", "clips:generateUploadUrl", "clips:attach"]);
    expect(uploader.state.get()).toMatchObject({ uploaded: 1, failed: 0 });
  });

  it("counts a segment as failed when the alert could not be created", async () => {
    const { conn } = backend(() => ({}));
    const failedOwner = Promise.reject(new Error("no alert"));
    failedOwner.catch(() => undefined);
    const uploader = new ClipUploader(conn, failedOwner);
    uploader.enqueue(segment(0));
    await uploader.settle(1_000);
    expect(uploader.state.get()).toMatchObject({ segments: 1, uploaded: 0, failed: 1 });
  });
});

import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { findModules } from "../../src/convex/modules.js";

// convex-test asks for a function's module on every call; going through Node's loader (and its
// tsx resolve hook) each time blocked the event loop about 1 ms per call.
describe("findModules", () => {
  const dir = mkdtempSync(join(tmpdir(), "alertrun-modules-"));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it("imports a module once and hands the same promise to every later call", async () => {
    writeFileSync(join(dir, "things.mjs"), "export const answer = 42;\n");
    const modules = findModules(dir);
    const first = modules["./things.mjs"]!();
    const second = modules["./things.mjs"]!();
    expect(second).toBe(first);
    expect((await first).answer).toBe(42);
  });

  it("tries a failed import again on the next call", async () => {
    writeFileSync(join(dir, "broken.mjs"), "throw new Error(\"broken module\");\n");
    const modules = findModules(dir);
    await expect(modules["./broken.mjs"]!()).rejects.toThrow();
    const again = modules["./broken.mjs"]!();
    await expect(again).rejects.toThrow();
    const third = modules["./broken.mjs"]!();
    third.catch(() => undefined);
    expect(third).not.toBe(again);
  });
});

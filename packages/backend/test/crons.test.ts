import { describe, expect, test } from "vitest";
import crons from "../convex/crons";
import { modules } from "./setup";

type Job = { name: string; schedule: { type: string; seconds?: number; minutes?: number; hours?: number } };

describe("crons.ts", () => {
  test("every schedule names an existing internal mutation", async () => {
    const jobs = Object.values((crons as unknown as { crons: Record<string, Job> }).crons);
    expect(jobs.map((j) => j.name).sort()).toEqual(
      ["clips:purgeUnattached", "directSignals:sweep", "heartbeat:endStale", "presence:sweep", "reservations:cleanup", "retention:purge", "webhooks:cleanup"].sort(),
    );
    for (const job of jobs) {
      const [file, exportName] = job.name.split(":") as [string, string];
      const load = modules[`../convex/${file}.ts`];
      expect(load, job.name).toBeDefined();
      const mod = (await load!()) as Record<string, { isMutation?: boolean; isInternal?: boolean }>;
      expect(mod[exportName]?.isMutation, job.name).toBe(true);
      expect(mod[exportName]?.isInternal, job.name).toBe(true);
    }
    // The liveness sweep shows "reporter offline" within seconds of the beats stopping.
    const stale = jobs.find((j) => j.name === "heartbeat:endStale");
    expect(stale?.schedule).toEqual({ type: "interval", seconds: 10 });
  });
});

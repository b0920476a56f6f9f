// Runs the jobs of convex/crons.ts on real timers (convex-test does not). Each job is a function
// called with its arguments, no identity, like a deployment's cron runner.
import type { Value } from "convex/values";
import type { DevRuntime } from "./runtime.js";

type Schedule =
  | { type: "interval"; seconds?: number; minutes?: number; hours?: number }
  | { type: "hourly"; minuteUTC?: number }
  | { type: "daily"; hourUTC: number; minuteUTC?: number }
  | { type: "weekly"; dayOfWeek: string; hourUTC: number; minuteUTC?: number }
  | { type: "monthly"; day: number; hourUTC: number; minuteUTC?: number }
  | { type: "cron"; cron: string };

interface CronJob {
  name: string;
  args: [Record<string, Value>];
  schedule: Schedule;
}

const DAYS = ["sunday", "monday", "tuesday", "wednesday", "thursday", "friday", "saturday"];

function fieldMatches(field: string, value: number): boolean {
  return field.split(",").some((part) => {
    const [range = "*", stepText] = part.split("/");
    const step = stepText ? Number(stepText) : 1;
    if (range === "*") return value % step === 0;
    const [lo, hi] = range.split("-").map(Number);
    const top = hi ?? (stepText ? Infinity : lo!);
    return value >= lo! && value <= top && (value - lo!) % step === 0;
  });
}

/** Next UTC minute matching a 5-field cron expression, within a year. */
function nextCron(expr: string, from: number): number {
  const [min = "*", hour = "*", dom = "*", mon = "*", dow = "*"] = expr.trim().split(/\s+/);
  const t = new Date(Math.floor(from / 60_000) * 60_000 + 60_000);
  for (let i = 0; i < 366 * 24 * 60; i++, t.setTime(t.getTime() + 60_000)) {
    if (
      fieldMatches(min, t.getUTCMinutes()) &&
      fieldMatches(hour, t.getUTCHours()) &&
      fieldMatches(dom, t.getUTCDate()) &&
      fieldMatches(mon, t.getUTCMonth() + 1) &&
      fieldMatches(dow, t.getUTCDay())
    ) {
      return t.getTime();
    }
  }
  return Infinity;
}

export function nextRun(schedule: Schedule, from: number): number {
  switch (schedule.type) {
    case "interval": {
      const ms = ((schedule.seconds ?? 0) + (schedule.minutes ?? 0) * 60 + (schedule.hours ?? 0) * 3600) * 1000;
      return from + Math.max(ms, 1000);
    }
    case "hourly":
      return nextCron(`${schedule.minuteUTC ?? 0} * * * *`, from);
    case "daily":
      return nextCron(`${schedule.minuteUTC ?? 0} ${schedule.hourUTC} * * *`, from);
    case "weekly":
      return nextCron(`${schedule.minuteUTC ?? 0} ${schedule.hourUTC} * * ${DAYS.indexOf(schedule.dayOfWeek)}`, from);
    case "monthly":
      return nextCron(`${schedule.minuteUTC ?? 0} ${schedule.hourUTC} ${schedule.day} * *`, from);
    case "cron":
      return nextCron(schedule.cron, from);
  }
}

/** Starts the project's crons; returns a function that stops them. */
export async function startCrons(runtime: DevRuntime): Promise<() => void> {
  const mod = await runtime.loadModule("crons").catch((e: unknown) => {
    console.error("[alertrun-dev] could not load crons:", e);
    return null;
  });
  const crons = mod?.default as { export?: () => string } | undefined;
  if (!crons?.export) return () => {};
  const jobs = JSON.parse(crons.export()) as Record<string, CronJob>;
  const timers = new Map<string, NodeJS.Timeout>();
  let stopped = false;
  const arm = (id: string, job: CronJob) => {
    const at = nextRun(job.schedule, Date.now());
    if (!Number.isFinite(at) || stopped) return;
    // Node timers overflow past ~24.8 days; re-arm in steps.
    const delay = Math.min(at - Date.now(), 2 ** 31 - 1);
    const timer = setTimeout(() => {
      if (stopped) return;
      if (Date.now() + 5 < at) return arm(id, job);
      runtime
        .runInternal(job.name, job.args[0] ?? {})
        .catch((e: unknown) => console.error(`[alertrun-dev] cron ${id} failed:`, e))
        .finally(() => arm(id, job));
    }, Math.max(0, delay));
    timer.unref();
    timers.set(id, timer);
  };
  for (const [id, job] of Object.entries(jobs)) arm(id, job);
  return () => {
    stopped = true;
    for (const t of timers.values()) clearTimeout(t);
  };
}

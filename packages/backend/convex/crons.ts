import { cronJobs } from "convex/server";
import { internal } from "./_generated/api";

const crons = cronJobs();

// Every 10 s: "reporter offline" must show within seconds, and the sweep reads one index range.
crons.interval("end alerts with a silent broadcaster", { seconds: 10 }, internal.heartbeat.endStale, {});
crons.interval("expire viewer presence", { seconds: 30 }, internal.presence.sweep, {});
crons.interval("purge data past retention", { hours: 1 }, internal.retention.purge, {});
crons.interval("delete uploads never attached to a clip", { minutes: 30 }, internal.clips.purgeUnattached, {});
crons.interval("forget old webhook ids and rate buckets", { hours: 6 }, internal.webhooks.cleanup, {});
crons.interval("drop expired direct-path signalling", { minutes: 1 }, internal.directSignals.sweep, {});
crons.interval("forget expired room reservations", { hours: 6 }, internal.reservations.cleanup, {});

export default crons;

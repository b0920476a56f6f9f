import { internalMutation } from "./_generated/server";
import { getSite } from "./lib/access";

/**
 * The `demo` site used by the local stack and the examples: public viewing, anonymous reporting.
 * Idempotent: the dev backend calls it on every start. `npx convex run seed:demo` seeds a cloud
 * deployment the same way.
 */
export const demo = internalMutation({
  args: {},
  handler: async (ctx) => {
    const existing = await getSite(ctx, "demo");
    if (existing) return existing._id;
    return ctx.db.insert("sites", {
      slug: "demo",
      name: "AlertRun Demo Campus",
      audience: "public",
      allowAnonymous: true,
      retentionDays: 30,
    });
  },
});

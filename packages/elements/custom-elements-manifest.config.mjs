// `cem analyze` reads the JSDoc headers (@summary @fires @csspart @cssproperty @slot) and the Lit
// decorators into custom-elements.json, the file IDEs, docs and framework wrappers consume.
import { readFileSync } from "node:fs";

/**
 * The `@fires` tags name events but carry no type. Every event's type comes from the one list
 * that declares them, `GlobalEventHandlersEventMap` in src/events.ts; an event missing there fails
 * the build, so the manifest (and the React, JSX, Vue and Svelte types generated from it) never
 * has an untyped event.
 */
function typedEvents() {
  const source = readFileSync(new URL("./src/events.ts", import.meta.url), "utf8");
  const block = /interface GlobalEventHandlersEventMap\s*{([^}]*)}/.exec(source)?.[1] ?? "";
  const types = new Map([...block.matchAll(/"([a-z-]+)":\s*(\w+)\s*;/g)].map(([, name, type]) => [name, type]));
  return {
    name: "alertrun-typed-events",
    packageLinkPhase({ customElementsManifest }) {
      for (const mod of customElementsManifest.modules ?? []) {
        for (const decl of mod.declarations ?? []) {
          for (const event of decl.events ?? []) {
            const type = types.get(event.name);
            if (!type) throw new Error(`custom-elements-manifest: <${decl.tagName}> fires "${event.name}", which src/events.ts does not declare`);
            event.type = { text: type, references: [{ name: type, package: "@alertrun/elements", module: "src/events.ts" }] };
          }
        }
      }
    },
  };
}

export default {
  globs: ["src/**/*.ts"],
  exclude: ["src/**/*.d.ts", "src/**/*.styles.ts"],
  outdir: ".",
  litelement: true,
  dependencies: false,
  packagejson: false,
  plugins: [typedEvents()],
};

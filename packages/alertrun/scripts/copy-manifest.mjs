// The umbrella package ships the elements' custom elements manifest, so editors that look at
// `alertrun` (the package a script-tag user installs) find every tag, attribute and event.
import { copyFileSync } from "node:fs";
import { fileURLToPath } from "node:url";

copyFileSync(
  fileURLToPath(new URL("../../elements/custom-elements.json", import.meta.url)),
  fileURLToPath(new URL("../custom-elements.json", import.meta.url)),
);

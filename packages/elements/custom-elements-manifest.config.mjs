// `cem analyze` reads the JSDoc headers (@summary @fires @csspart @cssproperty @slot) and the Lit
// decorators into custom-elements.json, the file IDEs, docs and framework wrappers consume.
export default {
  globs: ["src/**/*.ts"],
  exclude: ["src/**/*.d.ts", "src/**/*.styles.ts"],
  outdir: ".",
  litelement: true,
  dependencies: false,
  packagejson: false,
};

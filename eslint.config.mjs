import js from "@eslint/js";
import tseslint from "typescript-eslint";
import globals from "globals";
import lit from "eslint-plugin-lit";
import wc from "eslint-plugin-wc";
import litA11y from "eslint-plugin-lit-a11y";

/** Sources that ship to users (and the backend they call): the SDK's promises are checked here. */
const PRODUCT_SOURCES = ["packages/core/src/**/*.ts", "packages/elements/src/**/*.ts", "packages/alertrun/src/**/*.ts"];
const TYPED_SOURCES = [...PRODUCT_SOURCES, "packages/backend/convex/**/*.ts", "packages/devkit/src/**/*.ts"];

/** The package direction of ../shared/architecture.json, as import bans. */
const DEVKIT = { group: ["@alertrun/devkit", "@alertrun/devkit/*", "**/devkit/src/**"], message: "Product code never imports the development stand-ins (@alertrun/devkit)." };
const ELEMENTS = { group: ["@alertrun/elements", "@alertrun/elements/*", "**/elements/src/**"], message: "Core is framework-free: it never imports the elements." };
const UPWARD = { group: ["@alertrun/alertrun", "alertrun", "alertrun/*", "**/packages/alertrun/**"], message: "Only the umbrella package imports the others, never the reverse." };
const WORKSPACE = { group: ["@alertrun/*", "!@alertrun/contract", "!@alertrun/contract/*", "**/packages/*/src/**"], message: "The backend deploys on its own: it imports no workspace package except the contract module." };

export default tseslint.config(
  {
    ignores: [
      "**/dist/**",
      "**/node_modules/**",
      "**/_generated/**",
      "**/.alertrun-data/**",
      "**/custom-elements.json",
      "**/test/fixtures/lint/**",
      "packages/elements/types/**",
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.browser, ...globals.node } },
    rules: {
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
      "no-throw-literal": "error",
    },
  },
  {
    // With type information: a promise nobody awaits or catches is an uncaught rejection in the
    // host page, which the SDK promises never to cause.
    files: TYPED_SOURCES,
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    rules: {
      "@typescript-eslint/no-floating-promises": "error",
      "@typescript-eslint/no-misused-promises": ["error", { checksVoidReturn: { attributes: false } }],
      "@typescript-eslint/await-thenable": "error",
      "@typescript-eslint/only-throw-error": "error",
    },
  },
  {
    files: ["packages/elements/src/**/*.ts"],
    ...lit.configs["flat/recommended"],
  },
  {
    files: ["packages/elements/src/**/*.ts"],
    ...wc.configs["flat/recommended"],
  },
  {
    files: ["packages/elements/src/**/*.ts"],
    ...litA11y.configs.recommended,
  },
  {
    files: ["packages/elements/src/**/*.ts"],
    rules: {
      // Lit's binding syntax makes these template-literal concerns, not real markup mistakes.
      "lit/no-template-arrow": "off",
    },
  },
  {
    files: ["packages/core/src/**/*.ts"],
    rules: { "no-restricted-imports": ["error", { patterns: [DEVKIT, ELEMENTS, UPWARD] }] },
  },
  {
    files: ["packages/elements/src/**/*.ts", "packages/alertrun/src/**/*.ts"],
    rules: { "no-restricted-imports": ["error", { patterns: [DEVKIT, UPWARD] }] },
  },
  {
    files: ["packages/backend/convex/**/*.ts"],
    rules: { "no-restricted-imports": ["error", { patterns: [WORKSPACE] }] },
  },
  {
    // chai's property assertions (`expect(x).to.be.true`) are expressions by design.
    files: ["**/test/**", "**/*.test.*"],
    rules: { "@typescript-eslint/no-unused-expressions": "off" },
  },
);

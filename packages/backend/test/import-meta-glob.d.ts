// Vite's `import.meta.glob` (vitest runs on Vite); declared here because `vite` is not a direct
// dependency of this package.
interface ImportMeta {
  glob(pattern: string): Record<string, () => Promise<unknown>>;
}

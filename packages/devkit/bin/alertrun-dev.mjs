#!/usr/bin/env node
// Development only. Entry point of the local stack; filled in by the devkit issues.
console.error("alertrun-dev: not built yet");
process.exit(1);

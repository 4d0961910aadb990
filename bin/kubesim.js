#!/usr/bin/env node
// The `kubesim` command: the built CLI (run `npm run build` first, or use ./kubesim which does).
import '../apps/cli/dist/main.js';

#!/usr/bin/env node
// The tools' own command (src/cli/start.ts). A checked-in file rather than the built one: npm
// links a bin only when its target exists at install time, and in a fresh clone of the repository
// dist/ is built after the links are made.
import '../dist/cli/start.js';

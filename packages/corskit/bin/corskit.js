#!/usr/bin/env node
// The `corskit` command (src/launcher/corskit-command.ts). A checked-in file rather than the built
// one: npm links a bin only when its target exists at install time, and in a fresh clone of the
// repository dist/ is built after the links are made.
import '../dist/launcher/corskit-command.js';

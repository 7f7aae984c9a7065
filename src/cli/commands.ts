// Every command of `corskit`, each module loaded only when a command line needs it (see
// program.ts: one command's module when the line runs that command, all of them for the help).
import type { Command } from 'commander';

/** What a command module exports: adds the command, its options and help to the program. */
export type Register = (program: Command) => void;

/** In the order `corskit --help` lists them. Adding a command is one line here. */
export const COMMANDS: Readonly<Record<string, () => Promise<Register>>> = {
  doctor: async () => (await import('./doctor.js')).registerDoctor,
  explain: async () => (await import('./explain.js')).registerExplain,
  scan: async () => (await import('./scan.js')).registerScan,
  check: async () => (await import('./check.js')).registerCheck,
  serve: async () => (await import('./serve.js')).registerServe,
  config: async () => (await import('./config.js')).registerConfig,
  har: async () => (await import('./har.js')).registerHar,
  ui: async () => (await import('./ui.js')).registerUi,
  compile: async () => (await import('./compile.js')).registerCompile,
  verify: async () => (await import('./verify.js')).registerVerify,
};

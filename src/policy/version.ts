// The package version as a constant, for code that may not read package.json (the engine on the
// edge checks compiled policies against it). src/version.test.ts keeps it equal to package.json.
export const VERSION = '0.1.0';

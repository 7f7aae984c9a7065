// The exported names of each package subpath, read from the TypeScript sources with the compiler
// API (types and values alike), so the snapshot in public-api.test.ts sees what a user imports.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import ts from 'typescript';

export const root = new URL('../../', import.meta.url).pathname;

/**
 * `./browser` → `src/browser/index.ts`, from a package's exports map (the core's by default,
 * `packages/tools` for @corskit/tools). The core's `corskit/<tool>` forwarders map to the tool's
 * own source; the `./internal/*` subpath (for @corskit/tools only) and the `./cli` command are not
 * library surface.
 */
export function subpathSources(
  dir = root,
  pkgDir = join(dir, 'packages', 'corskit'),
): Record<string, string> {
  const pkg = JSON.parse(readFileSync(join(pkgDir, 'package.json'), 'utf8')) as {
    exports: Record<string, string | { default: string }>;
  };
  const out: Record<string, string> = {};
  for (const [subpath, target] of Object.entries(pkg.exports)) {
    if (typeof target === 'string' || subpath.includes('*') || subpath === './cli') continue;
    const forwarded = /^\.\/dist\/tools\/(\w+)\.js$/.exec(target.default);
    const file = forwarded
      ? `src/${forwarded[1]}/index.ts`
      : target.default.replace(/^\.\/dist\//, 'src/').replace(/\.js$/, '.ts');
    out[subpath] = join(dir, file);
  }
  return out;
}

/** Sorted exported names of every subpath. */
export function exportedNames(dir = root, pkgDir?: string): Record<string, string[]> {
  const sources = subpathSources(dir, pkgDir);
  const program = ts.createProgram(Object.values(sources), {
    module: ts.ModuleKind.NodeNext,
    moduleResolution: ts.ModuleResolutionKind.NodeNext,
    target: ts.ScriptTarget.ES2022,
    strict: true,
    noEmit: true,
  });
  const checker = program.getTypeChecker();
  const out: Record<string, string[]> = {};
  for (const [subpath, file] of Object.entries(sources)) {
    const source = program.getSourceFile(file);
    const symbol = source && checker.getSymbolAtLocation(source);
    out[subpath] = symbol
      ? checker
          .getExportsOfModule(symbol)
          .map((s) => s.getName())
          .sort()
      : [];
  }
  return out;
}

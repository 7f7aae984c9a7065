#!/usr/bin/env node
// The import-boundary check (run by `npm test` through `npm run lint`): the layering of src/ is
// policy → engine → browser → tools (adapters, doctor, scan, generate, gateway, and any new
// folder) → cli, and a module may import only from its own layer or a lower one. So policy never
// imports engine, the engine never imports the browser model, the browser model never imports
// the doctor, and nothing imports the CLI. Test files (*.test.ts) are exempt: they may exercise
// a layer through a higher one.
// Exit 1 with one line per violation.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';

const root = resolve(new URL('..', import.meta.url).pathname);
const src = join(root, 'src');

/** Layer of each top-level folder of src/; folders not listed are tools (layer 3). */
const LAYERS = { policy: 0, engine: 1, 'index.ts': 1, browser: 2, cli: 4 };
const TOOLS = 3;
const NAMES = ['policy', 'engine', 'browser', 'tools', 'cli'];

function layerOf(file) {
  const top = relative(src, file).split(sep)[0];
  return LAYERS[top] ?? TOOLS;
}

function walk(dir, out) {
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) walk(path, out);
    else if (name.endsWith('.ts') && !name.endsWith('.test.ts')) out.push(path);
  }
  return out;
}

const SPECIFIER = /(?:\bfrom\s*|\bimport\s*\(\s*|^\s*import\s+)['"](\.{1,2}\/[^'"]+)['"]/gm;

function violations(file) {
  const text = readFileSync(file, 'utf8');
  const own = layerOf(file);
  const out = [];
  for (const match of text.matchAll(SPECIFIER)) {
    const target = resolve(dirname(file), match[1]);
    if (!target.startsWith(src + sep)) continue;
    const theirs = layerOf(target);
    if (theirs > own) {
      const line = text.slice(0, match.index).split('\n').length;
      out.push(
        `${relative(root, file)}:${line}: ${NAMES[own]} imports ${NAMES[theirs]} (${match[1]}); ` +
          `lower layers never import upper ones (policy → engine → browser → tools → cli)`,
      );
    }
  }
  return out;
}

export function checkLayers() {
  return walk(src, []).flatMap(violations);
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const found = checkLayers();
  for (const v of found) console.error(v);
  if (found.length > 0) {
    console.error(`check-layers: ${found.length} import${found.length === 1 ? '' : 's'} cross the layering`);
    process.exit(1);
  }
  console.log('check-layers: ok');
}

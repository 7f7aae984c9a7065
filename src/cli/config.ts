// `corskit config nginx|apache|caddy|django|flask|fastapi|rack|go|php --policy cors.json [--upstream URL] [--location /api/]`:
// prints a server config generated from the same policy the engine evaluates.
// Exit codes: 0 printed; 1 the policy is invalid or the server cannot express it; 2 usage error.
import { readFile } from 'node:fs/promises';
import type { Command } from 'commander';
import { SERVER_KINDS, type ServerKind, STACK_KINDS, type StackKind } from '../generate/generated-config.js';

interface ConfigFlags {
  policy: string;
  upstream?: string;
  location?: string;
}

export function registerConfig(program: Command): void {
  program
    .command('config')
    .description(
      'print the CORS config for a web server (nginx, Apache httpd, Caddy, HAProxy) or a framework (Django, Flask, FastAPI, Rack, Go, PHP) that answers exactly like the policy',
    )
    .argument('<server>', `one of: ${[...SERVER_KINDS, ...STACK_KINDS].join(', ')}`)
    .requiredOption('--policy <file>', 'policy file (JSON or YAML)')
    .option('--upstream <url>', 'proxy to this backend: print a complete site block')
    .option('--location <path>', 'path prefix the rules apply to, ending with "/" (default /)')
    .action(async (server: string, flags: ConfigFlags) => {
      process.exitCode = await runConfig(server, flags);
    });
}

async function runConfig(server: string, flags: ConfigFlags): Promise<number> {
  const kinds: readonly string[] = [...SERVER_KINDS, ...STACK_KINDS];
  if (!kinds.includes(server)) {
    process.stderr.write(`corskit config: unknown server "${server}"; use one of ${kinds.join(', ')}\n`);
    return 2;
  }
  // Loaded on use, so that every other command starts without the generators and YAML.
  const [{ GenerateError, generateConfig }, { CorsPolicyError }] = await Promise.all([
    import('../generate/index.js'),
    import('../policy/policy-error.js'),
  ]);
  let options: unknown;
  try {
    const text = await readFile(flags.policy, 'utf8');
    options = /\.ya?ml$/i.test(flags.policy) ? (await import('yaml')).parse(text) : JSON.parse(text);
  } catch (e) {
    process.stderr.write(`corskit config: cannot read policy ${flags.policy}: ${(e as Error).message}\n`);
    return 2;
  }
  try {
    const out = generateConfig(server as ServerKind | StackKind, options as never, {
      ...(flags.upstream !== undefined ? { upstream: flags.upstream } : {}),
      ...(flags.location !== undefined ? { location: flags.location } : {}),
    });
    process.stdout.write(out.text);
    return 0;
  } catch (e) {
    if (e instanceof CorsPolicyError || e instanceof GenerateError) {
      process.stderr.write(`corskit config ${server}: ${e.message}\n`);
      return 1;
    }
    throw e;
  }
}

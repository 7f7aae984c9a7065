// `corskit config nginx|apache|caddy|django|flask|fastapi|rack|go|php --policy cors.json [--upstream URL] [--location /api/]`:
// prints a server config generated from the same policy the engine evaluates.
// Exit codes: 0 printed; 1 the policy is invalid or the server cannot express it; 2 usage error.
import { readFile } from 'node:fs/promises';
import type { Command } from 'commander';
import { SERVER_KINDS, type ServerKind, STACK_KINDS, type StackKind } from '../generate/generated-config.js';
import { CliError, guarded } from './output/cli-error.js';
import { ExitCode } from './output/exit-codes.js';

interface ConfigFlags {
  policy?: string;
  json?: boolean;
  upstream?: string;
  location?: string;
}

export function registerConfig(program: Command): void {
  program
    .command('config')
    .description(
      'print the CORS config for a web server (nginx, Apache httpd, Caddy, HAProxy) or a framework (Django, Flask, FastAPI, Rack, Go, PHP) that answers exactly like the policy',
    )
    // Checked in the action, so that a missing server is named before a missing --policy.
    .argument('[server]', `one of: ${[...SERVER_KINDS, ...STACK_KINDS].join(', ')}`)
    .option('--policy <file>', 'policy file (JSON or YAML), required')
    .option('--upstream <url>', 'proxy to this backend: print a complete site block')
    .option('--location <path>', 'path prefix the rules apply to, ending with "/" (default /)')
    .option('--json', 'print { "server", "config" } as JSON instead of the config text')
    .action(guarded('config', (server: string | undefined, flags: ConfigFlags) => runConfig(server, flags)));
}

async function runConfig(server: string | undefined, flags: ConfigFlags): Promise<number> {
  const kinds: readonly string[] = [...SERVER_KINDS, ...STACK_KINDS];
  if (!server) throw new CliError(`missing argument <server>: one of ${kinds.join(', ')}`);
  if (!kinds.includes(server))
    throw new CliError(`unknown server "${server}"; use one of ${kinds.join(', ')}`);
  if (!flags.policy) throw new CliError('missing option --policy <file>: the policy to generate from');
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
    throw new CliError(`cannot read policy ${flags.policy}: ${(e as Error).message}`);
  }
  try {
    const out = generateConfig(server as ServerKind | StackKind, options as never, {
      ...(flags.upstream !== undefined ? { upstream: flags.upstream } : {}),
      ...(flags.location !== undefined ? { location: flags.location } : {}),
    });
    if (flags.json) process.stdout.write(`${JSON.stringify({ server, config: out.text }, null, 2)}\n`);
    else process.stdout.write(out.text);
    return ExitCode.ok;
  } catch (e) {
    if (e instanceof CorsPolicyError || e instanceof GenerateError)
      throw new CliError(e.message, ExitCode.problem);
    throw e;
  }
}

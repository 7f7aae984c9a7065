import type { Command } from 'commander';
import { CliError, guarded } from './output/cli-error.js';

interface UiFlags {
  port: string;
  host: string;
  open?: boolean;
}

const EXAMPLES = `
Examples:
  $ corskit ui
  $ corskit ui --port 0 --open
  Link a diagnosis: http://127.0.0.1:4870/?url=https://api.example.com/items&origin=https://app.example.com&method=PUT&header=Authorization:%20Bearer%20x&credentials=1

It answers only requests addressed to itself (Host and Origin are checked).`;

export function registerUi(program: Command): void {
  program
    .command('ui')
    .description('start the web doctor: diagnose a request, see the exchange, copy the fix, drop a HAR')
    .option('--port <port>', 'port to listen on (0: any free port)', '4870')
    .option('--host <host>', 'address to bind (keep it loopback: the UI makes requests for you)', '127.0.0.1')
    .option('--open', 'open the page in the default browser')
    .addHelpText('after', EXAMPLES)
    .action(guarded('ui', (flags: UiFlags) => ui(flags)));
}

async function ui(flags: UiFlags): Promise<number> {
  const port = Number(flags.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535)
    throw new CliError(`invalid port "${flags.port}": an integer from 0 to 65535`);
  const { startUi } = await import('../ui/index.js');
  let running: Awaited<ReturnType<typeof startUi>>;
  try {
    running = await startUi({ port, host: flags.host });
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new CliError(`cannot listen on ${flags.host}:${port}: ${code ?? (error as Error).message}`);
  }
  process.stdout.write(`corskit ui: ${running.url}\n`);
  if (flags.open) await openInBrowser(running.url);
  await new Promise<void>((resolve) => {
    const stop = () => void running.close().then(resolve);
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
  return 0;
}

async function openInBrowser(url: string): Promise<void> {
  // Loaded on use: child_process is needed only here, and every command pays for what main loads.
  const { spawn } = await import('node:child_process');
  const command =
    process.platform === 'darwin' ? 'open' : process.platform === 'win32' ? 'explorer' : 'xdg-open';
  const child = spawn(command, [url], { stdio: 'ignore', detached: true });
  child.on('error', () => process.stderr.write(`corskit ui: open ${url} in your browser\n`));
  child.unref();
}

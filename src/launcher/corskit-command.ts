#!/usr/bin/env node
// The `corskit` command of the core package. The core has no dependencies, so the command's
// code lives in @corskit/tools (commander, undici, YAML…): this launcher runs it when it is
// installed (a devDependency, or this repository's workspace), and otherwise fetches exactly the
// same version once through `npm exec`, which is what `npx corskit doctor …` on a fresh machine
// needs. CORSKIT_NO_FETCH=1 turns the fetch off: then it prints how to install the tools.
import { VERSION } from '../policy/version.js';

const TOOLS = '@corskit/tools';

/** Whether the failed import is the tools package itself being absent (not a broken install). */
function toolsAbsent(error: unknown): boolean {
  const { code, message } = (error ?? {}) as { code?: unknown; message?: unknown };
  return code === 'ERR_MODULE_NOT_FOUND' && typeof message === 'string' && message.includes(`'${TOOLS}'`);
}

// child_process is loaded only here: the common path (the tools installed) never needs it.
async function fetchAndRun(args: readonly string[]): Promise<void> {
  const { spawn } = await import('node:child_process');
  const spec = `${TOOLS}@${VERSION}`;
  process.stderr.write(
    `corskit: the command-line tools are a separate package; running ${spec} through npm exec ` +
      `(npm install --save-dev ${spec} makes this instant, CORSKIT_NO_FETCH=1 turns it off)\n`,
  );
  // Under npx, npm_execpath names the npm that is running: reuse it rather than whatever is on PATH.
  const npmCli = process.env.npm_execpath;
  const npmArgs = ['exec', '--yes', `--package=${spec}`, '--', 'corskit-tools', ...args];
  const child = npmCli?.endsWith('.js')
    ? spawn(process.execPath, [npmCli, ...npmArgs], { stdio: 'inherit' })
    : spawn('npm', npmArgs, { stdio: 'inherit', shell: process.platform === 'win32' });
  child.on('error', (error) => {
    process.stderr.write(
      `corskit: could not start npm (${error.message}); install the tools: npm install --save-dev ${spec}\n`,
    );
    process.exitCode = 2;
  });
  child.on('exit', (code, signal) => {
    process.exitCode = code ?? (signal ? 1 : 0);
  });
}

try {
  await import(`${TOOLS}/cli`);
} catch (error) {
  if (!toolsAbsent(error)) {
    const reason = error instanceof Error ? error.message.split('\n')[0] : String(error);
    process.stderr.write(
      `corskit: ${TOOLS} is installed but cannot start (${reason}); reinstall it: npm install --save-dev ${TOOLS}@${VERSION}\n`,
    );
    process.exitCode = 2;
  } else if (process.env.CORSKIT_NO_FETCH === '1') {
    process.stderr.write(
      `corskit: the command-line tools are in ${TOOLS}: npm install --save-dev ${TOOLS}@${VERSION} (or npx ${TOOLS}@${VERSION} …)\n`,
    );
    process.exitCode = 2;
  } else {
    await fetchAndRun(process.argv.slice(2));
  }
}

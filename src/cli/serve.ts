import type { Command } from 'commander';

// Placeholder registration: the owner of this command replaces this file.
export function registerServe(program: Command): void {
  program.command('serve').description('(not built yet)').action(() => {
    process.stderr.write('corskit serve: not built yet\n');
    process.exitCode = 2;
  });
}

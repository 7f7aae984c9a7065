import type { Command } from 'commander';

// Placeholder registration: the owner of this command replaces this file.
export function registerCheck(program: Command): void {
  program.command('check').description('(not built yet)').action(() => {
    process.stderr.write('corskit check: not built yet\n');
    process.exitCode = 2;
  });
}

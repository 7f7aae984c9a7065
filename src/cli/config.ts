import type { Command } from 'commander';

// Placeholder registration: the owner of this command replaces this file.
export function registerConfig(program: Command): void {
  program
    .command('config')
    .description('(not built yet)')
    .action(() => {
      process.stderr.write('corskit config: not built yet\n');
      process.exitCode = 2;
    });
}

import type { Command } from 'commander';

// Placeholder registration: the owner of this command replaces this file.
export function registerExplain(program: Command): void {
  program
    .command('explain')
    .description('(not built yet)')
    .action(() => {
      process.stderr.write('corskit explain: not built yet\n');
      process.exitCode = 2;
    });
}

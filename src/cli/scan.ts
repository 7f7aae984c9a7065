import type { Command } from 'commander';

// Placeholder registration: the owner of this command replaces this file.
export function registerScan(program: Command): void {
  program.command('scan').description('(not built yet)').action(() => {
    process.stderr.write('corskit scan: not built yet\n');
    process.exitCode = 2;
  });
}

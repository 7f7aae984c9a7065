import type { Command } from 'commander';

// Placeholder registration: the owner of this command replaces this file.
export function registerDoctor(program: Command): void {
  program.command('doctor').description('(not built yet)').action(() => {
    process.stderr.write('corskit doctor: not built yet\n');
    process.exitCode = 2;
  });
}

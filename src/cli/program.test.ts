// The CLI loads one command's module when the line runs that command. These tests hold that it
// changes nothing a user sees: the same help, the same usage errors and suggestions, the same
// exit code, whether the program holds every command or only the one the line names.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { Command } from 'commander';
import { COMMANDS } from './commands.js';
import { commandToLoad, createProgram, registersFor } from './program.js';

const NAMES = Object.keys(COMMANDS);

interface Outcome {
  readonly out: string;
  readonly err: string;
  readonly code: string;
}

/** Parses a command line as `corskit` would, printing into strings; usage errors never run an action. */
async function parse(args: string[], only: boolean): Promise<Outcome> {
  let out = '';
  let err = '';
  const program: Command = createProgram().configureOutput({
    writeOut: (s) => {
      out += s;
    },
    writeErr: (s) => {
      err += s;
    },
  });
  const registers = only ? await registersFor(args) : await Promise.all(NAMES.map((n) => COMMANDS[n]!()));
  for (const register of registers) register(program);
  try {
    await program.parseAsync(args, { from: 'user' });
    return { out, err, code: 'ran' };
  } catch (error) {
    return { out, err, code: (error as { code?: string }).code ?? String(error) };
  }
}

describe('commands loaded on demand', () => {
  test('only `[--no-color] <command>` at the start of the line names the one command to load', () => {
    assert.equal(commandToLoad(['explain', 'x'], NAMES), 'explain');
    assert.equal(commandToLoad(['--no-color', 'check', 'a.json'], NAMES), 'check');
    assert.equal(commandToLoad(['--no-color', '--no-color', 'doctor'], NAMES), 'doctor');
    for (const line of [
      [],
      ['--help'],
      ['help', 'explain'],
      ['--json', 'explain'],
      ['expla'],
      ['-V', 'explain'],
    ])
      assert.equal(commandToLoad(line, NAMES), undefined, line.join(' '));
  });

  test('every command: help, unknown options and their suggestions are the same as with every command loaded', async () => {
    for (const name of NAMES) {
      for (const rest of [
        ['--help'],
        ['-h'],
        ['--definitely-not-an-option'],
        ['--jsn'],
        ['--help', '--json'],
      ]) {
        for (const args of [
          [name, ...rest],
          ['--no-color', name, ...rest],
        ]) {
          const alone = await parse(args, true);
          const all = await parse(args, false);
          assert.deepEqual(alone, all, args.join(' '));
          assert.notEqual(alone.code, 'ran', args.join(' '));
        }
      }
    }
  });
});

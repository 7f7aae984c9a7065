/** Line-oriented stdout writer, so printers compose text and tests can read it back. */
export function printLines(lines: readonly string[]): void {
  process.stdout.write(`${lines.join('\n')}\n`);
}

// Indenting and word-wrapping prose for the text printers. Its own module so that commands
// printing prose do not load the doctor's printer (and node:http) to wrap a line.
export function indent(lines: readonly string[], prefix: string): string[] {
  return lines.map((line) => (line ? `${prefix}${line}` : line));
}

/** Greedy word wrap for prose (never applied to console lines, which must stay verbatim). */
export function wrap(text: string, width: number): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(/\s+/)) {
    if (line && line.length + 1 + word.length > width) {
      lines.push(line);
      line = word;
    } else line = line ? `${line} ${word}` : word;
  }
  if (line) lines.push(line);
  return lines;
}

// One table of exit codes for every command, so docs/cli.md and the code cannot drift apart.
export const ExitCode = {
  /** Allowed (doctor), nothing of medium severity (scan), no problem (check), recognised (explain). */
  ok: 0,
  /** Blocked (doctor), a medium-or-worse finding (scan), a problem in the policy (check), unknown message (explain). */
  problem: 1,
  /** Bad usage, an unreachable server, an unreadable file. */
  usage: 2,
} as const;

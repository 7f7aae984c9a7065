import pc from 'picocolors';

// picocolors already honours NO_COLOR, FORCE_COLOR and whether stdout is a terminal; `--no-color`
// on the command line is mapped to NO_COLOR by main.ts before this module is first used.
export type Colors = ReturnType<typeof pc.createColors>;

export function colors(): Colors {
  const enabled =
    !process.env.NO_COLOR && (Boolean(process.env.FORCE_COLOR) || process.stdout.isTTY === true);
  return pc.createColors(enabled);
}

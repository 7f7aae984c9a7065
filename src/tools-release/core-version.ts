// The core (`corskit`) and the tools (`@corskit/tools`) are released together with one version.
// The tools reach into the core's internal modules, which may change in any release, so a core of
// another version (a forced install, an override, a copied node_modules) is refused up front with
// the command that fixes it, instead of failing later in some unrelated way.
import { VERSION as CORE_VERSION } from '../policy/version.js';
import { TOOLS_VERSION } from './tools-version.js';

export class CoreVersionError extends Error {
  readonly code = 'core-version-mismatch';
  constructor(
    readonly core: string,
    readonly tools: string,
  ) {
    super(
      `@corskit/tools ${tools} needs corskit ${tools} (the two are released together), but the installed corskit is ${core}. ` +
        `Install matching versions: npm install corskit@${tools} @corskit/tools@${tools}`,
    );
    this.name = 'CoreVersionError';
  }
}

/** The mismatch, or undefined when the installed core is the tools' own version. */
export function coreVersionMismatch(): CoreVersionError | undefined {
  return CORE_VERSION === TOOLS_VERSION ? undefined : new CoreVersionError(CORE_VERSION, TOOLS_VERSION);
}

/** Throws the mismatch: the library entries of the tools call it when they are imported. */
export function assertCoreVersion(): void {
  const mismatch = coreVersionMismatch();
  if (mismatch) throw mismatch;
}

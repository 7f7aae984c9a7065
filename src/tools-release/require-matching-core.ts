// Imported first by every library entry of @corskit/tools: importing the tools with a core of
// another version throws CoreVersionError, which says which versions to install.
import { assertCoreVersion } from './core-version.js';

assertCoreVersion();

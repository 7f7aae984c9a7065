// The command's version is the tools package's own (src/tools-release/tools-version.ts).
export { TOOLS_VERSION as version } from '../tools-release/tools-version.js';

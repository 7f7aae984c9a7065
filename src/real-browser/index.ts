// `corskit doctor --real`: ground truth from the installed browsers (Node only).
export { disagreements, type Prediction } from './compare.js';
export { BROWSER_ENV, INSTALL_HINT, locateBrowser, RealBrowserError } from './locate.js';
export { observeInRealBrowsers, type RealObservation, type RealRunOptions } from './run-real.js';

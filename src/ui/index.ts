// corskit ui: the web doctor and HAR drop zone, served on loopback.
export { type RunningUi, startUi, type UiOptions } from './server.js';

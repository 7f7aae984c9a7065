// HOOK for the doctor's real-browser mode (`corskit doctor --real`, built in parallel). When it
// lands, set `realBrowserCheck` to a function that runs the installed browsers for these options
// and returns its JSON; POST /api/real then answers with it and the page shows it beside the
// prediction. Until then the endpoint answers 501 and the page says why.
import type { DoctorOptions } from '../doctor/run-doctor.js';

export type RealBrowserCheck = (options: DoctorOptions) => Promise<unknown>;

export const REAL_MODE_UNAVAILABLE = 'real-browser mode not available in this build';

export const realBrowserCheck: RealBrowserCheck | null = null;

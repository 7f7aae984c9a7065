// Runs hono's ported cors middleware suite (see cases.ts; MIT license in LICENSE beside it).
import { runPortedSuite } from '../support/ported.js';
import { honoCors } from './cases.js';

runPortedSuite(honoCors);

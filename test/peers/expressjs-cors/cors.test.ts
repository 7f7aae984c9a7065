// Runs expressjs/cors's ported suite (see cases.ts; MIT license in LICENSE beside it).
import { runPortedSuite } from '../support/ported.js';
import { expressjsCors } from './cases.js';

runPortedSuite(expressjsCors);

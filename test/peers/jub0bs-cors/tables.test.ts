// Runs jub0bs/cors's ported configuration and origin-pattern tables (see cases.ts; MIT license in LICENSE beside it).
import { runPortedSuite } from '../support/ported.js';
import { jub0bsCors } from './cases.js';

runPortedSuite(jub0bsCors);

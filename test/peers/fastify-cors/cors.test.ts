// Runs @fastify/cors's ported suite (see cases.ts; MIT license in LICENSE beside it).
import { runPortedSuite } from '../support/ported.js';
import { fastifyCors } from './cases.js';

runPortedSuite(fastifyCors);

import { defineDialect } from '../dialect.js';
import { build } from './build.js';

/** The beta dialect (`OpenAI-Beta: realtime=v1`). */
export const betaDialect = defineDialect('beta', build);

import { defineDialect } from '../dialect.js';
import { build } from './build.js';

/** The GA dialect (`gpt-realtime`, no beta header). */
export const gaDialect = defineDialect('ga', build);

import type { Kit } from '../kit.js';

/**
 * Whether a variant follows observed wire traffic where it differs from the spec.
 *
 * @note Lenient variants (the default for server events) also accept the beta-style shapes that
 * real GA servers send in places (assistant content parts `text` / `audio`); strict variants check
 * the GA shapes. `null` where the spec names an object but the wire sends `null` is accepted by
 * every variant (the types say `| null`), so strict validation of real or emulated traffic holds.
 */
export function followsWire(k: Kit): boolean {
  return k.strictness === 'lenient';
}

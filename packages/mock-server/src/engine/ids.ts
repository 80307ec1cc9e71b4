/**
 * Deterministic ids. Each session draws from its own seeded generator, so the same seed and the same
 * client frames give byte-identical ids — never the clock, never `crypto.randomBytes`.
 */

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
const CODES = Array.from(ALPHABET, (c) => c.charCodeAt(0));

/** The step of the id generator's state (SplitMix32). */
const GOLDEN = 0x9e3779b9;

/** SplitMix32's output for a state: a well-mixed uint32. */
function mix(state: number): number {
  let z = state;
  z = Math.imul(z ^ (z >>> 16), 0x85ebca6b) >>> 0;
  z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35) >>> 0;
  return (z ^ (z >>> 16)) >>> 0;
}

/** Mixes a string into a 32-bit seed (FNV-1a). */
export function hashSeed(text: string, seed = 0x811c9dc5): number {
  let h = seed >>> 0;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h;
}

/**
 * Per prefix, an id's characters as char codes (prefix, `_`, 21 random), shared by every
 * generator: an id is written into it and made into one flat string at once (joining a prefix
 * and a random part would make a two-node rope, which costs a copy each time the id is
 * serialized). Shared rather than per generator: a server with thousands of sessions makes an id
 * for each of their events, and per-session arrays and maps are cold in the cache each time.
 */
const CODES_BY_PREFIX = new Map<string, number[]>();

function codesFor(prefix: string): number[] {
  let codes = CODES_BY_PREFIX.get(prefix);
  if (codes === undefined) {
    codes = [...Array.from(`${prefix}_`, (c) => c.charCodeAt(0)), ...new Array(21).fill(0)];
    CODES_BY_PREFIX.set(prefix, codes);
  }
  return codes;
}

/** Makes ids shaped like the real API's (`event_` + 21 base62 characters, `resp_…`, `item_…`). */
export class IdGenerator {
  /** A seeded SplitMix32 state, kept here: one object per session, no closure. */
  #state: number;
  /** The codes of the last prefix used (most ids in a row are `event_` ids). */
  #prefix = '';
  #codes: number[] = [];

  constructor(seed: number) {
    this.#state = seed >>> 0;
  }

  /** A fresh id with the given prefix, e.g. `event`, `resp`, `item`, `call`, `sess`, `conv`. */
  id(prefix: string): string {
    if (prefix !== this.#prefix) {
      this.#prefix = prefix;
      this.#codes = codesFor(prefix);
    }
    const codes = this.#codes;
    let state = this.#state;
    for (let i = prefix.length + 1; i < codes.length; i++) {
      state = (state + GOLDEN) >>> 0;
      codes[i] = CODES[mix(state) % 62] as number;
    }
    this.#state = state;
    return String.fromCharCode.apply(null, codes);
  }
}

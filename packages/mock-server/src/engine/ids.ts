/**
 * Deterministic ids. Each session draws from its own seeded generator, so the same seed and the same
 * client frames give byte-identical ids — never the clock, never `crypto.randomBytes`.
 */

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
const CODES = Array.from(ALPHABET, (c) => c.charCodeAt(0));

/** A small, fast, seedable PRNG (SplitMix32 variant). Returns a function yielding uint32s. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x9e3779b9) >>> 0;
    let z = state;
    z = Math.imul(z ^ (z >>> 16), 0x85ebca6b) >>> 0;
    z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35) >>> 0;
    return (z ^ (z >>> 16)) >>> 0;
  };
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

/** Makes ids shaped like the real API's (`event_` + 21 base62 characters, `resp_…`, `item_…`). */
export class IdGenerator {
  readonly #next: () => number;

  constructor(seed: number) {
    this.#next = seededRandom(seed);
  }

  /**
   * Per prefix, an id's characters as char codes (prefix, `_`, 21 random): one flat string is
   * made from them. Joining a prefix and the random part instead would make a two-node rope, which
   * costs a copy each time the id is serialized.
   */
  readonly #codes = new Map<string, number[]>();

  /** A fresh id with the given prefix, e.g. `event`, `resp`, `item`, `call`, `sess`, `conv`. */
  id(prefix: string): string {
    let codes = this.#codes.get(prefix);
    if (codes === undefined) {
      codes = [...Array.from(`${prefix}_`, (c) => c.charCodeAt(0)), ...new Array(21).fill(0)];
      this.#codes.set(prefix, codes);
    }
    for (let i = prefix.length + 1; i < codes.length; i++)
      codes[i] = CODES[this.#next() % 62] as number;
    return String.fromCharCode.apply(null, codes);
  }
}

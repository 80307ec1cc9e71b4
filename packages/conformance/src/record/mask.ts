/**
 * Keeping secrets out of recordings. The relay forwards every frame unchanged; only the copy it
 * writes to the transcript is masked:
 * - every string that holds a known secret (the client's credential, the `--api-key`, any client
 *   secret seen so far) has the secret replaced by its masked form;
 * - a client secret inside an event (`client_secret.value`, or a `value` field starting `ek_`) is
 *   masked, and remembered as a known secret for the rest of the recording.
 * A masked secret keeps its well-known prefix and loses the rest: `ek_<redacted>`, `sk-<redacted>`.
 * A masked JSON frame is re-serialised (compact), so it is no longer byte-identical to what was sent;
 * a frame with nothing to mask is recorded with its own bytes.
 */

/** What replaces the secret part of a masked value. */
export const REDACTED = '<redacted>';

/**
 * Secrets shorter than this are masked only where a whole string equals them: replacing a short
 * string wherever it occurs would mangle unrelated text and audio.
 */
const MIN_SUBSTRING_SECRET = 8;

/** The prefix of a client secret (OpenAI `ek_…`). */
const CLIENT_SECRET_PREFIX = 'ek_';

/** The masked form of a secret: its `ek_` / `sk-` prefix, if any, then {@link REDACTED}. */
export function maskSecret(secret: string): string {
  const prefix = /^(?:ek_|sk-)/.exec(secret)?.[0] ?? '';
  return `${prefix}${REDACTED}`;
}

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

/** Masks the secrets it knows in recorded frames; learns client secrets from the frames it sees. */
export class SecretMasker {
  readonly #secrets = new Set<string>();

  /** Adds a secret to mask from now on (empty and undefined values are ignored). */
  add(secret: string | undefined): void {
    if (secret !== undefined && secret.length > 0) this.#secrets.add(secret);
  }

  /** The text to record for a text frame: the frame itself when it holds nothing to mask. */
  text(data: string): string {
    // Fast path: most frames hold no secret, no client secret and no escape that could hide one.
    if (!data.includes(CLIENT_SECRET_PREFIX) && !data.includes('\\u') && !this.#holdsSecret(data))
      return data;
    let parsed: Json;
    try {
      parsed = JSON.parse(data) as Json;
    } catch {
      return this.#replace(data);
    }
    this.#learn(parsed, undefined, undefined);
    let changed = false;
    const masked = this.#walk(parsed, () => {
      changed = true;
    });
    if (!changed) return this.#replace(data);
    // A secret could still sit in a property name: replace it in the serialised text too.
    return this.#replace(JSON.stringify(masked));
  }

  /** The bytes to record for a binary frame: long secrets in it replaced by their masked form. */
  binary(data: Uint8Array): Uint8Array {
    let bytes = Buffer.from(data.buffer, data.byteOffset, data.byteLength);
    for (const secret of this.#secrets) {
      if (secret.length < MIN_SUBSTRING_SECRET) continue;
      const needle = Buffer.from(secret, 'utf8');
      if (bytes.indexOf(needle) === -1) continue;
      const parts: Buffer[] = [];
      let from = 0;
      for (let at = bytes.indexOf(needle); at !== -1; at = bytes.indexOf(needle, from)) {
        parts.push(bytes.subarray(from, at), Buffer.from(maskSecret(secret), 'utf8'));
        from = at + needle.length;
      }
      parts.push(bytes.subarray(from));
      bytes = Buffer.concat(parts);
    }
    return bytes;
  }

  /** Masks known secrets inside a string (the whole string, or occurrences of long secrets). */
  maskString(value: string): string {
    return this.#secrets.has(value) ? maskSecret(value) : this.#replace(value);
  }

  #holdsSecret(text: string): boolean {
    for (const secret of this.#secrets) if (text.includes(secret)) return true;
    return false;
  }

  #replace(text: string): string {
    let out = text;
    for (const secret of this.#secrets) {
      if (secret.length >= MIN_SUBSTRING_SECRET && out.includes(secret))
        out = out.replaceAll(secret, maskSecret(secret));
    }
    return out;
  }

  /** Remembers the client secrets a frame carries (`client_secret.value`, `value: "ek_…"`). */
  #learn(value: Json, key: string | undefined, parentKey: string | undefined): void {
    if (typeof value === 'string') {
      if (isClientSecret(value, key, parentKey)) this.add(value);
      return;
    }
    if (value === null || typeof value !== 'object') return;
    if (Array.isArray(value)) {
      for (const item of value) this.#learn(item, undefined, key);
      return;
    }
    for (const [name, item] of Object.entries(value)) this.#learn(item, name, key);
  }

  #walk(value: Json, changed: () => void): Json {
    if (typeof value === 'string') {
      const masked = this.maskString(value);
      if (masked !== value) changed();
      return masked;
    }
    if (value === null || typeof value !== 'object') return value;
    if (Array.isArray(value)) return value.map((item) => this.#walk(item, changed));
    // A null prototype keeps a `__proto__` key an ordinary property.
    const out = Object.create(null) as { [key: string]: Json };
    for (const [name, item] of Object.entries(value)) out[name] = this.#walk(item, changed);
    return out;
  }
}

/** A client secret: `client_secret.value`, or any `value` field that starts `ek_`. */
function isClientSecret(value: string, key: string | undefined, parentKey: string | undefined) {
  if (key !== 'value' || value.length === 0) return false;
  return parentKey === 'client_secret' || value.startsWith(CLIENT_SECRET_PREFIX);
}

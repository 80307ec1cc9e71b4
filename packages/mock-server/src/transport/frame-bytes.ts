/**
 * Builds text-frame bytes from spliced pieces for the `ws` transport (Node only): the base64 body's
 * bytes are cached per string (audio chunks repeat), and frames are cut from 1 MiB slabs, so a
 * 100 ms audio delta costs one small write and one memcpy instead of a JSON.stringify.
 */
const SLAB_BYTES = 1024 * 1024;
const MAX_CACHED_BODIES = 256;

export class FrameBytes {
  #slab = Buffer.allocUnsafe(SLAB_BYTES);
  #offset = 0;
  readonly #bodies = new Map<string, Buffer>();

  /** `head + body + tail` as UTF-8 bytes (`body` must be ASCII, e.g. base64). */
  build(head: string, body: string, tail: string): Buffer {
    let bytes = this.#bodies.get(body);
    if (bytes === undefined) {
      bytes = Buffer.from(body, 'latin1');
      if (this.#bodies.size < MAX_CACHED_BODIES) this.#bodies.set(body, bytes);
    }
    const headLength = Buffer.byteLength(head);
    const tailLength = Buffer.byteLength(tail);
    const out = this.#take(headLength + bytes.length + tailLength);
    out.write(head, 0, 'utf8');
    bytes.copy(out, headLength);
    out.write(tail, headLength + bytes.length, 'utf8');
    return out;
  }

  // A bump allocator over fresh slabs: a slab is never reused, so frames still queued in a socket
  // keep their bytes; the garbage collector frees a slab once its frames are written.
  #take(size: number): Buffer {
    if (size > SLAB_BYTES / 8) return Buffer.allocUnsafe(size);
    if (this.#offset + size > SLAB_BYTES) {
      this.#slab = Buffer.allocUnsafe(SLAB_BYTES);
      this.#offset = 0;
    }
    const out = this.#slab.subarray(this.#offset, this.#offset + size);
    this.#offset += (size + 7) & ~7;
    return out;
  }
}

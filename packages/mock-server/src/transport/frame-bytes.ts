/**
 * Whole WebSocket text frames (RFC 6455 §5.2: FIN, opcode 1, unmasked as a server sends them),
 * header and payload in one buffer, for the `ws` transport (Node only) to write to its socket.
 *
 * Why not `ws.send`: for each frame it makes an options object, a separate header buffer and two
 * socket writes that a cork joins again; on a paced server sending one 100 ms audio delta per
 * session per tick, that machinery cost more than the frame itself. One buffer is one write.
 * Frames are cut from 1 MiB slabs, and a delta's pieces (see {@link FrameBytes.parts}) are written
 * into its frame one after the other, so a delta costs a few copies instead of a JSON.stringify.
 */
const SLAB_BYTES = 1024 * 1024;
/** A mark is `slabs × MARK_SLAB + offset` (offsets stay below SLAB_BYTES). */
const MARK_SLAB = 2 * SLAB_BYTES;
/** ASCII parts up to this length are copied in a loop rather than by `Buffer#write`. */
const SHORT_PART = 32;
/** FIN + text opcode: the first byte of every frame built here. */
const TEXT_FRAME = 0x81;

/** Header length for a payload of `size` bytes: 2, 4 (16-bit length) or 10 (64-bit length). */
function headerLength(size: number): number {
  return size < 126 ? 2 : size < 0x10000 ? 4 : 10;
}

function writeHeader(out: Buffer, size: number): void {
  out[0] = TEXT_FRAME;
  if (size < 126) {
    out[1] = size;
  } else if (size < 0x10000) {
    out[1] = 126;
    out.writeUInt16BE(size, 2);
  } else {
    out[1] = 127;
    out.writeUInt32BE(Math.floor(size / 0x100000000), 2);
    out.writeUInt32BE(size >>> 0, 6);
  }
}

export class FrameBytes {
  #slab = Buffer.allocUnsafe(SLAB_BYTES);
  #offset = 0;

  /** The text frame of `text`. */
  text(text: string): Buffer {
    const size = Buffer.byteLength(text);
    const header = headerLength(size);
    const out = this.#take(header + size);
    writeHeader(out, size);
    out.write(text, header, 'utf8');
    return out;
  }

  /**
   * The text frame of `parts[0] + … + parts[count - 1]`, each part written into the frame as it
   * is (never joined into one string first). `ascii`: every part is ASCII, so its byte length is
   * its length; short ASCII parts (an event id, a closing brace) are copied byte by byte, which
   * costs less than a call into the runtime.
   */
  parts(parts: readonly string[], count: number, ascii: boolean): Buffer {
    let size = 0;
    for (let i = 0; i < count; i++) {
      const part = parts[i] as string;
      size += ascii ? part.length : Buffer.byteLength(part);
    }
    const header = headerLength(size);
    const out = this.#take(header + size);
    writeHeader(out, size);
    let at = header;
    for (let i = 0; i < count; i++) {
      const part = parts[i] as string;
      if (ascii && part.length <= SHORT_PART) {
        for (let c = 0; c < part.length; c++) out[at + c] = part.charCodeAt(c);
        at += part.length;
      } else {
        at += out.write(part, at, ascii ? 'latin1' : 'utf8');
      }
    }
    return out;
  }

  /**
   * Where the next frame will be cut. Once every frame cut since then has been written (the
   * socket's `writableLength` is 0: its bytes are in the kernel), {@link rewind} gives their
   * bytes back.
   */
  mark(): number {
    return this.#slabs * MARK_SLAB + this.#offset;
  }

  /**
   * Cuts the next frames from `mark` again. A paced server writes each tick's frames at once, and
   * then one slab serves every tick: without this it would take a fresh 1 MiB slab every ~150
   * audio deltas, and that much outside-the-heap memory makes V8 start full (old-generation)
   * collections, whose marking takes the core for ~100 ms. A mark from an earlier slab is
   * ignored (that slab is left to the garbage collector).
   */
  rewind(mark: number): void {
    if (Math.floor(mark / MARK_SLAB) === this.#slabs) this.#offset = mark % MARK_SLAB;
  }

  /** Slabs taken so far: a mark names its slab by this count. */
  #slabs = 0;

  // A bump allocator over fresh slabs: a slab's bytes are never reused while a socket may still
  // hold a frame cut from it (see rewind); the garbage collector frees a slab once its frames
  // are written.
  #take(size: number): Buffer {
    if (size > SLAB_BYTES / 8) return Buffer.allocUnsafe(size);
    if (this.#offset + size > SLAB_BYTES) {
      this.#slab = Buffer.allocUnsafe(SLAB_BYTES);
      this.#slabs++;
      this.#offset = 0;
    }
    const out = this.#slab.subarray(this.#offset, this.#offset + size);
    // Right after the frame before: a tick's frames are one run of bytes (see ws-server.ts).
    this.#offset += size;
    return out;
  }
}

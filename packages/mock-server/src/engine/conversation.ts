/**
 * The default conversation: ordered items, insertion after `previous_item_id` ("root" = first),
 * lookup by id, and what each item's audio is (for retrieve and truncate).
 * Appends and id lookups are O(1) so the cost of a turn stays flat as the conversation grows.
 */
import type { Item } from './types.js';

/** Audio held for an item: input audio chunks (base64) or the assistant audio duration sent. */
export interface ItemAudio {
  /** Base64 chunks of user audio, as appended (none for assistant audio). */
  chunks: readonly string[];
  /** Milliseconds of audio: user audio committed, or assistant audio sent so far. */
  ms: number;
}

/** The chunks of assistant audio, which the mock does not keep: one array for every item. */
const NO_CHUNKS: readonly string[] = Object.freeze([]);

export class Conversation {
  readonly #items: Item[] = [];
  #textChars = 0;
  #audioMs = 0;
  readonly #byId = new Map<string, Item>();
  readonly #audio = new Map<string, ItemAudio>();
  readonly #callIds = new Set<string>();

  get size(): number {
    return this.#items.length;
  }

  has(id: string): boolean {
    return this.#byId.has(id);
  }

  get(id: string): Item | undefined {
    return this.#byId.get(id);
  }

  /** Every item in conversation order (a copy of the list; the items themselves are shared). */
  items(): readonly Item[] {
    return this.#items.slice();
  }

  /** The live list, read-only: no copy (the cost of a turn must not grow with the conversation). */
  view(): readonly Item[] {
    return this.#items;
  }

  /** The id of the last item, or null when empty. */
  lastId(): string | null {
    return this.#items.at(-1)?.id ?? null;
  }

  /**
   * Inserts an item. `previous` undefined → append; `"root"` → first; an id → after that item.
   * Returns the id of the item it now follows (null when first). The caller has checked the id exists.
   */
  insert(item: Item, previous?: string | null): string | null {
    let at = this.#items.length;
    if (previous === 'root') at = 0;
    else if (typeof previous === 'string') at = this.#items.findIndex((i) => i.id === previous) + 1;
    if (at === this.#items.length) this.#items.push(item);
    else this.#items.splice(at, 0, item);
    this.#byId.set(item.id, item);
    this.#noteCall(item);
    this.#textChars += itemTextChars(item);
    return at === 0 ? null : (this.#items[at - 1] as Item).id;
  }

  /**
   * Replaces the stored item with the same id (an output item that became final); false, and
   * nothing stored, when the conversation no longer has it (deleted meanwhile).
   */
  replace(item: Item): boolean {
    const current = this.#byId.get(item.id);
    if (current === undefined) return false;
    const at = this.#items.lastIndexOf(current);
    this.#items[at] = item;
    this.#byId.set(item.id, item);
    this.#noteCall(item);
    this.#textChars += itemTextChars(item) - itemTextChars(current);
    return true;
  }

  #noteCall(item: Item): void {
    const callId = (item as { call_id?: unknown }).call_id;
    if (item.type === 'function_call' && typeof callId === 'string') this.#callIds.add(callId);
  }

  delete(id: string): boolean {
    const item = this.#byId.get(id);
    if (item === undefined) return false;
    this.#items.splice(this.#items.indexOf(item), 1);
    this.#byId.delete(id);
    this.#textChars -= itemTextChars(item);
    this.#audioMs -= this.#audio.get(id)?.ms ?? 0;
    this.#audio.delete(id);
    this.#audioEpoch++;
    return true;
  }

  /** Text characters and audio milliseconds in the whole conversation (kept as running totals). */
  totals(): { textChars: number; audioMs: number } {
    return { textChars: this.#textChars, audioMs: this.#audioMs };
  }

  /** Adds assistant audio to an item: to its record, made on the first call. */
  #addAudio(id: string, ms: number): ItemAudio {
    let audio = this.#audio.get(id);
    if (audio === undefined) {
      audio = { chunks: NO_CHUNKS, ms };
      this.#audio.set(id, audio);
    } else audio.ms += ms;
    this.#audioMs += ms;
    return audio;
  }

  /** Bumped whenever an item's audio record is removed or replaced. */
  #audioEpoch = 0;

  /**
   * Adds assistant audio to an item as it streams: `add` once per delta. The item's record is
   * looked up on the first delta and kept until a record is removed or replaced (a delete, a
   * setAudio), so a 100 ms delta costs no map lookup.
   */
  audioOf(id: string): AudioTally {
    return new AudioTally(id, this.#addTo);
  }

  /** One function for every tally of the conversation. */
  readonly #addTo = (tally: AudioTally, ms: number): void => {
    const audio = tally.record;
    if (audio === undefined || tally.epoch !== this.#audioEpoch) {
      tally.record = this.#addAudio(tally.id, ms);
      tally.epoch = this.#audioEpoch;
      return;
    }
    audio.ms += ms;
    this.#audioMs += ms;
  };

  /** Cuts an item's audio at `audioEndMs` and its transcript to `keepChars` characters. */
  truncate(id: string, contentIndex: number, audioEndMs: number, keepChars: number): void {
    const item = this.#byId.get(id) as { content?: { transcript?: string | null }[] } | undefined;
    const part = item?.content?.[contentIndex];
    if (item === undefined || part === undefined) return;
    const before = itemTextChars(item as Item);
    const transcript = part.transcript ?? '';
    part.transcript = transcript.slice(0, Math.min(transcript.length, keepChars));
    this.#textChars += itemTextChars(item as Item) - before;
    const audio = this.#audio.get(id);
    if (audio !== undefined) {
      this.#audioMs += audioEndMs - audio.ms;
      audio.ms = audioEndMs;
    }
  }

  audio(id: string): ItemAudio | undefined {
    return this.#audio.get(id);
  }

  setAudio(id: string, audio: ItemAudio): void {
    this.#audioMs += audio.ms - (this.#audio.get(id)?.ms ?? 0);
    this.#audio.set(id, audio);
    this.#audioEpoch++;
  }

  /** Has a function_call with this call_id (rule tools.call-id.required). */
  hasCall(callId: string): boolean {
    return this.#callIds.has(callId);
  }
}

/** Characters of text and milliseconds of audio in a list of items (for input token counts). */
export function measureItems(
  items: readonly Item[],
  audioMs: (id: string) => number,
): { textChars: number; audioMs: number } {
  let textChars = 0;
  let ms = 0;
  for (const item of items) {
    textChars += itemTextChars(item);
    ms += audioMs(item.id);
  }
  return { textChars, audioMs: ms };
}

/** Characters of text an item carries (message text and transcripts, call arguments, outputs). */
function itemTextChars(item: Item): number {
  const i = item as {
    content?: { text?: unknown; transcript?: unknown }[];
    arguments?: unknown;
    output?: unknown;
  };
  let n = 0;
  if (Array.isArray(i.content)) {
    for (const part of i.content) {
      if (typeof part.text === 'string') n += part.text.length;
      if (typeof part.transcript === 'string') n += part.transcript.length;
    }
  }
  if (typeof i.arguments === 'string') n += i.arguments.length;
  if (typeof i.output === 'string') n += i.output.length;
  return n;
}

/**
 * One item's assistant audio as it streams (see {@link Conversation.audioOf}): one small object,
 * where a closure and its context were two that lived as long as the response.
 */
export class AudioTally {
  /** The item's record, once found, and the conversation's epoch it was found in. */
  record: ItemAudio | undefined = undefined;
  epoch = -1;

  readonly #add: (tally: AudioTally, ms: number) => void;

  constructor(
    readonly id: string,
    add: (tally: AudioTally, ms: number) => void,
  ) {
    this.#add = add;
  }

  /** Adds `ms` of audio to the item. */
  add(ms: number): void {
    this.#add(this, ms);
  }
}

/**
 * The default conversation: ordered items, insertion after `previous_item_id` ("root" = first),
 * lookup by id, and what each item's audio is (for retrieve and truncate).
 * Appends and id lookups are O(1) so the cost of a turn stays flat as the conversation grows.
 */
import type { Item } from './types.js';

/** Audio held for an item: input audio chunks (base64) or the assistant audio duration sent. */
export interface ItemAudio {
  /** Base64 chunks of user audio, as appended. */
  chunks: string[];
  /** Milliseconds of audio: user audio committed, or assistant audio sent so far. */
  ms: number;
}

export class Conversation {
  readonly #items: Item[] = [];
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
    return at === 0 ? null : (this.#items[at - 1] as Item).id;
  }

  /** Replaces the stored item with the same id (an output item that became final). */
  replace(item: Item): void {
    const current = this.#byId.get(item.id);
    if (current === undefined) return;
    const at = this.#items.lastIndexOf(current);
    this.#items[at] = item;
    this.#byId.set(item.id, item);
    this.#noteCall(item);
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
    this.#audio.delete(id);
    return true;
  }

  audio(id: string): ItemAudio | undefined {
    return this.#audio.get(id);
  }

  setAudio(id: string, audio: ItemAudio): void {
    this.#audio.set(id, audio);
  }

  /** Has a function_call with this call_id (rule tools.call-id.required). */
  hasCall(callId: string): boolean {
    return this.#callIds.has(callId);
  }
}

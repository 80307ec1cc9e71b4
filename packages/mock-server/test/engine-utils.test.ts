// The engine's small helpers: deterministic ids, the cut of a text into words, and the deep copy
// of JSON data that stands in for structuredClone on the hot path.
import { describe, expect, it } from 'vitest';
import { Conversation } from '../src/engine/conversation.js';
import { IdGenerator } from '../src/engine/ids.js';
import { wordEnds } from '../src/engine/response-run.js';
import { copyJson, flatString } from '../src/engine/types.js';

describe('IdGenerator', () => {
  it('makes ids shaped like the real API’s, the same for the same seed', () => {
    const a = new IdGenerator(42);
    const b = new IdGenerator(42);
    const ids = Array.from({ length: 50 }, () => a.id('event'));
    expect(ids).toEqual(Array.from({ length: 50 }, () => b.id('event')));
    for (const id of ids) expect(id).toMatch(/^event_[A-Za-z0-9]{21}$/);
    expect(new Set(ids).size).toBe(50);
    expect(new IdGenerator(43).id('event')).not.toBe(ids[0]);
    // Pinned: transcripts recorded by earlier versions keep their ids.
    expect(new IdGenerator(1).id('resp')).toMatchInlineSnapshot(`"resp_t6SNizGeRnOmr4ezpzr1H"`);
  });
});

describe('copyJson', () => {
  it('gives what structuredClone gives for JSON data, sharing nothing', () => {
    const value = {
      id: 'item_1',
      content: [{ type: 'output_audio', transcript: 'Hi.' }, null, 3, true],
      nested: { deep: { list: [[1, 2], { a: 'b' }] } },
      missing: undefined,
    };
    const copy = copyJson(value);
    expect(copy).toStrictEqual(structuredClone(value));
    expect(Object.keys(copy)).toEqual(Object.keys(value));
    (copy.content as unknown[])[0] = 'changed';
    (copy.nested.deep.list[0] as number[]).push(3);
    expect(value.content[0]).toEqual({ type: 'output_audio', transcript: 'Hi.' });
    expect(value.nested.deep.list[0]).toEqual([1, 2]);
  });

  it('keeps an own "__proto__" key a key, never a prototype', () => {
    const value = JSON.parse('{"a":1,"__proto__":{"polluted":true}}');
    const copy = copyJson(value);
    expect(Object.getPrototypeOf(copy)).toBe(Object.prototype);
    expect(Object.keys(copy)).toEqual(['a', '__proto__']);
    expect((copy as { polluted?: boolean }).polluted).toBeUndefined();
    expect(JSON.stringify(copy)).toBe('{"a":1,"__proto__":{"polluted":true}}');
  });

  it('returns primitives as they are', () => {
    for (const v of ['s', 1, true, null, undefined]) expect(copyJson(v)).toBe(v);
  });
});

describe('Conversation.audioOf', () => {
  const item = (id: string) =>
    ({
      id,
      object: 'realtime.item',
      type: 'message',
      status: 'in_progress',
      role: 'assistant',
      content: [],
    }) as never;

  it("adds each delta's milliseconds to the item's record and to the totals", () => {
    const conversation = new Conversation();
    conversation.insert(item('item_1'));
    const tally = conversation.audioOf('item_1');
    const add = (ms: number) => tally.add(ms);
    expect(conversation.audio('item_1')).toBeUndefined(); // made on the first delta, as before
    for (let i = 0; i < 5; i++) add(100);
    expect(conversation.audio('item_1')?.ms).toBe(500);
    expect(conversation.totals().audioMs).toBe(500);
  });

  it('follows a record that was deleted or replaced while the item streams', () => {
    const conversation = new Conversation();
    conversation.insert(item('item_1'));
    conversation.insert(item('item_2'));
    const tally = conversation.audioOf('item_1');
    const add = (ms: number) => tally.add(ms);
    add(100);
    add(100);
    // Replaced (setAudio): later deltas go to the new record.
    conversation.setAudio('item_1', { chunks: [], ms: 50 });
    add(100);
    expect(conversation.audio('item_1')?.ms).toBe(150);
    expect(conversation.totals().audioMs).toBe(150);
    // Deleted: the next delta makes a fresh record, as a lookup per delta would.
    const otherTally = conversation.audioOf('item_2');
    const other = (ms: number) => otherTally.add(ms);
    other(40);
    conversation.delete('item_1');
    expect(conversation.totals().audioMs).toBe(40);
    add(100);
    expect(conversation.audio('item_1')?.ms).toBe(100);
    expect(conversation.totals().audioMs).toBe(140);
    other(40);
    expect(conversation.audio('item_2')?.ms).toBe(80);
  });
});

describe('flatString', () => {
  it('gives the same text for ropes, slices and strings JSON escapes', () => {
    let rope = '';
    for (let i = 0; i < 40; i++) rope += `{"n":${i}},`;
    const whole = `{"a":"x","b":"tab\there","c":"é ✓ \u0001"}`;
    for (const text of [rope, whole.slice(5, 30), whole, '', 'x', '"', '\\']) {
      expect(flatString(text)).toBe(text);
    }
  });
});

describe('wordEnds', () => {
  /** The cut as a regular expression makes it: each word with the white space after it. */
  function byRegex(text: string): { from: number; ends: number[] } {
    const matches = [...text.matchAll(/\S+\s*/g)];
    if (matches.length === 0) return { from: 0, ends: [text.length] };
    return {
      from: matches[0]?.index ?? 0,
      ends: matches.map((m) => m.index + m[0].length),
    };
  }

  it('cuts words where \\s does, for every kind of white space', () => {
    const spaces = [
      ...' \t\n\v\f\r\u00a0\u1680\u2028\u2029\u202f\u205f\u3000\ufeff',
      ...Array.from({ length: 11 }, (_, i) => String.fromCharCode(0x2000 + i)),
    ];
    // Characters next to the white-space ranges, which are not white space.
    const others = [
      'a',
      'é',
      '😀',
      '\u0008',
      '\u000e',
      '\u001f',
      '\u200b',
      '\u1681',
      '\u3001',
      '!',
    ];
    const texts = ['', ' ', 'word', '  lead and trail  ', 'You said: "hi". Got it.'];
    let seed = 7;
    const pick = <T>(list: readonly T[]): T => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return list[seed % list.length] as T;
    };
    for (let t = 0; t < 300; t++) {
      let text = '';
      const length = t % 40;
      for (let i = 0; i < length; i++) text += pick(t % 3 === 0 ? spaces : [...spaces, ...others]);
      texts.push(text);
    }
    for (const text of texts) expect(wordEnds(text)).toEqual(byRegex(text));
    expect(wordEnds('a\u2000b').ends).toEqual([2, 3]);
    expect(wordEnds('a\u200bb').ends).toEqual([3]);
  });
});

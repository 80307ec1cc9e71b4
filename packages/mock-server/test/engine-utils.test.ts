// The engine's small helpers: deterministic ids, and the deep copy of JSON data that stands in
// for structuredClone on the hot path.
import { describe, expect, it } from 'vitest';
import { IdGenerator } from '../src/engine/ids.js';
import { copyJson } from '../src/engine/types.js';

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

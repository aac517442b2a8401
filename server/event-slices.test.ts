import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { eventSlices } from './event-slices';
import { generateEvents } from './test-support/events';

/** The slices of `text`, which must each be its event's JSON as written. */
function slicesOf(text: string): string[] | undefined {
  const events = (JSON.parse(text) as { events: unknown[] }).events;
  const slices = eventSlices(text, events);
  if (slices) {
    expect(slices.map((s) => JSON.parse(s) as unknown)).toEqual(events);
    for (const slice of slices) expect(text).toContain(slice);
  }
  return slices;
}

describe('the text of each pushed event', () => {
  it('is each event as the compact body wrote it', () => {
    const events = generateEvents(50);
    expect(slicesOf(JSON.stringify({ events }))).toEqual(events.map((e) => JSON.stringify(e)));
  });

  it('is found in a pretty-printed body, around other keys, whatever the strings hold', () => {
    const tricky = {
      actor: 'a "quoted" },{ [name]: with \\ backslash \\", colon: and ünïcödé 🥕',
      data: { note: '{"events": [1, 2]}', list: ['x]', '{', '\\'], deep: { deeper: [{}] } },
    };
    const events = [tricky, { n: -1.5e3, t: true, f: false, z: null, e: '' }, [], 'text', 7];
    const text = JSON.stringify(
      { before: { events: ['not these'] }, events, after: [{ events: 1 }] },
      null,
      2,
    );
    const slices = slicesOf(text);
    expect(slices).toHaveLength(events.length);
    expect(slices?.[0]).toBe(JSON.stringify(tricky, null, 2).replaceAll('\n', '\n    '));
    expect(slicesOf('{"events":[]}')).toEqual([]);
    expect(slicesOf(' \n{ "events" : [ {"a":1} , {"b":[2]} ] , "x":0 }\n')).toEqual([
      '{"a":1}',
      '{"b":[2]}',
    ]);
  });

  it('is not given when an object repeats a key, at any depth (JSON.parse kept the last)', () => {
    expect(slicesOf('{"events":[{"a":1,"a":2}]}')).toBeUndefined();
    expect(slicesOf('{"events":[{"a":1},{"d":{"q":-5,"r":0,"q":1}}]}')).toBeUndefined();
    expect(slicesOf('{"events":[{"a":[{"b":1,"b":1}]}]}')).toBeUndefined();
  });

  it('is not given when the events key comes twice or is written with escapes', () => {
    expect(slicesOf('{"events":[{"a":1}],"events":[{"b":2}]}')).toBeUndefined();
    expect(slicesOf('{"\\u0065vents":[{"a":1}]}')).toBeUndefined();
  });

  it('is not given for text that is not the parsed JSON', () => {
    expect(eventSlices('{"events":[{"a":1}', [{ a: 1 }])).toBeUndefined();
    expect(eventSlices('{"events":[{"a":1}]}', [{ a: 1 }, { b: 2 }])).toBeUndefined();
    expect(eventSlices('[{"a":1}]', [{ a: 1 }])).toBeUndefined();
  });

  it('is each element of any JSON array, however it is spaced', () => {
    fc.assert(
      fc.property(fc.array(fc.jsonValue()), fc.nat(4), (events, indent) => {
        const text = JSON.stringify({ events }, null, indent);
        const slices = slicesOf(text);
        // JSON.stringify never repeats a key, so every element is found.
        expect(slices).toHaveLength(events.length);
      }),
      { numRuns: 300 },
    );
  });
});

import { describe, expect, it } from 'vitest';
import type { EventEnvelope } from './events';
import { signedForm } from './signed-form';

const event = (data: unknown, extra: Partial<EventEnvelope> = {}): EventEnvelope => ({
  id: '01900000-0000-7000-8000-000000000001',
  type: 'test.thing',
  v: 1,
  hlc: '000001900000000-00000',
  device: 'tablet-1',
  actor: 'Cook',
  data,
  ...extra,
});

describe('the signed form of an event (RFC 8785, bound to its kitchen)', () => {
  it('is the same whatever the order of keys, and leaves the signature out', () => {
    const a = event({ b: 1, a: { y: 2, x: [3, { d: 4, c: 5 }] } });
    const reordered = JSON.parse(
      '{"data":{"a":{"x":[3,{"c":5,"d":4}],"y":2},"b":1},"actor":"Cook","device":"tablet-1",' +
        '"hlc":"000001900000000-00000","id":"01900000-0000-7000-8000-000000000001","type":"test.thing","v":1}',
    ) as EventEnvelope;
    expect(signedForm('k', reordered)).toBe(signedForm('k', a));
    expect(signedForm('k', { ...a, sig: 'x'.repeat(86) })).toBe(signedForm('k', a));
    expect(signedForm('k', a)).toBe(
      '{"event":{"actor":"Cook","data":{"a":{"x":[3,{"c":5,"d":4}],"y":2},"b":1},' +
        '"device":"tablet-1","hlc":"000001900000000-00000",' +
        '"id":"01900000-0000-7000-8000-000000000001","type":"test.thing","v":1},"kitchen":"k"}',
    );
  });

  it('differs between kitchens and with any change of the event', () => {
    const a = event({ qty: 2 });
    expect(signedForm('lincoln', a)).not.toBe(signedForm('grant', a));
    expect(signedForm('k', a)).not.toBe(signedForm('k', event({ qty: 2.5 })));
    expect(signedForm('k', a)).not.toBe(signedForm('k', { ...a, actor: 'Other' }));
  });

  it('writes numbers as RFC 8785 does (ECMAScript shortest form)', () => {
    // The RFC's own example, as sent over the wire.
    const numbers: unknown = JSON.parse(
      '[333333333.33333329,1E30,4.50,2e-3,0.000000000000000000000000001,-0,100]',
    );
    expect(signedForm('k', event(numbers))).toContain(
      '"data":[333333333.3333333,1e+30,4.5,0.002,1e-27,0,100]',
    );
  });

  it('keeps unicode as is, escapes only what JSON must, and sorts keys by UTF-16 code units', () => {
    const text = '\u20ac$\u000F\u000aA\'\u0042\u0022\u005c\\"/ Crème brûlée 🥛';
    expect(signedForm('k', event(text))).toContain(
      '"data":"€$\\u000f\\nA\'B\\"\\\\\\\\\\"/ Crème brûlée 🥛"',
    );
    const keys = {
      '\u20ac': 'Euro Sign',
      '\r': 'Carriage Return',
      '\ufb33': 'Hebrew Letter Dalet With Dagesh',
      '1': 'One',
      '\ud83d\ude00': 'Emoji: Grinning Face',
      '\u0080': 'Control',
      '\u00f6': 'Latin Small Letter O With Diaeresis',
    };
    const form = signedForm('k', event(keys));
    const order = ['\\r', '1', '\u0080', 'ö', '€', '😀', '\ufb33'].map((k) =>
      form.indexOf(`"${k}"`),
    );
    expect(order.every((at) => at > 0)).toBe(true);
    expect([...order].sort((x, y) => x - y)).toEqual(order);
  });

  it('refuses a text no canonical form can carry (a lone surrogate)', () => {
    expect(() => signedForm('k', event('\ud800'))).toThrow(/surrogate/i);
  });
});

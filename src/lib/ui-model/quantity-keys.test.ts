import { describe, expect, it } from 'vitest';
import { language } from '$lib/i18n/language.svelte';
import { formatNumber, parseNumber } from '$lib/i18n/format';
import { countDifference, pressKey, pressUnit, type KeypadKey } from './quantity-keys';

const type = (keys: KeypadKey[], separator = '.') =>
  keys.reduce((text, key) => pressKey(text, key, separator), '');

describe('numeric keypad text', () => {
  it('types whole numbers and decimals', () => {
    expect(type(['1', '2', '.', '5'])).toBe('12.5');
    expect(type(['.', '2', '5'])).toBe('0.25');
  });
  it('types the locale’s decimal separator for the decimal key', () => {
    expect(type(['1', '2', '.', '5'], ',')).toBe('12,5');
    expect(type(['.', '2', '.', '5', '7', '1'], ',')).toBe('0,257');
  });
  it('keeps at most three decimals and one separator', () => {
    expect(type(['1', '.', '2', '3', '4', '5', '.'])).toBe('1.234');
  });
  it('drops a leading zero and deletes with back', () => {
    expect(type(['0', '7'])).toBe('7');
    expect(type(['4', '2', 'back'])).toBe('4');
    expect(pressKey('', 'back')).toBe('');
  });
  it('types a quantity in packs: a pack key names the number and starts the next part', () => {
    let text = type(['4']);
    text = pressUnit(text, 'case');
    expect(text).toBe('4 case + ');
    text = ['5', '.', '5', '0', '0', '1'].reduce((t, k) => pressKey(t, k as KeypadKey), text);
    // Each part keeps to 3 decimals on its own.
    expect(text).toBe('4 case + 5.500');
    expect(pressUnit('', 'case')).toBe('1 case + ');
    expect(pressUnit('4 case + ', 'tray')).toBe('4 case + 1 tray + ');
    // Back over a part just ended takes its pack off, the number stays to correct.
    expect(pressKey('4 case + ', 'back')).toBe('4');
    expect(pressKey('2,5 fl oz + ', 'back', ',')).toBe('2,5');
    expect(pressKey('4 case + 5', 'back')).toBe('4 case + ');
  });
  it('caps the length of the whole part', () => {
    expect(type(Array.from({ length: 12 }, (): KeypadKey => '9'))).toBe('999999999');
  });
});

describe('typed quantities', () => {
  it('reads decimals with the separator given', () => {
    expect(parseNumber('2.5', '.')).toBe(2.5);
    expect(parseNumber(' 2,25 ', ',')).toBe(2.25);
    expect(parseNumber('3.', '.')).toBe(3);
    expect(parseNumber(',5', ',')).toBe(0.5);
  });
  it('never guesses between a decimal and a thousands separator', () => {
    expect(parseNumber('1,500', '.')).toBeUndefined();
    expect(parseNumber('1.500', ',')).toBeUndefined();
    expect(parseNumber('1.5', ',')).toBeUndefined();
  });
  it('refuses empty, negative, too precise and non-numbers', () => {
    for (const text of ['', '.', '-1', '1.2345', 'abc', '1e3', '1.2.3', '0x10']) {
      expect(parseNumber(text, '.')).toBeUndefined();
    }
  });
  it('reads and writes with the chosen language’s separator', () => {
    expect(parseNumber('2.5')).toBe(2.5);
    expect(formatNumber(0.1 + 0.2)).toBe('0.3');
    expect(formatNumber(12)).toBe('12');
    expect(formatNumber(1234.5)).toBe('1,234.5');
    language.choose('es');
    try {
      // Node has no navigator.languages: Spanish without a region writes a decimal comma.
      expect(parseNumber('2,5')).toBe(2.5);
      expect(parseNumber('2.5')).toBeUndefined();
      expect(formatNumber(0.1 + 0.2)).toBe('0,3');
    } finally {
      language.choose('en');
    }
  });
});

describe('count difference', () => {
  it('is exact to the thousandth', () => {
    expect(countDifference(10, 8)).toBe(-2);
    expect(countDifference(0.1, 0.3)).toBe(0.2);
    expect(countDifference(-3, 0)).toBe(3);
    expect(countDifference(2.5, 2.5)).toBe(0);
  });
});

import { describe, expect, it } from 'vitest';
import {
  countVariance,
  formatQuantity,
  parseQuantity,
  pressKey,
  type KeypadKey,
} from './quantity-keys';

const type = (keys: KeypadKey[]) => keys.reduce(pressKey, '');

describe('numeric keypad text', () => {
  it('types whole numbers and decimals', () => {
    expect(type(['1', '2', '.', '5'])).toBe('12.5');
    expect(type(['.', '2', '5'])).toBe('0.25');
  });
  it('keeps at most three decimals and one point', () => {
    expect(type(['1', '.', '2', '3', '4', '5', '.'])).toBe('1.234');
  });
  it('drops a leading zero and deletes with back', () => {
    expect(type(['0', '7'])).toBe('7');
    expect(type(['4', '2', 'back'])).toBe('4');
    expect(pressKey('', 'back')).toBe('');
  });
  it('caps the length of the whole part', () => {
    expect(type(Array.from({ length: 12 }, (): KeypadKey => '9'))).toBe('999999999');
  });
});

describe('parseQuantity', () => {
  it('reads decimals with a point or a comma', () => {
    expect(parseQuantity('2.5')).toBe(2.5);
    expect(parseQuantity(' 2,25 ')).toBe(2.25);
    expect(parseQuantity('3.')).toBe(3);
  });
  it('refuses empty, negative, too precise and non-numbers', () => {
    for (const text of ['', '-1', '1.2345', 'abc', '1e3']) {
      expect(parseQuantity(text)).toBeUndefined();
    }
  });
  it('formats without drift', () => {
    expect(formatQuantity(0.1 + 0.2)).toBe('0.3');
    expect(formatQuantity(12)).toBe('12');
  });
});

describe('count variance', () => {
  it('is exact to the thousandth and says which way it goes', () => {
    expect(countVariance(10, 8, 'kg')).toEqual({
      diff: -2,
      text: '2 kg less than on record: the difference is written off.',
    });
    expect(countVariance(0.1, 0.3, 'l')).toEqual({
      diff: 0.2,
      text: '0.2 l more than on record: the difference is added.',
    });
    expect(countVariance(-3, 0, 'each').diff).toBe(3);
    expect(countVariance(2.5, 2.5, 'kg')).toEqual({ diff: 0, text: 'Matches what is on record.' });
  });
});

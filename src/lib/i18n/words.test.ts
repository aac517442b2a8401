import { describe, expect, it } from 'vitest';
import { m } from '$lib/paraglide/messages';
import { formatDuration } from './format';
import { language } from './language.svelte';
import { amountText, countVariance, wasteReasonName } from './words';

describe('shared words', () => {
  it('says what a count changes, exact to the thousandth, in the chosen language', () => {
    expect(countVariance(10, 8, 'kg')).toEqual({
      diff: -2,
      text: '2 kg less than on record: the difference is written off.',
    });
    expect(countVariance(0.1, 0.3, 'l')).toEqual({
      diff: 0.2,
      text: '0.2 l more than on record: the difference is added.',
    });
    expect(countVariance(2.5, 2.5, 'kg')).toEqual({ diff: 0, text: 'Matches what is on record.' });
    language.choose('es');
    try {
      expect(countVariance(0.1, 0.3, 'l').text).toBe(
        '0,2 l más de lo anotado: la diferencia se suma.',
      );
      expect(wasteReasonName('expired')).toBe('Caducado');
      expect(amountText(1.5, 'latas')).toBe('1,5 latas');
    } finally {
      language.choose('en');
    }
    expect(wasteReasonName('expired')).toBe('Expired');
  });
});

describe('language names', () => {
  it('names each language in itself', async () => {
    const { languageName } = await import('./language.svelte');
    expect(languageName('en')).toBe('English');
    expect(languageName('es')).toBe('Español');
  });
});

describe('a clock that is off', () => {
  it('is said in its largest whole unit, in the chosen language', () => {
    expect(formatDuration(3 * 60_000)).toBe('3 minutes');
    expect(formatDuration(-5 * 3600_000)).toBe('5 hours');
    expect(formatDuration(3652 * 86_400_000)).toBe('3,652 days');
    expect(m.clock_ahead({ amount: formatDuration(3 * 3600_000) })).toMatch(
      /^This tablet's clock is 3 hours ahead of the server's/,
    );
    language.choose('es');
    try {
      expect(formatDuration(2 * 86_400_000)).toBe('2 días');
    } finally {
      language.choose('en');
    }
  });
});

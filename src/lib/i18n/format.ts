/**
 * Numbers, money and dates as people read them in the chosen language, through `Intl`. The
 * formatting locale is the tablet's own when it speaks the chosen language (es-US writes
 * 1.5, es-ES writes 1,5), else the language itself.
 *
 * Read inside a template, each function depends on the chosen language and re-renders with it.
 */
// The chosen language, through Paraglide: `language.svelte.ts` makes it a rune on the
// tablet; the server (its exports) has the base language.
import { getLocale } from '$lib/paraglide/runtime';

/** Costs are in US dollars: the programs Larder serves (USDA Foods) count in them. */
export const CURRENCY = 'USD';

export function formatLocale(): string {
  const lang = getLocale();
  const tablet = typeof navigator === 'undefined' ? [] : (navigator.languages ?? []);
  return tablet.find((tag) => tag.split('-')[0]?.toLowerCase() === lang) ?? lang;
}

type Format = Intl.NumberFormat | Intl.DateTimeFormat | Intl.RelativeTimeFormat;
const cache = new Map<string, Format>();
function cached<F extends Format>(key: string, make: () => F): F {
  let format = cache.get(key);
  if (!format) cache.set(key, (format = make()));
  return format as F;
}

function numbers(locale: string, kind: 'quantity' | 'money' | 'plain'): Intl.NumberFormat {
  return cached(`${kind}:${locale}`, () =>
    kind === 'money'
      ? new Intl.NumberFormat(locale, { style: 'currency', currency: CURRENCY })
      : new Intl.NumberFormat(locale, {
          maximumFractionDigits: 3,
          useGrouping: kind === 'quantity',
        }),
  );
}

/** A quantity as a cook reads it: grouped thousands, no trailing zeros, at most 3 decimals. */
export function formatNumber(value: number): string {
  return numbers(formatLocale(), 'quantity').format(value);
}

export function formatMoney(value: number): string {
  return numbers(formatLocale(), 'money').format(value);
}

/** The character that separates decimals in the chosen locale: what the keypad's key types. */
export function decimalSeparator(): string {
  const parts = numbers(formatLocale(), 'plain').formatToParts(1.5);
  return parts.find((part) => part.type === 'decimal')?.value ?? '.';
}

/** A number as typed, ungrouped, for an input's starting text: 1.5 is "1,5" in es-ES. */
export function formatInput(value: number): string {
  return numbers(formatLocale(), 'plain').format(value);
}

/**
 * A typed quantity: digits, then at most one decimal separator of the chosen locale and at
 * most 3 decimals. Anything else (a thousands separator, the other locale's decimal point,
 * letters) is `undefined`, never a guess: "1.500" in Spanish could be 1500 or 1,5.
 */
export function parseNumber(text: string, separator = decimalSeparator()): number | undefined {
  const clean = text.trim();
  const [whole, decimals, ...rest] = clean.split(separator);
  if (rest.length > 0 || whole === undefined) return undefined;
  if (!/^\d*$/.test(whole) || (decimals !== undefined && !/^\d{0,3}$/.test(decimals))) {
    return undefined;
  }
  if (whole === '' && !decimals) return undefined;
  const value = Number(`${whole || '0'}.${decimals || '0'}`);
  return Number.isFinite(value) ? value : undefined;
}

/** A moment (milliseconds since the epoch) as a date and time. */
export function formatDateTime(wall: number): string {
  return cached(`datetime:${formatLocale()}`, () => {
    return new Intl.DateTimeFormat(formatLocale(), {
      weekday: 'short',
      day: 'numeric',
      month: 'short',
      hour: 'numeric',
      minute: '2-digit',
    });
  }).format(wall);
}

/** A moment as a time of day. */
export function formatTime(wall: number): string {
  return cached(`time:${formatLocale()}`, () => {
    return new Intl.DateTimeFormat(formatLocale(), { timeStyle: 'short' });
  }).format(wall);
}

/** A calendar date ("2026-12-31", as best-before dates are kept) in the chosen locale. */
export function formatDay(isoDate: string): string {
  const day = Date.parse(`${isoDate}T00:00:00Z`);
  if (!Number.isFinite(day)) return isoDate;
  return cached(`day:${formatLocale()}`, () => {
    return new Intl.DateTimeFormat(formatLocale(), { dateStyle: 'medium', timeZone: 'UTC' });
  }).format(day);
}

/** A length of time in its largest whole unit: "3 minutes", "5 hours", "3,652 days". */
export function formatDuration(ms: number): string {
  const minutes = Math.round(Math.abs(ms) / 60_000);
  const [value, unit] =
    minutes < 120
      ? [minutes, 'minute']
      : minutes < 48 * 60
        ? [Math.round(minutes / 60), 'hour']
        : [Math.round(minutes / 1440), 'day'];
  return cached(`duration:${unit}:${formatLocale()}`, () => {
    return new Intl.NumberFormat(formatLocale(), { style: 'unit', unit, unitDisplay: 'long' });
  }).format(value);
}

/** A calendar date short ("Mar 8"), for a chart's axis. */
export function formatShortDay(isoDate: string): string {
  const day = Date.parse(`${isoDate}T00:00:00Z`);
  if (!Number.isFinite(day)) return isoDate;
  return cached(`shortday:${formatLocale()}`, () => {
    return new Intl.DateTimeFormat(formatLocale(), {
      month: 'short',
      day: 'numeric',
      timeZone: 'UTC',
    });
  }).format(day);
}

const BYTE_UNITS = ['byte', 'kilobyte', 'megabyte', 'gigabyte', 'terabyte'] as const;

/** "12.4 MB": a size on the tablet's storage, in the chosen locale. */
export function formatBytes(bytes: number): string {
  let value = bytes;
  let unit = 0;
  while (value >= 1000 && unit < BYTE_UNITS.length - 1) {
    value /= 1000;
    unit++;
  }
  const name = BYTE_UNITS[unit] ?? 'byte';
  return cached(`bytes:${name}:${formatLocale()}`, () => {
    return new Intl.NumberFormat(formatLocale(), {
      style: 'unit',
      unit: name,
      unitDisplay: unit === 0 ? 'long' : 'short',
      maximumFractionDigits: 1,
    });
  }).format(value);
}

/** "in 3 days", "yesterday", "hace 2 días": days from today, in the chosen locale. */
export function formatDaysFromToday(days: number): string {
  return cached(`days:${formatLocale()}`, () => {
    return new Intl.RelativeTimeFormat(formatLocale(), { numeric: 'auto' });
  }).format(days, 'day');
}

/**
 * The language this tablet shows. Paraglide's runtime finds it at start (the one chosen on
 * this tablet, kept in localStorage; else the browser's language when it is one of ours; else
 * English). Here it lives in a rune: every message and formatted number read in a template
 * depends on it, so choosing another language re-renders the screen in place, with no reload
 * and nothing typed lost.
 */
import {
  getLocale,
  isLocale,
  locales,
  overwriteGetLocale,
  setLocale,
  type Locale,
} from '$lib/paraglide/runtime';

const chosen = $state<{ locale: Locale }>({ locale: getLocale() });
overwriteGetLocale(() => chosen.locale);

export const LANGUAGES: readonly Locale[] = locales;

/** Each language's name in itself: what a person looks for in the list. */
export const LANGUAGE_NAMES: Record<Locale, string> = { en: 'English', es: 'Español' };

export const language = {
  get current(): Locale {
    return chosen.locale;
  },
  /** Shows `locale` at once and remembers it on this tablet. */
  choose(locale: string): void {
    if (!isLocale(locale) || locale === chosen.locale) return;
    void setLocale(locale, { reload: false });
    chosen.locale = locale;
  },
};

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

/**
 * A language's name in itself ("Español"): what a person looks for in the list, whatever is
 * shown now. From the browser's own names, so a new language needs no code.
 */
export function languageName(locale: Locale): string {
  const name = new Intl.DisplayNames([locale], { type: 'language' }).of(locale) ?? locale;
  return name.charAt(0).toLocaleUpperCase(locale) + name.slice(1);
}

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

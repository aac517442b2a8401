/** A difference with its sign, so "found" and "missing" read apart: "+1 kg", "−2 kg". */
import { formatMoney } from '$lib/i18n/format';
import { amountText } from '$lib/i18n/words';

const plus = (value: number, text: string) => (value > 0 ? `+${text}` : text);

export const signedAmount = (value: number, unit: string) => plus(value, amountText(value, unit));
export const signedMoney = (value: number) => plus(value, formatMoney(value));

/**
 * Words the screens share, in the chosen language: a quantity with its unit, a field's name,
 * a waste reason, what a count changes.
 */
import type { FoodSource, WasteReason } from '$lib/domain/events';
import { packOfField } from '$lib/domain/registers';
import { m } from '$lib/paraglide/messages';
import { formatNumber } from './format';
import { countDifference } from '$lib/ui-model/quantity-keys';

/** "2.5 kg": a quantity in the chosen locale with the item's own unit. */
export function amountText(qty: number, unit: string): string {
  return unit ? m.amount({ qty: formatNumber(qty), unit }) : formatNumber(qty);
}

/** The name of a field of an item or storage area, as a form labels it. */
export function fieldName(field: string | undefined): string {
  switch (field) {
    case 'name':
      return m.field_name();
    case 'unit':
      return m.field_unit();
    case 'category':
      return m.field_category();
    case 'par':
      return m.field_par();
    case 'barcode':
      return m.field_barcode();
    case 'allergens':
      return m.field_allergens();
    case 'kind':
      return m.field_kind();
    case 'supplier':
      return m.field_supplier();
    case 'orderUnit':
      return m.field_order_unit();
    case 'shelfOrder':
      return m.field_shelf_order();
    default: {
      const pack = packOfField(field);
      return pack !== undefined ? m.field_pack({ pack }) : (field ?? m.field_value());
    }
  }
}

/** Where food came from, as a delivery line names it. */
export function sourceName(source: FoodSource): string {
  switch (source) {
    case 'usda':
      return m.source_usda();
    case 'donated':
      return m.source_donated();
    default:
      return m.source_purchased();
  }
}

export function wasteReasonName(reason: WasteReason): string {
  switch (reason) {
    case 'expired':
      return m.reason_expired();
    case 'spoiled':
      return m.reason_spoiled();
    case 'damaged':
      return m.reason_damaged();
    case 'overproduced':
      return m.reason_overproduced();
    default:
      return m.reason_other();
  }
}

/**
 * What a count implies against the quantity on record: the difference (counted minus on
 * record, exact to the thousandth) and a sentence a cook reads before confirming.
 */
export function countVariance(
  onRecord: number,
  counted: number,
  unit: string,
): { diff: number; text: string } {
  const diff = countDifference(onRecord, counted);
  const amount = amountText(Math.abs(diff), unit);
  const text =
    diff === 0
      ? m.variance_matches()
      : diff < 0
        ? m.variance_less({ amount })
        : m.variance_more({ amount });
  return { diff, text };
}

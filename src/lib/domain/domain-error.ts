/** A command the domain refuses, with a message a cook can act on and a code for the code. */
export type DomainErrorCode =
  | 'invalid_quantity'
  | 'invalid_field'
  | 'unknown_item'
  | 'archived_item'
  | 'unknown_location'
  | 'archived_location'
  | 'same_location'
  | 'already_exists'
  | 'already_archived'
  | 'not_archived'
  | 'nothing_changed'
  | 'unknown_event'
  | 'already_undone'
  | 'not_undone'
  | 'unit_mismatch'
  | 'already_finished'
  | 'not_undoable'
  | 'pack_is_unit'
  | 'unknown_unit'
  | 'bad_count_date'
  | 'unknown_kitchen'
  | 'already_sent'
  | 'already_received'
  | 'already_refused';

/** Which rule a refused quantity broke. */
export type QuantityRule = 'number' | 'not_negative' | 'positive' | 'precision' | 'whole';

export class DomainError extends Error {
  constructor(
    readonly code: DomainErrorCode,
    message: string,
    /** The command field at fault, for the form to point at (e.g. `qty`). */
    readonly field?: string,
    /**
     * What the message says besides its code, for an app to say it in its own words: the
     * name of the item or area, or which quantity `rule` was broken.
     */
    readonly detail: { name?: string; rule?: QuantityRule; from?: string; to?: string } = {},
  ) {
    super(message);
    this.name = 'DomainError';
  }
}

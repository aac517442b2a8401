/** Unit tests start the client as a page does: the event schemas load on first use. */
import { loadValidationWith } from '../validation';

loadValidationWith(() => import('$lib/domain/validate'));

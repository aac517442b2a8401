/** `npm run messages`: compiles messages/*.json into src/lib/paraglide (generated, not kept). */
import { compile } from '@inlang/paraglide-js';
import { messagesOptions } from './messages.js';

await compile(messagesOptions);

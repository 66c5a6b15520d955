/**
 * Which tests run on which n8n line. The compatibility projects (n8n 1.123 and 2.0) run the
 * behaviours every line must share (docs/compatibility.md); `newestLineOnly` tests cover the rest,
 * and what only n8n 2.x's later lines do, on 2.41.1 alone.
 */
import { DEFAULT_RUNTIME, selectedRuntimeId } from './runtime';

export const onNewestLine = selectedRuntimeId() === DEFAULT_RUNTIME;

/** `it` on 2.41.1, skipped on the older lines. */
export const newestLineOnly: jest.It = onNewestLine ? it : it.skip;

/**
 * The Create and Wait for Completion defaults, each in one place: the node descriptions show them
 * and the engine falls back to them, so the two cannot drift. Amili documents none of them.
 */

export const DEFAULT_BATCH_SIZE = 1000;

/** Waiting for a batch, in seconds as the user sets them: the pause between two reads… */
export const DEFAULT_POLL_INTERVAL_SECONDS = 2;

/** …and the longest wait for a final state. */
export const DEFAULT_WAIT_TIMEOUT_SECONDS = 300;

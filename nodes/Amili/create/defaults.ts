/**
 * The Create and Wait for Completion defaults, each in one place: the node descriptions show them
 * and the engine falls back to them, so the two cannot drift. Amili documents none of them.
 */

export const DEFAULT_BATCH_SIZE = 1000;

/** Waiting for a batch, in seconds as the user sets them: the pause between two reads… */
export const DEFAULT_POLL_INTERVAL_SECONDS = 2;

/** …and the longest wait for a final state. */
export const DEFAULT_WAIT_TIMEOUT_SECONDS = 300;

/**
 * Requests to Amili in flight at once in a Create run, from node version 2 (version 1 sends one at a
 * time, as it always did). Amili documents no rate limit; it answers 429 with Retry-After, which
 * pauses every request of the run. 4 is modest load and, at internet latency, most of the gain.
 */
export const DEFAULT_PARALLEL_REQUESTS = 4;

/** The most the option allows: past this the gain is small and the load on Amili is not. */
export const MAX_PARALLEL_REQUESTS = 10;

/**
 * How many sent records a workflow remembers (Skip Sent Before), from the oldest forgotten first:
 * 50 nights of 1,000 payments. A run reads and writes the whole memory (one database row, ~27 bytes
 * an entry), so the bound also keeps each run's cost small (BENCHMARKS.md, "Never twice").
 */
export const DEFAULT_HISTORY_SIZE = 50_000;

/** Share of History Size from which a run warns that the oldest records will soon be forgotten. */
export const HISTORY_NEARLY_FULL = 0.9;

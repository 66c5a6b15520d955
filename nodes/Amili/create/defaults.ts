/**
 * The Create and Wait for Completion defaults, each in one place: the node descriptions show them
 * and the engine falls back to them, so the two cannot drift. Amili documents none of them.
 */

export const DEFAULT_BATCH_SIZE = 1000;

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

import type { BatchResult } from '../../batches/batchResult';

/**
 * "Batches Finished" of the Amili Polling Trigger, without n8n. Amili lists an organization's
 * batches (newest first with SortDirection=DESC, by creation time: our reading, the docs name the
 * parameter only) but cannot filter them by when they finished. So each poll reads the batches created
 * since the last poll, and remembers the ones still QUEUED ("pending") to look at again until they
 * reach SUCCESS, PARTIAL or FAILED. Each batch is emitted once: its ID is remembered.
 */

export const BATCH_STATE_VERSION = 1;
/** Batches created this long before the last poll are read again (clock skew, late visibility). */
export const OVERLAP_MS = 5 * 60_000;
/** A first poll looks this far back for batches still QUEUED, to report them when they finish. */
export const FIRST_POLL_LOOKBACK_MS = 24 * 3_600_000;
/** A batch QUEUED for longer than this is no longer followed. */
export const PENDING_TTL_MS = 7 * 24 * 3_600_000;
export const MAX_SEEN_BATCHES = 2000;
export const MAX_PENDING_BATCHES = 1000;
/** Pending batches read one by one per poll (the rest wait for the next poll). */
export const MAX_PENDING_CHECKS_PER_POLL = 50;
export const MANUAL_SAMPLE_SIZE = 5;

export interface BatchState {
	version: number;
	/** `batch:<organizationId>`: a state of another mode or organization is started afresh. */
	scope: string;
	lastPollAt: string;
	/** IDs of batches already emitted (or already final at the first poll), oldest first. */
	seen: string[];
	/** Batches seen QUEUED, as [batchId, createdAt]. */
	pending: Array<[string, string]>;
}

export function readBatchState(value: unknown, scope: string): BatchState | undefined {
	const state = value as Partial<BatchState> | undefined;
	if (!state || state.version !== BATCH_STATE_VERSION || state.scope !== scope) return undefined;
	if (typeof state.lastPollAt !== 'string' || Number.isNaN(Date.parse(state.lastPollAt)))
		return undefined;
	return {
		version: BATCH_STATE_VERSION,
		scope,
		lastPollAt: state.lastPollAt,
		seen: Array.isArray(state.seen)
			? state.seen.filter((id): id is string => typeof id === 'string')
			: [],
		pending: Array.isArray(state.pending)
			? state.pending.filter(
					(entry): entry is [string, string] =>
						Array.isArray(entry) && typeof entry[0] === 'string' && typeof entry[1] === 'string',
				)
			: [],
	};
}

/** Batches created before this instant need not be listed again (they are final, or pending). */
export function listCutoff(state: BatchState | undefined, now: Date): number {
	return state ? Date.parse(state.lastPollAt) - OVERLAP_MS : now.getTime() - FIRST_POLL_LOOKBACK_MS;
}

function createdMs(batch: BatchResult): number {
	const at = batch.createdAt ? Date.parse(batch.createdAt) : NaN;
	return Number.isNaN(at) ? Number.POSITIVE_INFINITY : at;
}

/**
 * Whether a page read newest first reached batches older than the cutoff, so no further page is
 * needed. A batch without a readable createdAt counts as new.
 */
export function reachedCutoff(page: BatchResult[], cutoff: number): boolean {
	return page.some((batch) => createdMs(batch) < cutoff);
}

/** The pending batches to read one by one: those the list did not show, oldest first, bounded. */
export function pendingToCheck(state: BatchState | undefined, listed: BatchResult[]): string[] {
	if (!state) return [];
	const shown = new Set(listed.map((batch) => batch.batchId.toLowerCase()));
	return state.pending
		.map(([id]) => id)
		.filter((id) => !shown.has(id.toLowerCase()))
		.slice(0, MAX_PENDING_CHECKS_PER_POLL);
}

export interface BatchPollResult {
	/** Batches that reached a final state, each once, in the order they finished. */
	emit: BatchResult[];
	state: BatchState;
}

/**
 * Decides from the batches listed (and the pending ones read again) which finished since the last
 * poll: a pending batch that is now final, or a batch created after `cutoff` that is final and not
 * seen before. Older batches a page happens to show are left alone (they were dealt with by an
 * earlier poll, or predate the trigger). On a first poll nothing is emitted: final batches become
 * "seen", QUEUED ones pending. `gone` are pending IDs Amili no longer knows (404): they are dropped.
 */
export function takeFinishedBatches(
	previous: BatchState | undefined,
	scope: string,
	batches: BatchResult[],
	now: Date,
	cutoff: number,
	gone: string[] = [],
): BatchPollResult {
	const seen = new Set((previous?.seen ?? []).map((id) => id.toLowerCase()));
	const seenOrder = [...seen];
	const pending = new Map<string, string>(
		(previous?.pending ?? [])
			.filter(([, createdAt]) => !(now.getTime() - Date.parse(createdAt) > PENDING_TTL_MS))
			.map(([id, createdAt]) => [id.toLowerCase(), createdAt]),
	);
	for (const id of gone) pending.delete(id.toLowerCase());

	const emit: BatchResult[] = [];
	const handled = new Set<string>();
	for (const batch of batches) {
		const id = batch.batchId.toLowerCase();
		if (handled.has(id)) continue;
		handled.add(id);
		if (!pending.has(id) && createdMs(batch) < cutoff) continue;
		if (!batch.final) {
			if (!seen.has(id)) pending.set(id, batch.createdAt ?? now.toISOString());
			continue;
		}
		pending.delete(id);
		if (seen.has(id)) continue;
		seen.add(id);
		seenOrder.push(id);
		if (previous) emit.push(batch);
	}
	emit.sort(
		(a, b) => (a.finishedAt ?? '').localeCompare(b.finishedAt ?? '') || createdMs(a) - createdMs(b),
	);
	const pendingEntries = [...pending.entries()];
	return {
		emit,
		state: {
			version: BATCH_STATE_VERSION,
			scope,
			lastPollAt: now.toISOString(),
			seen: seenOrder.slice(Math.max(0, seenOrder.length - MAX_SEEN_BATCHES)),
			pending: pendingEntries.slice(Math.max(0, pendingEntries.length - MAX_PENDING_BATCHES)),
		},
	};
}

/** A manual run: the latest few final batches (newest first as listed), oldest of them first. */
export function latestFinishedBatches(
	batches: BatchResult[],
	count = MANUAL_SAMPLE_SIZE,
): BatchResult[] {
	return batches
		.filter((batch) => batch.final)
		.slice(0, count)
		.reverse();
}

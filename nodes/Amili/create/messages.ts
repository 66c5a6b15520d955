import type { PlannedBatch } from './batching';
import type { Accepted, Run } from './types';

/** Sentences the Create run's errors and hints share. */

/**
 * The "do not send again" list an error carries, so a rerun does not duplicate accepted batches;
 * with the memory on, a rerun skips them by itself.
 */
export function describeAccepted<R>(run: Run<R>, accepted: Accepted): string {
	if (accepted.length === 0) return 'No batch of this run was accepted by Amili before this error.';
	const list = accepted
		.map(({ batch, result }) => `${result.batchId} (items ${itemRange(batch)})`)
		.join(', ');
	if (run.memory)
		return `Already accepted by Amili in this run: ${list}. This workflow remembers their ${run.kind.plural}: running it again, or n8n's Retry, does not send them again.`;
	return `Already accepted by Amili in this run, do not send again: ${list}.`;
}

/** A batch's items as a message names them, e.g. "4–5". */
export function itemRange({ itemIndexes }: PlannedBatch): string {
	const first = itemIndexes[0];
	const last = itemIndexes[itemIndexes.length - 1];
	return `${first}${last !== first ? `–${last}` : ''}`;
}

/** Sentences joined into one error description, empty ones left out. */
export function joinDescription(...parts: Array<string | null | undefined>): string {
	return parts.filter(Boolean).join(' ');
}

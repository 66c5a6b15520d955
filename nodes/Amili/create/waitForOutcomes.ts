import type { NodeApiError } from 'n8n-workflow';

import type { RecordOutcome } from '../batches/recordOutcomes';
import { describeAccepted, joinDescription } from './messages';
import type { Accepted, Run } from './types';
import { inPool } from './pool';
import { waitForBatch } from '../batches/waitForBatch';
import { outcomeOf } from '../transport';

/** A record's fate with the state of the batch that carried it. */
export type ItemOutcome = RecordOutcome & { batchStatus: string };

/**
 * Step 4 of a Create run, with Wait for Batch Result: every batch is posted first (Amili processes
 * them meanwhile), then each is read until final — up to Parallel Requests batches at once — and
 * its records matched back to their items. Without Continue On Fail the first batch that cannot be
 * read stops the reading (those being read are heard out) and the error lists what Amili accepted.
 */
export async function waitForOutcomes<R>(
	run: Run<R>,
	accepted: Accepted,
): Promise<Map<number, ItemOutcome>> {
	const { context, kind, records, settings, failures, pacing } = run;
	const outcomes = new Map<number, ItemOutcome>();
	const unread: Array<NodeApiError | undefined> = [];
	const read = async (index: number) => {
		const { batch, result } = accepted[index];
		let batchResult;
		try {
			batchResult = await waitForBatch.call(context, batch.organizationId, result.batchId, {
				intervalMs: settings.pollIntervalSeconds * 1000,
				timeoutMs: settings.waitTimeoutSeconds * 1000,
				pacing,
			});
		} catch (caught) {
			unread[index] = caught as NodeApiError;
			return;
		}
		const { status } = batchResult;
		const submitted = batch.itemIndexes.map((itemIndex) => records[itemIndex] as R);
		kind.outcomes(batchResult, submitted).forEach((outcome, position) => {
			const itemIndex = batch.itemIndexes[position];
			outcomes.set(itemIndex, { ...outcome, batchStatus: status });
			// Only a failure that names the record releases it (memory/paymentEvidence.ts).
			if (outcome.failed && !outcome.unclear) run.memory?.failedInProcessing(itemIndex);
		});
	};
	const stopped = () => !run.continueOnFail && unread.some(Boolean);
	await inPool(accepted.length, settings.parallelRequests, read, stopped);

	accepted.forEach(({ batch, result }, index) => {
		const error = unread[index];
		if (!error) return;
		if (!run.continueOnFail) {
			error.description = joinDescription(error.description, describeAccepted(run, accepted));
			throw error;
		}
		for (const itemIndex of batch.itemIndexes) {
			failures.set(itemIndex, {
				error,
				details: {
					item: itemIndex,
					outcome: outcomeOf(error) ?? 'accepted',
					batchId: result.batchId,
				},
			});
		}
	});
	return outcomes;
}

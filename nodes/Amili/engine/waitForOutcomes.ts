import type { NodeApiError } from 'n8n-workflow';

import type { RecordOutcome } from './outcomes';
import { type Accepted, describeAccepted, joinDescription, type Run } from './run';
import { waitForBatch } from './waitForBatch';
import { outcomeOf } from '../transport';

/** A record's fate with the state of the batch that carried it. */
export type ItemOutcome = RecordOutcome & { batchStatus: string };

/**
 * Step 4 of a Create run, with Wait for Batch Result: every batch is posted first (Amili processes
 * them meanwhile), then each is read until final and its records matched back to their items.
 */
export async function waitForOutcomes<R>(
	run: Run<R>,
	accepted: Accepted,
): Promise<Map<number, ItemOutcome>> {
	const { context, kind, records, settings, failures } = run;
	const outcomes = new Map<number, ItemOutcome>();
	for (const { batch, result } of accepted) {
		let batchResult;
		try {
			batchResult = await waitForBatch.call(context, batch.organizationId, result.batchId, {
				intervalMs: settings.pollInterval * 1000,
				timeoutMs: settings.waitTimeout * 1000,
			});
		} catch (caught) {
			const error = caught as NodeApiError;
			if (!run.continueOnFail) {
				error.description = joinDescription(error.description, describeAccepted(accepted));
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
			continue;
		}
		const submitted = batch.itemIndexes.map((itemIndex) => records[itemIndex] as R);
		kind.outcomes(batchResult, submitted).forEach((outcome, position) => {
			outcomes.set(batch.itemIndexes[position], { ...outcome, batchStatus: batchResult.status });
		});
	}
	return outcomes;
}

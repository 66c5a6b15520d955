import type { IDataObject, INodeExecutionData } from 'n8n-workflow';

import type { Accepted, AcceptedBatch, ItemFailure, Run } from './run';
import type { ItemOutcome } from './waitForOutcomes';
import { errorItem } from '../helpers/errorItem';

/**
 * Step 5 of a Create run: every input item ends in exactly one place — one output item per accepted
 * batch (or per input item, with Output: Each Input Item or Wait for Batch Result) and an error
 * item paired to each item that failed.
 */
export function buildOutput<R>(
	run: Run<R>,
	accepted: Accepted,
	outcomeOfItem: Map<number, ItemOutcome> | undefined,
): INodeExecutionData[] {
	if (run.settings.output === 'items' || outcomeOfItem)
		return outputPerItem(run, accepted, outcomeOfItem);
	const { kind, records, failures } = run;
	const output: INodeExecutionData[] = accepted.map(({ batch, result }) => ({
		json: {
			batchId: result.batchId,
			batchUrl: result.batchUrl,
			status: result.status,
			organizationId: batch.organizationId,
			[`${kind.singular}Count`]: batch.itemIndexes.length,
			[`${kind.keyField}s`]: batch.itemIndexes.map(
				(itemIndex) => kind.keyOf(records[itemIndex] as R) ?? null,
			),
		},
		pairedItem: batch.itemIndexes.map((item) => ({ item })),
	}));
	for (const itemIndex of [...failures.keys()].sort((a, b) => a - b)) {
		const { error, details } = failures.get(itemIndex) as ItemFailure;
		output.push(errorItem(itemIndex, error, details));
	}
	return output;
}

function outputPerItem<R>(
	{ items, records, settings, failures }: Run<R>,
	accepted: Accepted,
	outcomeOfItem: Map<number, ItemOutcome> | undefined,
): INodeExecutionData[] {
	const batchOfItem = new Map<number, AcceptedBatch>();
	for (const { batch, result } of accepted)
		for (const itemIndex of batch.itemIndexes) batchOfItem.set(itemIndex, result);
	return items.map((item, itemIndex) => {
		const failure = failures.get(itemIndex);
		if (failure) return errorItem(itemIndex, failure.error, failure.details);
		const result = batchOfItem.get(itemIndex) as AcceptedBatch;
		const outcome = outcomeOfItem?.get(itemIndex);
		return {
			json: {
				...(settings.output === 'items' ? item.json : (records[itemIndex] as IDataObject)),
				...outcome?.details,
				batchId: result.batchId,
				batchUrl: result.batchUrl,
				batchStatus: outcome?.batchStatus ?? result.status,
				...(outcome && {
					failed: outcome.failed,
					...(outcome.reason && { reason: outcome.reason }),
				}),
			},
			pairedItem: { item: itemIndex },
		};
	});
}

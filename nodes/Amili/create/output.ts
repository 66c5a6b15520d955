import type { IDataObject, INodeExecutionData } from 'n8n-workflow';

import type { Accepted, AcceptedBatch, ItemFailure, Run } from './types';
import type { ItemOutcome } from './waitForOutcomes';
import { errorItem } from '../helpers/errorItem';
import type { RememberedState } from '../memory/runMemory';
import { hasVersion1Shapes } from '../versions';

/**
 * Step 5 of a Create run: every input item ends in exactly one place — one output item per accepted
 * batch (or per input item, with Output: Each Input Item or Wait for Batch Result) and an error
 * item paired to each item that failed.
 *
 * What an item says differs by node version. Version 1 (kept for saved workflows) passes on the
 * 202's `summary.status` as `status` / `batchStatus`, although Amili has only accepted the batch.
 * From version 2 an item says what is known: `accepted: true` (Amili took the batch for
 * processing, HTTP 202) and `processed` (whether the batch was read after processing); the batch's
 * state, `batchStatus` (SUCCESS, PARTIAL or FAILED), and each record's `failed` and `reason` only
 * once it was read, with Wait for Batch Result.
 */
export function buildOutput<R>(
	run: Run<R>,
	accepted: Accepted,
	outcomeOfItem: Map<number, ItemOutcome> | undefined,
): INodeExecutionData[] {
	if (run.settings.output === 'items' || outcomeOfItem)
		return outputPerItem(run, accepted, outcomeOfItem);
	const { kind, records, failures } = run;
	const v1 = isVersion1(run);
	const output: INodeExecutionData[] = accepted.map(({ batch, result }) => ({
		json: {
			batchId: result.batchId,
			batchUrl: result.batchUrl,
			...(v1 ? { status: result.status } : { accepted: true, processed: false }),
			organizationId: batch.organizationId,
			[`${kind.singular}Count`]: batch.itemIndexes.length,
			[`${kind.keyField}s`]: batch.itemIndexes.map(
				(itemIndex) => kind.keyOf(records[itemIndex] as R) ?? null,
			),
		},
		pairedItem: batch.itemIndexes.map((item) => ({ item })),
	}));
	// Unknown outcomes never leave the view, whatever the Output mode (sent before: a hint counts them).
	for (const [itemIndex, state] of run.memory?.remembered ?? [])
		if (state === 'unknown' && !failures.has(itemIndex))
			output.push({
				json: {
					[kind.keyField]: kind.keyOf(records[itemIndex] as R) ?? null,
					...rememberedState(run, 'unknown'),
				},
				pairedItem: { item: itemIndex },
			});
	for (const itemIndex of [...failures.keys()].sort((a, b) => a - b)) {
		const { error, details } = failures.get(itemIndex) as ItemFailure;
		output.push(errorItem(itemIndex, error, details));
	}
	return output;
}

function isVersion1<R>(run: Run<R>): boolean {
	return hasVersion1Shapes(run.context.getNode());
}

function outputPerItem<R>(
	run: Run<R>,
	accepted: Accepted,
	outcomeOfItem: Map<number, ItemOutcome> | undefined,
): INodeExecutionData[] {
	const { items, records, settings, failures } = run;
	const stateOf = isVersion1(run) ? stateVersion1 : stateFromVersion2;
	const batchOfItem = new Map<number, AcceptedBatch>();
	for (const { batch, result } of accepted)
		for (const itemIndex of batch.itemIndexes) batchOfItem.set(itemIndex, result);
	return items.map((item, itemIndex) => {
		const failure = failures.get(itemIndex);
		if (failure) return errorItem(itemIndex, failure.error, failure.details);
		const fields = settings.output === 'items' ? item.json : (records[itemIndex] as IDataObject);
		const first = run.twins.get(itemIndex);
		if (first !== undefined)
			return { json: { ...fields, ...twinState(run, first) }, pairedItem: { item: itemIndex } };
		const remembered = run.memory?.remembered.get(itemIndex);
		if (remembered && remembered !== 'conflict')
			return {
				json: { ...fields, ...rememberedState(run, remembered) },
				pairedItem: { item: itemIndex },
			};
		const result = batchOfItem.get(itemIndex) as AcceptedBatch;
		const outcome = outcomeOfItem?.get(itemIndex);
		return {
			json: {
				...fields,
				...outcome?.details,
				batchId: result.batchId,
				batchUrl: result.batchUrl,
				...stateOf(result, outcome),
			},
			pairedItem: { item: itemIndex },
		};
	});
}

/**
 * An item not sent because this workflow sent its record before (Skip Sent Before): what is known of
 * that earlier send — Amili accepted it (202), or its answer never came (memory/runMemory.ts).
 */
export function rememberedState<R>(
	{ kind }: Run<R>,
	state: Exclude<RememberedState, 'conflict'>,
): IDataObject {
	if (state === 'sentBefore')
		return {
			skipped: true,
			outcome: 'sentBefore',
			reason: `Not sent again: an earlier run of this workflow sent this ${kind.singular} and Amili accepted it.`,
		};
	if (state === 'inFlight')
		return {
			skipped: true,
			outcome: 'inFlight',
			reason: `Not sent: another execution of this workflow, running at the same time, is sending this ${kind.singular}.`,
		};
	return {
		skipped: true,
		outcome: 'unknown',
		reason: `Not sent again: an earlier run of this workflow sent this ${kind.singular}, but Amili's answer never came (it was lost, or that run stopped first), so whether Amili has it is unknown. Check at Amili by ${kind.keyField}. If it is there, nothing to do: it is never sent again. If it is not, forget it with Amili → ${kind.title} → Forget Sent, then run again.`,
	};
}

/** An exact repeat of an earlier item of the run: the same record, sent once (with that item). */
function twinState<R>({ kind }: Run<R>, first: number): IDataObject {
	return {
		skipped: true,
		outcome: 'duplicate',
		reason: `Not sent twice: the same ${kind.singular} as item ${first} of this run, which carries it.`,
	};
}

/** Version 1: the 202's summary status until the batch was read; then the batch's, and the outcome. */
function stateVersion1(result: AcceptedBatch, outcome: ItemOutcome | undefined): IDataObject {
	return {
		batchStatus: outcome?.batchStatus ?? result.status,
		...(outcome && {
			failed: outcome.failed,
			...(outcome.reason && { reason: outcome.reason }),
		}),
	};
}

/** From version 2: accepted; processed, the batch's state and the record's outcome once read. */
function stateFromVersion2(_result: AcceptedBatch, outcome: ItemOutcome | undefined): IDataObject {
	if (!outcome) return { accepted: true, processed: false };
	return {
		accepted: true,
		processed: true,
		batchStatus: outcome.batchStatus,
		failed: outcome.failed,
		// Failed by evidence that may not be about this record: kept as sent (memory/paymentEvidence.ts).
		...(outcome.unclear && { outcome: 'unclear' }),
		...(outcome.reason && { reason: outcome.reason }),
	};
}

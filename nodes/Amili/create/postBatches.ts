import type { NodeApiError, NodeOperationError } from 'n8n-workflow';

import type { PlannedBatch } from './batching';
import { inPool } from './pool';
import { describeAccepted, itemRange, joinDescription } from './messages';
import { listIds } from '../helpers/hints';
import type { Accepted, AcceptedBatch, Run } from './types';
import { asNodeError } from '../helpers/errorItem';
import { amiliApiError, amiliApiRequest, outcomeOf } from '../transport';

/**
 * Step 3 of a Create run: one request per planned batch, at most Parallel Requests in flight. A
 * batch whose request fails stops the run — no new request starts, those in flight are heard out —
 * and its error lists what was accepted; under Continue On Fail it becomes a failure of each of its
 * items. A request whose outcome is unknown is reported, never re-sent.
 */

type Posted = { result: AcceptedBatch } | { error: NodeApiError | NodeOperationError };
type FailedBatch = { batch: PlannedBatch; error: NodeApiError | NodeOperationError };

export async function postBatches<R>(run: Run<R>, batches: PlannedBatch[]): Promise<Accepted> {
	const posted: Array<Posted | undefined> = [];
	let failed = false;
	await inPool(
		batches.length,
		run.settings.parallelRequests,
		async (index) => {
			try {
				const result = await postBatch(run, batches[index]);
				posted[index] = { result };
				run.memory?.accepted(batches[index].itemIndexes, result.batchId);
			} catch (caught) {
				const error = asNodeError(run.context, caught);
				posted[index] = { error };
				remember(run, batches[index], error);
				failed = true;
			}
		},
		() => failed && !run.continueOnFail,
	);
	// In plan order, whatever order the answers came in: the output follows the input.
	const accepted: Accepted = [];
	const failures: FailedBatch[] = [];
	batches.forEach((batch, index) => {
		const outcome = posted[index];
		if (outcome && 'result' in outcome) accepted.push({ batch, result: outcome.result });
		if (outcome && 'error' in outcome) failures.push({ batch, error: outcome.error });
	});
	if (failures.length > 0 && !run.continueOnFail) throw stopError(run, failures, accepted);
	for (const { batch, error } of failures) failItems(run, batch, error);
	return accepted;
}

/** After a failed request, its records stay remembered where Amili has them or may have them. */
function remember<R>(
	run: Run<R>,
	batch: PlannedBatch,
	error: NodeApiError | NodeOperationError,
): void {
	const outcome = outcomeOf(error) ?? 'unknown';
	if (outcome === 'accepted') run.memory?.accepted(batch.itemIndexes);
	if (outcome === 'unknown') run.memory?.mayHaveReached(batch.itemIndexes);
}

/** The first failure in plan order, also telling what became of the others that were in flight. */
function stopError<R>(run: Run<R>, failures: FailedBatch[], accepted: Accepted): Error {
	const [{ batch, error }, ...others] = failures;
	error.description = joinDescription(
		error.description,
		outcomeOf(error) === 'unknown' ? describeUnknown(run, batch) : '',
		...others.map((other) => describeAlsoFailed(run, other)),
		describeAccepted(run, accepted),
	);
	error.context.itemIndex = batch.itemIndexes[0];
	return error;
}

function describeAlsoFailed<R>(run: Run<R>, { batch, error }: FailedBatch): string {
	const outcome = outcomeOf(error) ?? 'unknown';
	const fate =
		outcome === 'unknown'
			? `its outcome is unknown. ${describeUnknown(run, batch)}`
			: outcome === 'accepted'
				? 'Amili most likely has it: do not send it again.'
				: 'Amili did not register it.';
	return `The batch of items ${itemRange(batch)}, in flight meanwhile, failed too (${error.message}): ${fate}`;
}

function failItems<R>(
	{ kind, records, failures }: Run<R>,
	batch: PlannedBatch,
	error: NodeApiError | NodeOperationError,
): void {
	const outcome = outcomeOf(error) ?? 'unknown';
	for (const itemIndex of batch.itemIndexes) {
		const record = records[itemIndex];
		failures.set(itemIndex, {
			error,
			details: {
				item: itemIndex,
				outcome,
				organizationId: batch.organizationId,
				[kind.keyField]: record === undefined ? undefined : kind.keyOf(record),
			},
		});
	}
}

async function postBatch<R>(
	{ context, kind, records, settings, pacing }: Run<R>,
	batch: PlannedBatch,
): Promise<AcceptedBatch> {
	const { body } = await amiliApiRequest.call(context, {
		method: 'POST',
		path: `/orgs/${batch.organizationId}/${kind.plural}`,
		body: kind.body(
			batch.organizationId,
			batch.itemIndexes.map((itemIndex) => records[itemIndex] as R),
		),
		repeatable: false,
		timeout: settings.requestTimeoutMs,
		pacing,
	});
	const answer = (typeof body === 'object' && body !== null ? body : {}) as {
		summary?: { status?: unknown };
		data?: { batchId?: unknown; batchUrl?: unknown };
	};
	const batchId = answer.data?.batchId;
	if (typeof batchId !== 'string' || batchId === '') {
		throw amiliApiError(context, {
			message: `Amili accepted the ${kind.plural} (HTTP 2xx) but its answer names no batch`,
			description: `The ${kind.plural} are most likely registered. Do not send them again: find them at Amili by ${kind.keyField}.`,
			outcome: 'accepted',
		});
	}
	const batchUrl = answer.data?.batchUrl;
	const status = answer.summary?.status;
	return {
		batchId,
		batchUrl: typeof batchUrl === 'string' ? batchUrl : null,
		status: typeof status === 'string' ? status : null,
	};
}

function describeUnknown<R>({ kind, records }: Run<R>, batch: PlannedBatch): string {
	const ids = batch.itemIndexes.map((itemIndex) => {
		const record = records[itemIndex];
		return record === undefined ? undefined : kind.keyOf(record);
	});
	return `The ${kind.keyField}s to check at Amili: ${listIds(ids)}.`;
}

import type { PlannedBatch } from './batching';
import {
	type Accepted,
	type AcceptedBatch,
	describeAccepted,
	joinDescription,
	type Run,
} from './run';
import { asNodeError } from '../helpers/errorItem';
import { amiliApiError, amiliApiRequest, outcomeOf } from '../transport';

/**
 * Step 3 of a Create run: one request per planned batch, in order. A batch whose request fails
 * stops the run (its error lists what was already accepted), or under Continue On Fail becomes a
 * failure of each of its items; a request whose outcome is unknown is reported, never re-sent.
 */

const MAX_IDS_IN_MESSAGE = 20;

export async function postBatches<R>(run: Run<R>, batches: PlannedBatch[]): Promise<Accepted> {
	const { context, kind, records, failures } = run;
	const accepted: Accepted = [];
	for (const batch of batches) {
		try {
			accepted.push({ batch, result: await postBatch(run, batch) });
		} catch (caught) {
			const error = asNodeError(context, caught);
			if (!run.continueOnFail) {
				error.description = joinDescription(
					error.description,
					outcomeOf(error) === 'unknown' ? describeUnknown(run, batch) : '',
					describeAccepted(accepted),
				);
				error.context.itemIndex = batch.itemIndexes[0];
				throw error;
			}
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
	}
	return accepted;
}

async function postBatch<R>(
	{ context, kind, records, settings }: Run<R>,
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
		timeout: settings.timeout,
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
	const shown = ids.slice(0, MAX_IDS_IN_MESSAGE).join(', ');
	const more =
		ids.length > MAX_IDS_IN_MESSAGE ? ` and ${ids.length - MAX_IDS_IN_MESSAGE} more` : '';
	return `The ${kind.keyField}s to check at Amili: ${shown}${more}.`;
}

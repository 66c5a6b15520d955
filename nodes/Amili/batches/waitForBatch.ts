import { sleep } from 'n8n-workflow';

import {
	amiliApiError,
	amiliApiRequest,
	type AmiliContext,
	type RequestPacing,
} from '../transport';
import { readBatch, type BatchResult } from './batchResult';

export interface WaitForBatchOptions {
	/** Pause between two reads of the batch. */
	intervalMs: number;
	/** Longest time to wait for a final state. */
	timeoutMs: number;
	/** The run's shared pause, when several batches are read at once. */
	pacing?: RequestPacing;
}

/**
 * Reads the batch until it is SUCCESS, PARTIAL or FAILED (Amili's advice: poll until it leaves
 * QUEUED). Interval and timeout are ours; Amili documents neither. 429/503 answers are waited out
 * by the transport, honouring Retry-After.
 */
export async function waitForBatch(
	this: AmiliContext,
	organizationId: string,
	batchId: string,
	{ intervalMs, timeoutMs, pacing }: WaitForBatchOptions,
): Promise<BatchResult> {
	const deadline = Date.now() + timeoutMs;
	for (;;) {
		const { body } = await amiliApiRequest.call(this, {
			method: 'GET',
			path: `/orgs/${organizationId}/batches/${batchId}`,
			repeatable: true,
			pacing,
		});
		const batch = readBatch(body);
		if (!batch) {
			throw amiliApiError(this, {
				message: `Amili's answer for batch ${batchId} holds no batch`,
				description:
					'Check the batch ID and organization, or read the batch later with the Amili node (Batch → Get).',
				outcome: 'accepted',
			});
		}
		if (batch.final) return batch;
		if (Date.now() + intervalMs > deadline) {
			throw amiliApiError(this, {
				message: `Batch ${batchId} is still ${batch.status} after ${Math.round(timeoutMs / 1000)} s`,
				description:
					'Amili has the batch and is still processing it. Do not send it again: raise the timeout, or read the batch later with the Amili node (Batch → Get) or the Amili Trigger (BATCH_COMPLETED).',
				outcome: 'accepted',
			});
		}
		await sleep(intervalMs);
	}
}

/** Waiting for a batch, in seconds as the user sets them (Amili documents neither): the pause between two reads… */
export const DEFAULT_POLL_INTERVAL_SECONDS = 2;

/** …and the longest wait for a final state. */
export const DEFAULT_WAIT_TIMEOUT_SECONDS = 300;

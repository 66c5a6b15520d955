import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import {
	batchLocator,
	optionsCollection,
	simplifyBatchField,
} from '../../descriptions/sharedFields';
import { batchOutput } from '../../batches/batchOutput';
import { batchHints } from '../../batches/batchHints';
import {
	DEFAULT_POLL_INTERVAL_SECONDS,
	DEFAULT_WAIT_TIMEOUT_SECONDS,
	waitForBatch,
} from '../../batches/waitForBatch';
import { addHints } from '../../helpers/hints';
import { releaseFailedPayments } from '../../memory/releaseFailed';
import { batchIdOf, organizationIdOf } from '../shared';

/**
 * Batch → Wait for Completion: reads the batch until SUCCESS, PARTIAL or FAILED (Amili's advice,
 * docs/amili-api.md, "Waiting for a batch") and outputs it in one shape whichever of the two documented shapes Amili answers
 * with (batches/batchResult.ts). Interval and timeout are ours: Amili documents neither.
 */

const properties: INodeProperties[] = [
	batchLocator,
	simplifyBatchField,
	optionsCollection([
		{
			displayName: 'Poll Interval (Seconds)',
			name: 'pollInterval',
			type: 'number',
			typeOptions: { minValue: 0.1, numberPrecision: 1 },
			default: DEFAULT_POLL_INTERVAL_SECONDS,
			description: 'Pause between two reads of the batch',
		},
		{
			displayName: 'Timeout (Seconds)',
			name: 'timeout',
			type: 'number',
			typeOptions: { minValue: 1 },
			default: DEFAULT_WAIT_TIMEOUT_SECONDS,
			description:
				'Longest time to wait. When it passes the node fails (or, with Continue On Fail, outputs an error item); Amili keeps processing the batch.',
		},
	]),
];

export const description = updateDisplayOptions(
	{ show: { resource: ['batch'], operation: ['waitForCompletion'] } },
	properties,
);

export async function executeItem(
	this: IExecuteFunctions,
	itemIndex: number,
): Promise<IDataObject> {
	const organizationId = organizationIdOf(this, itemIndex);
	const batchId = batchIdOf(this, itemIndex, organizationId);
	const options = this.getNodeParameter('options', itemIndex, {}) as {
		pollInterval?: number;
		timeout?: number;
	};
	const batch = await waitForBatch.call(this, organizationId, batchId, {
		intervalMs: (options.pollInterval ?? DEFAULT_POLL_INTERVAL_SECONDS) * 1000,
		timeoutMs: (options.timeout ?? DEFAULT_WAIT_TIMEOUT_SECONDS) * 1000,
	});
	addHints(this, [
		...batchHints(batch),
		...(await releaseFailedPayments(this, organizationId, batch)),
	]);
	return batchOutput(batch, this.getNodeParameter('simplify', itemIndex, true) as boolean);
}

import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { stopOnInvalidItems } from './createRecords';
import { readItems } from './readItems';
import type { ItemFailure, RecordKind } from './types';
import { errorItem } from '../helpers/errorItem';
import { recordKey } from '../memory/recordKey';
import { SentMemory } from '../memory/sentMemory';

/**
 * Forget Sent: releases records from this workflow's memory of sent records (memory/runMemory.ts),
 * so the next run sends them again — for a record whose outcome was unknown that the user checked
 * at Amili and did not find. "These records": the input items, read exactly as Create reads them
 * (same mapping), so their keys are the ones Create remembered. "All": the whole memory.
 */
export async function forgetSent<R>(
	this: IExecuteFunctions,
	kind: RecordKind<R>,
): Promise<INodeExecutionData[]> {
	const memory = SentMemory.of(this);
	if ('unavailable' in memory) {
		throw new NodeOperationError(this.getNode(), `Nothing to forget: ${memory.unavailable}`, {
			description: `The memory of sent ${kind.plural} belongs to a saved workflow: put this node in the workflow whose ${kind.plural} you want to send again, and run it there.`,
		});
	}
	if (this.getNodeParameter('forget', 0, 'records') === 'all') {
		const entries = await memory.forgetAll();
		return [{ json: { forgotten: 'all', entries }, pairedItem: { item: 0 } }];
	}

	const items = this.getInputData();
	const failures = new Map<number, ItemFailure>();
	const { records, organizationIds } = readItems({ context: this, kind, items, failures });
	if (!this.continueOnFail()) stopOnInvalidItems(failures, 'Nothing was forgotten');
	const keys: string[] = [];
	organizationIds.forEach((organizationId, itemIndex) => {
		if (organizationId !== undefined && !failures.has(itemIndex))
			keys.push(recordKey(kind.plural, organizationId, records[itemIndex]));
	});
	await memory.release(keys);
	return items.map((_, itemIndex) => {
		const failure = failures.get(itemIndex);
		if (failure) return errorItem(itemIndex, failure.error, failure.details);
		return { json: { ...records[itemIndex], forgotten: true }, pairedItem: { item: itemIndex } };
	});
}

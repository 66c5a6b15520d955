import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { stopOnInvalidItems } from './createRecords';
import { readItems } from './readItems';
import { conflictFailure } from './remember';
import type { ItemFailure, RecordKind } from './types';
import { errorItem } from '../helpers/errorItem';
import { memoryKeys, type MemoryKeys } from '../memory/memoryKeys';
import { RunMemory } from '../memory/runMemory';
import { SentMemory } from '../memory/sentMemory';
import { environmentIdentityFor } from '../transport';

/**
 * Mark as Registered (docs/payment-node.md → "The ledger"): a person checked at Amili that it has
 * these records, so this workflow's memory takes them as sent and accepted — a record of unknown
 * outcome stops being reported, and one it never sent (a sheet's history, going live) is never
 * sent. Items are read exactly as Create reads them, since the memory knows a record by its
 * content too; one it remembers with other content is refused, as Create refuses it. Nothing is
 * sent to Amili.
 */
export async function markRegistered<R>(
	this: IExecuteFunctions,
	kind: RecordKind<R>,
): Promise<INodeExecutionData[]> {
	const store = SentMemory.of(this);
	if ('unavailable' in store) {
		throw new NodeOperationError(this.getNode(), `Nothing was marked: ${store.unavailable}`, {
			description: `The memory of sent ${kind.plural} belongs to a saved workflow: put this node in the workflow that sends these ${kind.plural}, and run it there.`,
		});
	}
	const items = this.getInputData();
	const failures = new Map<number, ItemFailure>();
	const { records, organizationIds, twins } = readItems({ context: this, kind, items, failures });
	if (!this.continueOnFail()) stopOnInvalidItems(failures, 'Nothing was marked');
	const environment = await environmentIdentityFor(this);
	const keys = new Map<number, MemoryKeys>();
	organizationIds.forEach((organizationId, itemIndex) => {
		if (organizationId === undefined || failures.has(itemIndex) || twins.has(itemIndex)) return;
		const destination = { environment, organizationId, plural: kind.plural };
		const record = records[itemIndex] as Record<string, unknown>;
		keys.set(itemIndex, memoryKeys(destination, kind.identityFields, record));
	});
	const memory = new RunMemory(store);
	await memory.claim(keys);
	memory.confirmRegistered([...keys.keys()]);
	const problem = await memory.settle();
	if (problem) throw new NodeOperationError(this.getNode(), problem);
	return items.map((_, itemIndex) => {
		const failure = failures.get(itemIndex);
		if (failure) return errorItem(itemIndex, failure.error, failure.details);
		// An exact repeat of an earlier item names the same record.
		const record = twins.get(itemIndex) ?? itemIndex;
		const { label } = keys.get(record) as MemoryKeys;
		const state = memory.remembered.get(record);
		if (state === 'conflict') {
			const conflict = conflictFailure({ context: this, kind }, itemIndex, label);
			return errorItem(itemIndex, conflict.error, conflict.details);
		}
		const json: IDataObject = { [kind.keyField]: label, registered: true, before: state ?? 'new' };
		return { json, pairedItem: { item: itemIndex } };
	});
}

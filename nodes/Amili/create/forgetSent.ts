import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { stopOnInvalidItems } from './createRecords';
import { readItems, readOrganizationIds, readSources } from './readItems';
import type { ItemFailure, RecordKind } from './types';
import { errorItem } from '../helpers/errorItem';
import { memoryKeys, type MemoryKeys } from '../memory/memoryKeys';
import { SentMemory } from '../memory/sentMemory';
import { describeProblems, Problems, readText } from '../records/values';
import { environmentIdentityFor } from '../transport';

/**
 * Forget Sent: releases records from this workflow's memory of sent records (memory/runMemory.ts),
 * so the next run sends them again — for a record whose outcome was unknown that the user checked
 * at Amili and did not find. "These records": a kind with one identity field (payments) needs only
 * that ID, the one the node's messages name; the others are read exactly as Create reads them.
 * Each item says whether the memory held it. "All": the whole memory.
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
	const { records, organizationIds, twins } =
		kind.identityFields.length === 1
			? {
					records: readIdentities(this, kind, items, failures),
					organizationIds: readOrganizationIds(this, items.length, failures),
					twins: new Map<number, number>(),
				}
			: readItems({ context: this, kind, items, failures });
	// An exact repeat of an earlier item names the same record.
	for (const [itemIndex, first] of twins) records[itemIndex] = records[first];
	if (!this.continueOnFail()) stopOnInvalidItems(failures, 'Nothing was forgotten');
	const environment = await environmentIdentityFor(this);
	const keys = new Map<number, MemoryKeys>();
	organizationIds.forEach((organizationId, itemIndex) => {
		if (organizationId === undefined || failures.has(itemIndex)) return;
		const destination = { environment, organizationId, plural: kind.plural };
		const record = records[itemIndex] as Record<string, unknown>;
		keys.set(itemIndex, memoryKeys(destination, kind.identityFields, record));
	});
	// Asking the store records what it did not hold; the release right after takes that back too.
	const fresh = await memory.exclusive(async () => {
		const notHeld = await memory.claim([...keys.values()].flatMap((entry) => entry.ids));
		await memory.release(
			[...keys.values()].flatMap((entry) => [...entry.ids, entry.content, entry.accepted]),
		);
		// What was forgotten is never again released on a batch's word (memory/memoryKeys.ts).
		await memory.claim(
			[...keys.values()]
				.filter((entry) => entry.ids.some((id) => !notHeld.has(id)))
				.map((entry) => entry.forgotten),
		);
		return notHeld;
	});
	return items.map((_, itemIndex) => {
		const failure = failures.get(itemIndex);
		if (failure) return errorItem(itemIndex, failure.error, failure.details);
		const entry = keys.get(itemIndex) as MemoryKeys;
		const forgotten = entry.ids.some((id) => !fresh.has(id));
		const json: IDataObject = { [kind.keyField]: entry.label, forgotten };
		if (!forgotten)
			json.reason = `This workflow did not remember ${kind.singular} ${entry.label} for this organization and Amili environment: nothing to forget. Check the ID, the Organization ID and the credential's environment.`;
		return { json, pairedItem: { item: itemIndex } };
	});
}

/** A kind's one identity field from each item, in the chosen mapping mode; nothing else is needed. */
function readIdentities<R>(
	context: IExecuteFunctions,
	kind: RecordKind<R>,
	items: INodeExecutionData[],
	failures: Map<number, ItemFailure>,
): Array<Record<string, unknown> | undefined> {
	const [field] = kind.identityFields;
	return readSources(context, kind, items, failures).map((source, itemIndex) => {
		if (source === undefined) return undefined;
		// Read as Create reads it (records/values.ts), so the key is the one Create remembered.
		const problems = new Problems();
		const id = readText(source, field, problems, true);
		if (id !== undefined && problems.items === undefined) return { [field]: id };
		failures.set(itemIndex, {
			error: new NodeOperationError(
				context.getNode(),
				describeProblems(itemIndex, problems.items ?? []),
				{ itemIndex },
			),
			details: { item: itemIndex, fields: [field] },
		});
		return undefined;
	});
}

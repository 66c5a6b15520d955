import { NodeOperationError } from 'n8n-workflow';

import type { Run } from './types';
import { memoryKeys, type MemoryKeys } from '../memory/memoryKeys';
import { RunMemory } from '../memory/runMemory';
import { SentMemory } from '../memory/sentMemory';
import { environmentIdentityFor } from '../transport';

/**
 * Never twice across runs, step 1 of a Create run (all the steps: memory/runMemory.ts), when Skip
 * Sent Before is on: sets `run.memory`, takes the items the memory knows out of `sendable`, and
 * makes each record sent before with other content a failure of its item. Throws, before anything
 * is sent, when there is no memory to use, when the run is larger than History Size, or when the
 * memory cannot be read.
 */
export async function claimRecords<R>(
	run: Run<R>,
	sendable: Array<string | undefined>,
): Promise<void> {
	const { context, kind, records, settings } = run;
	if (!settings.skipSentBefore) return;
	const Plural = `${kind.title}s`;
	const store = SentMemory.of(context, {
		historySize: settings.historySize,
		identityFields: kind.identityFields,
	});
	if ('unavailable' in store) {
		throw new NodeOperationError(
			context.getNode(),
			`Nothing was sent to Amili: Skip ${Plural} Sent Before is on, but ${store.unavailable}`,
			{
				description: `This workflow's memory of the ${kind.plural} it sent is what keeps a later run from sending them again, and this run has none. Save the workflow and run it again; or, to send without that protection, turn off Skip ${Plural} Sent Before in the node's options.`,
			},
		);
	}
	const toSend = sendable.filter((organizationId) => organizationId !== undefined).length;
	if (toSend > settings.historySize) {
		throw new NodeOperationError(
			context.getNode(),
			`Nothing was sent to Amili: this run has ${toSend} ${kind.plural}, more than History Size (${settings.historySize})`,
			{
				description: `The memory could not hold all of them, so a later run could send some again. Raise History Size in the node's options to at least ${toSend} (a margin for the next runs is wise), or split the input.`,
			},
		);
	}
	const environment = await environmentIdentityFor(context);
	const keys = new Map<number, MemoryKeys>();
	sendable.forEach((organizationId, itemIndex) => {
		if (organizationId === undefined) return;
		const destination = { environment, organizationId, plural: kind.plural };
		const record = records[itemIndex] as Record<string, unknown>;
		keys.set(itemIndex, memoryKeys(destination, kind.identityFields, record));
	});
	const memory = new RunMemory(store);
	try {
		await memory.claim(keys);
	} catch (error) {
		throw new NodeOperationError(
			context.getNode(),
			`Could not read this workflow's memory of the ${kind.plural} it sent: ${(error as Error).message}`,
			{
				description: `Nothing was sent to Amili. The memory lives in n8n's database, beside the history of Remove Duplicates nodes with scope Workflow; if the message names an incompatible setting, such a node of this workflow uses another mode. Run again once n8n's database answers, or turn off Skip ${Plural} Sent Before.`,
			},
		);
	}
	for (const [itemIndex, state] of memory.remembered) {
		sendable[itemIndex] = undefined;
		if (state === 'conflict') {
			const label = (keys.get(itemIndex) as MemoryKeys).label;
			run.failures.set(itemIndex, conflictFailure(run, itemIndex, label));
		}
	}
	run.memory = memory;
}

/** The same identity as a record sent before, with other content: refused, never sent. */
export function conflictFailure<R>(
	{ context, kind }: Pick<Run<R>, 'context' | 'kind'>,
	itemIndex: number,
	label: string,
) {
	const named = kind.identityFields.length > 0 ? `${kind.keyField} ${label}` : 'this record';
	return {
		error: new NodeOperationError(
			context.getNode(),
			`Item ${itemIndex}: ${kind.singular} ${label} differs from the one this workflow sent before`,
			{
				itemIndex,
				description: `An earlier run of this workflow sent ${named} with other content (an amount, currency, invoice, type or date that differs). Amili may have registered that one, so this one is not sent: that would register it twice. If the earlier one was wrong, register the difference with a Correction. If you checked at Amili and it never registered ${named}, forget it with Amili → ${kind.title} → Forget Sent and run again.`,
			},
		),
		details: { item: itemIndex, outcome: 'conflict', [kind.keyField]: label },
	};
}

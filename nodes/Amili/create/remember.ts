import { NodeOperationError } from 'n8n-workflow';

import type { Run } from './types';
import { recordKey } from '../memory/recordKey';
import { RunMemory } from '../memory/runMemory';
import { SentMemory } from '../memory/sentMemory';

/**
 * Never twice across runs, step 1 of a Create run (all the steps: memory/runMemory.ts), when Skip
 * Sent Before is on: sets `run.memory` and takes the skipped items out of `sendable`. Throws, before
 * anything is sent, when the memory cannot be read.
 */
export async function claimRecords<R>(
	run: Run<R>,
	sendable: Array<string | undefined>,
): Promise<void> {
	const { context, kind, records, settings } = run;
	if (!settings.skipSentBefore) return;
	const store = SentMemory.of(context, settings.historySize);
	if ('unavailable' in store) {
		run.memoryUnavailable = store.unavailable;
		return;
	}
	const keys = new Map<number, string>();
	sendable.forEach((organizationId, itemIndex) => {
		if (organizationId !== undefined)
			keys.set(itemIndex, recordKey(kind.plural, organizationId, records[itemIndex]));
	});
	const memory = new RunMemory(store, settings.historySize);
	try {
		await memory.claim(keys);
	} catch (error) {
		throw new NodeOperationError(
			context.getNode(),
			`Could not read this workflow's memory of the ${kind.plural} it sent: ${(error as Error).message}`,
			{
				description: `Nothing was sent to Amili. The memory lives in n8n's database, beside the history of Remove Duplicates nodes with scope Workflow; if the message names an incompatible setting, such a node of this workflow uses another mode. Run again once n8n's database answers, or turn off Skip ${titleOf(kind.plural)} Sent Before.`,
			},
		);
	}
	for (const itemIndex of memory.skipped) sendable[itemIndex] = undefined;
	run.memory = memory;
}

const titleOf = (plural: string) => plural.charAt(0).toUpperCase() + plural.slice(1);

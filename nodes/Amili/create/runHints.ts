import type { NodeExecutionHint } from 'n8n-workflow';

import { failedRecordsHint } from '../batches/batchHints';
import { count, hint, listIds } from '../helpers/hints';
import type { Accepted, Run } from './types';
import type { ItemOutcome } from './waitForOutcomes';
import { HISTORY_NEARLY_FULL } from './defaults';
import { entriesPerRecord } from '../memory/sentMemory';

/**
 * What the output panel tells the user after a Create run (helpers/hints.ts): what the memory of
 * sent records did, and what Amili's 202 means — accepted for processing, not processed
 * (docs/amili-api.md, "Batches").
 */

/** Without Wait for Batch Result: accepted is all that is known; how to learn the rest. */
function acceptedHint(
	batches: number,
	records: number,
	{ singular, plural }: { singular: string; plural: string },
): NodeExecutionHint {
	return hint(
		'info',
		`Amili accepted ${count(batches, 'batch', 'batches')} (${count(records, singular, plural)}) for processing; it processes them asynchronously. To see each ${singular}'s outcome, turn on Wait for Batch Result or add Amili → Batch → Wait for Completion with the batchUrl.`,
	);
}

/** After a Create run: what the memory did, then accepted only or the failures waited for. */
export function createRunHints<R>(
	run: Run<R>,
	accepted: Accepted,
	outcomes: Map<number, ItemOutcome> | undefined,
	memoryProblem?: string,
): NodeExecutionHint[] {
	return [
		...twinHints(run),
		...memoryHints(run, accepted, memoryProblem),
		...sendingHints(run, accepted, outcomes),
	];
}

/** Items that repeat an earlier item of the run exactly: that record, sent once. */
function twinHints<R>({ kind, twins }: Run<R>): NodeExecutionHint[] {
	if (twins.size === 0) return [];
	const pairs = [...twins].map(([item, first]) => `${item} (as ${first})`);
	return [
		hint(
			'info',
			`${count(twins.size, 'item')} repeat${twins.size === 1 ? 's' : ''} an earlier item exactly: the same ${kind.singular}, sent once. Items ${listIds(pairs)}.`,
		),
	];
}

function sendingHints<R>(
	run: Run<R>,
	accepted: Accepted,
	outcomes: Map<number, ItemOutcome> | undefined,
): NodeExecutionHint[] {
	if (accepted.length === 0) return [];
	const records = accepted.reduce((sum, { batch }) => sum + batch.itemIndexes.length, 0);
	if (!outcomes) return [acceptedHint(accepted.length, records, run.kind)];
	const failedBatches: string[] = [];
	let failed = 0;
	let processed = 0;
	for (const { batch, result } of accepted) {
		const batchOutcomes = batch.itemIndexes.map((itemIndex) => outcomes.get(itemIndex));
		const failedHere = batchOutcomes.filter((outcome) => outcome?.failed).length;
		processed += batchOutcomes.filter(Boolean).length;
		failed += failedHere;
		if (failedHere > 0)
			failedBatches.push(`${result.batchId} (${batchOutcomes.find(Boolean)?.batchStatus})`);
	}
	if (failed === 0) return [];
	const batches = `${failedBatches.length === 1 ? 'batch' : 'batches'} ${failedBatches.join(', ')}`;
	const where = `Each failed ${run.kind.singular} has failed: true and Amili's reason on its item (route them with an If node on failed).`;
	return [failedRecordsHint(batches, failed, processed, where, run.kind)];
}

/** Skip Sent Before: what was not sent and why, and when the memory could not do its job. */
function memoryHints<R>(
	{ context, kind, settings, failures, records, memory }: Run<R>,
	accepted: Accepted,
	memoryProblem: string | undefined,
): NodeExecutionHint[] {
	if (!memory) return [];
	const hints: NodeExecutionHint[] = [];
	const states = [...memory.remembered.values()];
	const sentBefore = states.filter((state) => state === 'sentBefore').length;
	const unknown = states.filter((state) => state === 'unknown').length;
	if (sentBefore > 0) {
		const nothingSent = accepted.length === 0 && failures.size === 0 && unknown === 0;
		const see =
			settings.output === 'batches' && !settings.waitForResult
				? ' Choose Output → Each Input Item to see them.'
				: '';
		hints.push(
			hint(
				'info',
				`${nothingSent ? 'Nothing new to send: ' : ''}${count(sentBefore, kind.singular, kind.plural)} not sent again: Amili accepted ${sentBefore === 1 ? 'it' : 'them'} in an earlier run of this workflow.${see}`,
			),
		);
	}
	if (unknown > 0)
		hints.push(
			hint(
				'warning',
				`${count(unknown, kind.singular, kind.plural)} not sent again, whose outcome is unknown (an earlier run lost Amili's answer or stopped before it came): each is an item with outcome "unknown". Check ${unknown === 1 ? 'it' : 'them'} at Amili by ${kind.keyField}; forget one with Amili → ${kind.title} → Forget Sent only if Amili does not have it.`,
			),
		);
	if (memoryProblem) hints.push(hint('warning', memoryProblem));
	if (memory.overwritten.length > 0)
		hints.push(
			hint(
				'warning',
				`Another execution of this workflow, on another n8n process (queue mode), wrote its memory at the same moment as this one: it may have sent some of the same ${kind.plural} too. Check these at Amili by ${kind.keyField}: ${listIds(memory.overwritten.map((itemIndex) => String(kind.keyOf(records[itemIndex] as R))))}.`,
			),
		);
	const capacity = settings.historySize * entriesPerRecord(kind.identityFields);
	const { entries } = memory;
	if (entries !== undefined && entries >= capacity * HISTORY_NEARLY_FULL) {
		const message = `This workflow's memory of sent ${kind.plural} is ${Math.min(100, Math.round((100 * entries) / capacity))}% full (History Size ${settings.historySize}). When it is full the oldest records are forgotten first, and such a ${kind.singular} would be sent again if your source still listed it: raise History Size.`;
		hints.push(hint('warning', message));
		// A scheduled run's hints are seen by nobody: n8n's log keeps the warning too.
		context.logger.warn(`Amili: ${message}`, { workflowId: context.getWorkflow().id });
	}
	return hints;
}

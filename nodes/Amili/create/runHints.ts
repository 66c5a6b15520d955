import type { NodeExecutionHint } from 'n8n-workflow';

import { failedRecordsHint } from '../batches/batchHints';
import { count, hint } from '../helpers/hints';
import { listIds } from './messages';
import type { Accepted, Run } from './types';
import type { ItemOutcome } from './waitForOutcomes';
import { HISTORY_NEARLY_FULL } from './defaults';

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
	return [...memoryHints(run, accepted, memoryProblem), ...sendingHints(run, accepted, outcomes)];
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

/** Skip Sent Before: what was skipped, and when the memory could not do its job. */
function memoryHints<R>(
	{ kind, settings, failures, records, memory, memoryUnavailable }: Run<R>,
	accepted: Accepted,
	memoryProblem: string | undefined,
): NodeExecutionHint[] {
	const Plural = `${kind.title}s`;
	if (memoryUnavailable)
		return [
			hint(
				'warning',
				`Skip ${Plural} Sent Before is on, but ${memoryUnavailable}: these ${kind.plural} were sent without checking what earlier runs sent.`,
			),
		];
	if (!memory) return [];
	const hints: NodeExecutionHint[] = [];
	const skipped = memory.skipped.size;
	if (skipped > 0) {
		const nothingSent = accepted.length === 0 && failures.size === 0;
		const see =
			settings.output === 'batches' && !settings.waitForResult
				? ' Choose Output → Each Input Item to see them.'
				: '';
		hints.push(
			hint(
				'info',
				`${nothingSent ? 'Nothing new to send: ' : ''}${count(skipped, kind.singular, kind.plural)} not sent again, because this workflow sent ${skipped === 1 ? 'it' : 'them'} before (Amili accepted ${skipped === 1 ? 'it' : 'them'}, or the outcome was unknown).${see} To send one again after checking at Amili, use Amili → ${kind.title} → Forget Sent.`,
			),
		);
	}
	if (memoryProblem) hints.push(hint('warning', memoryProblem));
	if (memory.overwritten.length > 0)
		hints.push(
			hint(
				'warning',
				`Another execution of this workflow, on another n8n process (queue mode), wrote its memory at the same moment as this one: it may have sent some of the same ${kind.plural} too. Check these at Amili by ${kind.keyField}: ${listIds(memory.overwritten.map((itemIndex) => String(kind.keyOf(records[itemIndex] as R))))}.`,
			),
		);
	const { entries } = memory;
	if (entries !== undefined && entries >= settings.historySize * HISTORY_NEARLY_FULL)
		hints.push(
			hint(
				'warning',
				`This workflow remembers ${entries} of the ${settings.historySize} sent records History Size allows. When it is full the oldest are forgotten first, and such a ${kind.singular} would be sent again if it came back: raise History Size.`,
			),
		);
	return hints;
}

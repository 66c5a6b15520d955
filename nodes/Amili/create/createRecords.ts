import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

import { planBatches } from './batching';
import { createRunHints } from './runHints';
import { addHints } from '../helpers/hints';
import { buildOutput } from './output';
import { postBatches } from './postBatches';
import { readItems } from './readItems';
import { claimRecords } from './remember';
import { joinDescription } from './messages';
import type { Accepted, ItemFailure, RecordKind, Run } from './types';
import { pacingFor, readSettings } from './settings';
import { reportUnknownOutcomes } from './unknownOutcomes';
import { keepPending, readPending } from '../memory/pendingBatches';
import { type ItemOutcome, waitForOutcomes } from './waitForOutcomes';
import { asNodeError } from '../helpers/errorItem';
import { environmentIdentityFor } from '../transport';

export type { RecordKind } from './types';

/**
 * The one implementation of the asynchronous Create operations (payments, invoices, corrections):
 * items are read in the chosen mapping mode, validated before anything is sent, grouped by
 * organization into requests of Batch Size, and each 202 Accepted yields the batch Amili created.
 * Every input item ends in exactly one place (an accepted batch or an error item paired to it), and
 * a request whose outcome is unknown is reported, never re-sent. A record kind supplies only what
 * differs: names, validation, the request body and how batch results match back to records.
 */
export async function createRecords<R>(
	this: IExecuteFunctions,
	kind: RecordKind<R>,
): Promise<INodeExecutionData[]> {
	const failures = new Map<number, ItemFailure>();
	const items = this.getInputData();
	const { records, organizationIds, twins } = readItems({ context: this, kind, items, failures });
	const settings = readSettings(this);
	const run: Run<R> = {
		context: this,
		kind,
		items,
		settings,
		continueOnFail: this.continueOnFail(),
		records,
		failures,
		twins,
		pacing: pacingFor(settings),
	};
	if (!run.continueOnFail) stopOnInvalidItems(failures, 'Nothing was sent to Amili');

	const sendable = organizationIds.map((id, itemIndex) =>
		failures.has(itemIndex) || twins.has(itemIndex) ? undefined : id,
	);
	// What Amili failed in batches this node sent earlier is released before this run claims.
	const learnt = settings.skipSentBefore ? await readPending(this, run.pacing) : [];
	await claimRecords(run, sendable);
	if (!run.continueOnFail && failures.size > 0) {
		// A record sent before with other content: nothing goes, this run's claims are taken back.
		await run.memory?.releaseAll();
		stopOnInvalidItems(failures, 'Nothing was sent to Amili');
	}
	let accepted: Accepted;
	let outcomes: Map<number, ItemOutcome> | undefined;
	try {
		accepted = await postBatches(run, planBatches(sendable, run.settings.batchSize));
		outcomes = run.settings.waitForResult ? await waitForOutcomes(run, accepted) : undefined;
	} catch (caught) {
		const error = asNodeError(this, caught);
		const problem = await run.memory?.settle();
		if (problem) error.description = joinDescription(error.description, problem);
		throw error;
	}
	const memoryProblem = await run.memory?.settle();
	if (run.memory && !outcomes) keepPending(this, await pendingOf(this, accepted));
	addHints(this, [...learnt, ...createRunHints(run, accepted, outcomes, memoryProblem)]);
	reportUnknownOutcomes(run, accepted);
	return buildOutput(run, accepted, outcomes);
}

/** The accepted batches a later run reads to learn what Amili failed (memory/pendingBatches.ts). */
async function pendingOf(context: IExecuteFunctions, accepted: Accepted) {
	const environment = await environmentIdentityFor(context);
	return accepted.map(({ batch, result }) => ({
		batchId: result.batchId,
		organizationId: batch.organizationId,
		environment,
	}));
}

/** Without Continue On Fail, one invalid item stops the run before anything is done (`nothingDone`). */
export function stopOnInvalidItems(failures: Map<number, ItemFailure>, nothingDone: string): void {
	if (failures.size === 0) return;
	const [itemIndex, { error }] = [...failures].sort(([a], [b]) => a - b)[0];
	const others = failures.size - 1;
	error.description = joinDescription(
		error.description,
		others > 0 ? `${others} more item${others === 1 ? ' has' : 's have'} problems too.` : '',
		`${nothingDone}. Fix the input, or turn on Continue On Fail to go on with the valid items and get the others as error items.`,
	);
	error.context.itemIndex = itemIndex;
	throw error;
}

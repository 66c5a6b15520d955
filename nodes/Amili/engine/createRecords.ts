import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

import { planBatches } from './batching';
import { addHints, createRunHints } from './hints';
import { buildOutput } from './output';
import { postBatches } from './postBatches';
import { readItems } from './readItems';
import { type ItemFailure, joinDescription, readSettings, type RecordKind, type Run } from './run';
import { waitForOutcomes } from './waitForOutcomes';

export type { RecordKind } from './run';

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
	const { records, organizationIds } = readItems({ context: this, kind, items, failures });
	const run: Run<R> = {
		context: this,
		kind,
		items,
		settings: readSettings(this),
		continueOnFail: this.continueOnFail(),
		records,
		failures,
	};
	if (!run.continueOnFail) stopOnInvalidItems(failures);

	const sendable = organizationIds.map((id, itemIndex) =>
		failures.has(itemIndex) ? undefined : id,
	);
	const accepted = await postBatches(run, planBatches(sendable, run.settings.batchSize));
	const outcomes = run.settings.waitForResult ? await waitForOutcomes(run, accepted) : undefined;
	addHints(this, createRunHints(run, accepted, outcomes));
	return buildOutput(run, accepted, outcomes);
}

/** Without Continue On Fail, one invalid item stops the run before anything is sent. */
function stopOnInvalidItems(failures: Map<number, ItemFailure>): void {
	if (failures.size === 0) return;
	const [itemIndex, { error }] = [...failures].sort(([a], [b]) => a - b)[0];
	const others = failures.size - 1;
	error.description = joinDescription(
		error.description,
		others > 0 ? `${others} more item${others === 1 ? ' has' : 's have'} problems too.` : '',
		'Nothing was sent to Amili. Fix the input, or turn on Continue On Fail to send the valid items and get the others as error items.',
	);
	error.context.itemIndex = itemIndex;
	throw error;
}

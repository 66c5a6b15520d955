import type { IDataObject } from 'n8n-workflow';

import type { BatchResult } from './batchResult';

/**
 * A batch as the nodes output it (Batch → Get, Get Many, Wait for Completion, the Polling Trigger),
 * in one shape whichever of Amili's two it came in (batches/batchResult.ts). With Simplify its
 * `succeeded[]` and `failed[]` lists become their counts: a batch of 10,000 invoices otherwise fills
 * the canvas and the execution log with records the workflow rarely reads.
 */
export function batchOutput(batch: BatchResult | IDataObject, simplify: boolean): IDataObject {
	const record: IDataObject = { ...batch };
	// `final` and `statusFromAmili` are the engine's own reading of the status: the status says all.
	delete record.final;
	delete record.statusFromAmili;
	if (!simplify) return record;
	const { succeeded, failed, ...rest } = record;
	return {
		...rest,
		succeededCount: Array.isArray(succeeded) ? succeeded.length : 0,
		failedCount: Array.isArray(failed) ? failed.length : 0,
	};
}

import type { NodeExecutionHint } from 'n8n-workflow';

import type { BatchResult } from './batchResult';
import { hint } from '../helpers/hints';

/**
 * What the output panel says about a batch Amili processed with failures, after a Create run with
 * Wait for Batch Result (create/runHints.ts) and after Batch → Wait for Completion. In Amili's words
 * (docs/amili-api.md, "Batches"): a batch is QUEUED until processed, then SUCCESS, PARTIAL or FAILED.
 */

/**
 * Batches Amili processed as PARTIAL or FAILED: what it means and what to do. `batches` reads e.g.
 * `batch 3f… (PARTIAL)`; `where` says where the reasons are.
 */
export function failedRecordsHint(
	batches: string,
	failed: number,
	total: number,
	where: string,
	{ singular, plural }: { singular: string; plural: string },
): NodeExecutionHint {
	const counted = failed > 0 ? `${failed} of ${total} ${plural} failed` : `its ${plural} failed`;
	const rest = total - failed;
	const others =
		failed === 0 || rest === 0
			? ''
			: ` The other ${rest === 1 ? singular : `${rest} ${plural}`} went through.`;
	return hint(
		'warning',
		`Amili processed ${batches}: ${counted}.${others} ${where} Fix those ${plural} and send only them again.`,
	);
}

/** Batch → Wait for Completion: a PARTIAL or FAILED batch, its failed records in the batch. */
export function batchHints(batch: BatchResult): NodeExecutionHint[] {
	if (batch.status !== 'PARTIAL' && batch.status !== 'FAILED') return [];
	const failed = batch.failed.length;
	const total = failed + batch.succeeded.length;
	const where =
		"Amili's reason for each is in the batch's failed list (turn off Simplify to see it).";
	return [
		failedRecordsHint(`batch ${batch.batchId} (${batch.status})`, failed, total, where, RECORDS),
	];
}

const RECORDS = { singular: 'record', plural: 'records' };

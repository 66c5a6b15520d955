import type { IExecuteFunctions, NodeExecutionHint } from 'n8n-workflow';

import type { BatchResult } from '../batches/batchResult';
import { text } from '../batches/batchResult';
import { count, hint } from '../helpers/hints';
import { identityKeys } from './memoryKeys';
import { SentMemory } from './sentMemory';
import { apiBaseUrlFor } from '../transport';

const PAYMENT_ID = 'uniqueSourcePaymentId';

/**
 * Release wherever the package learns of a failure (docs/payment-node.md → "Never twice across
 * runs"): Batch → Get and Batch → Wait for Completion read a finished batch; each payment Amili
 * failed in processing is forgotten by this workflow's memory, by its uniqueSourcePaymentId, so the
 * next run sends it (corrected, or unchanged once its cause is fixed at Amili). An entry that names
 * only an invoice cannot say which of that invoice's payments failed: none is released, and a hint
 * says so. Without a saved workflow there is no memory, and nothing to release.
 */
export async function releaseFailedPayments(
	context: IExecuteFunctions,
	organizationId: string,
	batch: BatchResult,
): Promise<NodeExecutionHint[]> {
	if (batch.failed.length === 0) return [];
	const memory = SentMemory.of(context);
	if ('unavailable' in memory) return [];
	const ids = batch.failed.map((entry) => text(entry[PAYMENT_ID])).filter(Boolean) as string[];
	const withoutId = batch.failed.length - ids.length;
	const hints: NodeExecutionHint[] = [];
	if (ids.length > 0) {
		const destination = {
			apiBaseUrl: await apiBaseUrlFor(context),
			organizationId,
			plural: 'payments',
		};
		await memory.release(
			ids.flatMap((id) => identityKeys(destination, [PAYMENT_ID], { [PAYMENT_ID]: id })),
		);
		hints.push(
			hint(
				'info',
				`${count(ids.length, 'payment')} that Amili failed in batch ${batch.batchId} ${ids.length === 1 ? 'is' : 'are'} no longer remembered as sent by this workflow: once fixed, its next run sends ${ids.length === 1 ? 'it' : 'them'}.`,
			),
		);
	}
	if (withoutId > 0 && (batch.type ?? 'PAYMENT').toUpperCase().startsWith('PAYMENT'))
		hints.push(
			hint(
				'warning',
				`${count(withoutId, 'failed entry', 'failed entries')} of batch ${batch.batchId} name${withoutId === 1 ? 's' : ''} no ${PAYMENT_ID}: which payment failed is unclear, so none of them is forgotten by this workflow's memory. Forget each one you find unregistered at Amili with Amili → Payment → Forget Sent.`,
			),
		);
	return hints;
}

import type { IExecuteFunctions, NodeExecutionHint } from 'n8n-workflow';

import type { BatchResult } from '../batches/batchResult';
import { count, hint, listIds } from '../helpers/hints';
import { heldKey, memoryKeys } from './memoryKeys';
import { describeUnnamed, type PaymentEvidence, readPaymentEvidence } from './paymentEvidence';
import { SentMemory } from './sentMemory';
import { environmentIdentityFor } from '../transport';

const PAYMENT_ID = 'uniqueSourcePaymentId';

/**
 * Batch → Get and Batch → Wait for Completion read a finished batch (docs/payment-node.md → "The
 * ledger"): a payment Amili failed in it, by evidence that names the payment
 * (memory/paymentEvidence.ts), is released from this workflow's memory — only while the memory
 * holds it from this very batch, so reading the batch again, or reading it after the payment was
 * sent again in another batch, releases nothing. Every hint says what was done, never more.
 */
export async function releaseFailedPayments(
	context: IExecuteFunctions,
	organizationId: string,
	batch: BatchResult,
): Promise<NodeExecutionHint[]> {
	return await releaseFailedInBatches(context, [{ organizationId, batch }]);
}

/**
 * The same for several finished batches (a Create run's pending batches, memory/pendingBatches.ts):
 * one look-up and one release in the store for all of them, since each store call reads and
 * writes the workflow's whole memory.
 */
export async function releaseFailedInBatches(
	context: IExecuteFunctions,
	read: ReadonlyArray<{ organizationId: string; batch: BatchResult }>,
): Promise<NodeExecutionHint[]> {
	const batches = read
		.filter(({ batch }) => (batch.type ?? 'PAYMENT').toUpperCase().startsWith('PAYMENT'))
		.map(({ organizationId, batch }) => ({
			organizationId,
			batch,
			evidence: readPaymentEvidence(batch),
		}));
	const hints = batches.flatMap(({ batch, evidence }) => doubtHints(batch, evidence));
	const claims = batches.flatMap(({ organizationId, batch, evidence }) =>
		[...evidence.failed.keys()].map((id) => ({ organizationId, batchId: batch.batchId, id })),
	);
	if (claims.length === 0) return hints;
	const memory = SentMemory.of(context);
	if ('unavailable' in memory) return hints;
	const environment = await environmentIdentityFor(context);
	const keys = claims.map(({ organizationId, id }) =>
		memoryKeys({ environment, organizationId, plural: 'payments' }, [PAYMENT_ID], {
			[PAYMENT_ID]: id,
		}),
	);
	const held = keys.map((entry, i) => heldKey(entry, claims[i].batchId));
	const releasable = await memory.exclusive(async () => {
		// Asking records what was not there; the release takes that back with the released entries.
		const fresh = await memory.claim([...held, ...keys.map((entry) => entry.forgotten)]);
		const release = keys.map((entry, i) => !fresh.has(held[i]) && fresh.has(entry.forgotten));
		await memory.release([
			...held,
			...keys.flatMap((entry, i) => [
				...(fresh.has(entry.forgotten) ? [entry.forgotten] : []),
				...(release[i] ? [...entry.ids, entry.accepted] : []),
			]),
		]);
		return release;
	});
	for (const { batch } of batches) {
		const of = (released: boolean) =>
			claims
				.filter((claim, i) => claim.batchId === batch.batchId && releasable[i] === released)
				.map(({ id }) => id);
		hints.push(...releaseHints(batch.batchId, of(true), of(false)));
	}
	return hints;
}

/** Failed entries that name no payment, or contradict `succeeded`: nothing is released for them. */
function doubtHints(batch: BatchResult, evidence: PaymentEvidence): NodeExecutionHint[] {
	const hints: NodeExecutionHint[] = [];
	if (evidence.unnamed.length > 0)
		hints.push(
			hint(
				'warning',
				`${count(evidence.unnamed.length, 'failed entry', 'failed entries')} of batch ${batch.batchId} name${evidence.unnamed.length === 1 ? 's' : ''} no ${PAYMENT_ID} (only ${describeUnnamed(evidence.unnamed)}): which payment failed is unclear, so none is released from this workflow's memory. Find ${evidence.unnamed.length === 1 ? 'it' : 'them'} at Amili; forget each payment Amili does not have with Amili → Payment → Forget Sent.`,
			),
		);
	if (evidence.contradictory.size > 0)
		hints.push(
			hint(
				'warning',
				`Amili lists ${count(evidence.contradictory.size, 'payment')} of batch ${batch.batchId} both as succeeded and as failed (${listIds([...evidence.contradictory])}): none of them is released. Check at Amili.`,
			),
		);
	return hints;
}

/** What a batch read did: released, or not held from that batch. */
function releaseHints(batchId: string, released: string[], kept: string[]): NodeExecutionHint[] {
	const hints: NodeExecutionHint[] = [];
	if (released.length > 0)
		hints.push(
			hint(
				'info',
				`${count(released.length, 'payment')} that Amili failed in batch ${batchId} ${released.length === 1 ? 'is' : 'are'} no longer remembered as sent by this workflow: its next run sends ${released.length === 1 ? 'it' : 'them'} (fix what Amili's reason names first): ${listIds(released)}.`,
			),
		);
	if (kept.length > 0)
		hints.push(
			hint(
				'info',
				`${count(kept.length, 'payment')} that Amili failed in batch ${batchId} ${kept.length === 1 ? 'is' : 'are'} not held by this workflow's memory from this batch, so nothing changed for ${kept.length === 1 ? 'it' : 'them'}: this workflow did not send ${kept.length === 1 ? 'it' : 'them'} in this batch, or already released ${kept.length === 1 ? 'it' : 'them'}, or sent ${kept.length === 1 ? 'it' : 'them'} again since, or Forget Sent forgot ${kept.length === 1 ? 'it' : 'them'} once (then only you can: check at Amili): ${listIds(kept)}. Where another workflow sent ${kept.length === 1 ? 'it' : 'them'}, read this batch there.`,
			),
		);
	return hints;
}

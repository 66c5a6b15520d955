import type { IDataObject, IExecuteFunctions, NodeApiError, NodeExecutionHint } from 'n8n-workflow';

import { type BatchResult, readBatch } from '../batches/batchResult';
import { count, hint, listIds } from '../helpers/hints';
import { releaseFailedInBatches } from './releaseFailed';
import { amiliApiRequest, environmentIdentityFor, type RequestPacing } from '../transport';

/**
 * The sender learns its own outcomes (docs/payment-node.md → "The ledger"): a Create run that did
 * not wait for its batches keeps their IDs in the node's static data; each later run first reads
 * the oldest of them, at most READS_PER_RUN, and for each that Amili finished releases what it
 * failed by the one rule (memory/releaseFailed.ts: evidence that names the payment, from the batch
 * that holds it) and says so in that run's hints and n8n's log. n8n saves static data after
 * production runs (schedule, webhook, trigger), not after manual ones: batches a manual run sent
 * are not read later (Batch → Get, or Wait for Batch Result, does it there).
 */

/** Batch reads one run makes at most before it sends: its cost in requests. */
export const READS_PER_RUN = 20;
/** Batches kept at most; the oldest are dropped first (a hint says so). */
export const MAX_PENDING = 1000;

const FIELD = 'amiliPendingBatches';

interface PendingBatch {
	batchId: string;
	organizationId: string;
	/** Which Amili (transport's environmentIdentity): read only under the same. */
	environment: string;
}

function staticData(context: IExecuteFunctions): IDataObject | undefined {
	return typeof context.getWorkflowStaticData === 'function'
		? context.getWorkflowStaticData('node')
		: undefined;
}

function pendingOf(data: IDataObject | undefined): PendingBatch[] {
	const list = data?.[FIELD];
	return Array.isArray(list) ? (list as unknown as PendingBatch[]) : [];
}

/** After a run that did not wait: its accepted batches, to be read by a later run. */
export function keepPending(context: IExecuteFunctions, batches: PendingBatch[]): string[] {
	const data = staticData(context);
	if (!data || batches.length === 0) return [];
	const all = [...pendingOf(data), ...batches];
	const dropped = all.slice(0, Math.max(0, all.length - MAX_PENDING));
	data[FIELD] = all.slice(dropped.length) as unknown as IDataObject[];
	return dropped.map((batch) => batch.batchId);
}

/**
 * Before a run sends: the oldest pending batches read, what Amili finished released by the rule;
 * a batch still processing stays for the next run, one Amili does not know is dropped. Never
 * throws: what could not be read is told and read again next time.
 */
export async function readPending(
	context: IExecuteFunctions,
	pacing: RequestPacing | undefined,
): Promise<NodeExecutionHint[]> {
	const data = staticData(context);
	const pending = pendingOf(data);
	if (!data || pending.length === 0) return [];
	const environment = await environmentIdentityFor(context);
	const hints: NodeExecutionHint[] = [];
	const done = new Set<PendingBatch>();
	const unread: string[] = [];
	const finished: Array<{ organizationId: string; batch: BatchResult }> = [];
	const here = pending.filter((entry) => entry.environment === environment);
	for (const entry of here.slice(0, READS_PER_RUN)) {
		try {
			const { body } = await amiliApiRequest.call(context, {
				method: 'GET',
				path: `/orgs/${entry.organizationId}/batches/${encodeURIComponent(entry.batchId)}`,
				repeatable: true,
				pacing,
			});
			const batch = readBatch(body);
			if (!batch?.final) continue;
			finished.push({ organizationId: entry.organizationId, batch });
			done.add(entry);
		} catch (error) {
			unread.push(entry.batchId);
			// A batch Amili does not know (404) never finishes: dropped. Anything else: read next time.
			if ((error as NodeApiError).httpCode === '404') done.add(entry);
		}
	}
	hints.push(...(await releaseFailedInBatches(context, finished)));
	data[FIELD] = pending.filter((entry) => !done.has(entry)) as unknown as IDataObject[];
	if (unread.length > 0)
		hints.push(
			hint(
				'warning',
				`${count(unread.length, 'batch', 'batches')} this node sent earlier could not be read to learn what Amili failed in ${unread.length === 1 ? 'it' : 'them'}: ${listIds(unread)}. Read ${unread.length === 1 ? 'it' : 'them'} with Amili → Batch → Get in this workflow.`,
			),
		);
	for (const { type, message } of hints) {
		const log = type === 'warning' ? context.logger.warn : context.logger.info;
		log.call(context.logger, `Amili: ${message}`, { workflowId: context.getWorkflow().id });
	}
	return hints;
}

import type { IDataObject, INodeExecutionData, IPollFunctions, NodeApiError } from 'n8n-workflow';

import {
	latestFinishedBatches,
	listCutoff,
	pendingToCheck,
	reachedCutoff,
	readBatchState,
	takeFinishedBatches,
} from './batchPoll';
import {
	latestSettlements,
	MANUAL_LOOKBACK_DAYS,
	readSettlementState,
	settlementFromDate,
	takeNewSettlements,
	utcDate,
} from './settlementPoll';
import { batchOutput } from '../../batches/batchOutput';
import { readBatch, type BatchResult } from '../../batches/batchResult';
import { checkedOrganizationId } from '../../helpers/organizationId';
import { amiliApiRequest, outcomeOf } from '../../transport';
import { amiliApiRequestList } from '../../transport/paging';

/**
 * The Amili Polling Trigger's poll(): asks Amili for the organization's settlements or batches and
 * emits what is new since the last poll, its state in the node's static data. The n8n side; what
 * counts as new is decided by the pure settlementPoll.ts and batchPoll.ts.
 */

/** Where each mode keeps its state in the node's static data. */
const STATE_FIELD = 'pollState';
/** Batches asked for per page; one page is all a poll normally needs. */
const BATCH_PAGE_SIZE = 100;
/** The most batches one poll lists when many were created since the last poll. */
const MAX_BATCHES_PER_POLL = 1000;
/** Settlements read by a manual run at most (it shows the latest few of them). */
const MANUAL_SETTLEMENT_LIMIT = 2000;

type Mode = 'newSettlement' | 'batchFinished';

export async function poll(this: IPollFunctions): Promise<INodeExecutionData[][] | null> {
	const organizationId = checkedOrganizationId(
		this.getNode(),
		this.getNodeParameter('organizationId', ''),
	);
	const mode = this.getNodeParameter('event', 'newSettlement') as Mode;
	const records =
		mode === 'batchFinished'
			? await pollBatches.call(this, organizationId)
			: await pollSettlements.call(this, organizationId);
	return records.length > 0 ? [this.helpers.returnJsonArray(records)] : null;
}

async function pollSettlements(
	this: IPollFunctions,
	organizationId: string,
): Promise<IDataObject[]> {
	const path = `/orgs/${organizationId}/settlements`;
	const now = new Date();
	if (this.getMode() === 'manual') {
		const records = await amiliApiRequestList.call(this, {
			path,
			qs: { fromDate: utcDate(now, MANUAL_LOOKBACK_DAYS) },
			pagingCase: 'camel',
			limit: MANUAL_SETTLEMENT_LIMIT,
		});
		return latestSettlements(records);
	}

	const staticData = this.getWorkflowStaticData('node');
	const scope = `settlement:${organizationId.toLowerCase()}`;
	const previous = readSettlementState(staticData[STATE_FIELD], scope);
	const fromDate = settlementFromDate(
		previous,
		now,
		this.getNodeParameter('lookbackDays', 1) as number,
	);
	const records = await amiliApiRequestList.call(this, {
		path,
		qs: { fromDate },
		pagingCase: 'camel',
	});
	const { emit, state } = takeNewSettlements(previous, scope, records, fromDate, now);
	// Assigned as a whole, so n8n sees the change and saves it with the execution it starts.
	staticData[STATE_FIELD] = state as unknown as IDataObject;
	return emit;
}

async function pollBatches(this: IPollFunctions, organizationId: string): Promise<IDataObject[]> {
	const path = `/orgs/${organizationId}/batches`;
	const simplify = this.getNodeParameter('simplify', true) as boolean;
	const now = new Date();
	const list = async (limit: number) =>
		(
			await amiliApiRequestList.call(this, {
				path,
				qs: { SortDirection: 'DESC' },
				limit,
				pageSize: BATCH_PAGE_SIZE,
			})
		)
			.map((record) => readBatch(record))
			.filter((batch): batch is BatchResult => batch !== undefined);

	if (this.getMode() === 'manual') {
		return latestFinishedBatches(await list(BATCH_PAGE_SIZE)).map((batch) =>
			batchOutput(batch, simplify),
		);
	}

	const staticData = this.getWorkflowStaticData('node');
	const scope = `batch:${organizationId.toLowerCase()}`;
	const previous = readBatchState(staticData[STATE_FIELD], scope);
	const cutoff = listCutoff(previous, now);
	let listed = await list(BATCH_PAGE_SIZE);
	// More batches than one page since the last poll: read further (the first page again, in one go).
	if (listed.length === BATCH_PAGE_SIZE && !reachedCutoff(listed, cutoff))
		listed = await list(MAX_BATCHES_PER_POLL);

	const rechecked: BatchResult[] = [];
	const gone: string[] = [];
	for (const batchId of pendingToCheck(previous, listed)) {
		try {
			const { body } = await amiliApiRequest.call(this, {
				method: 'GET',
				path: `${path}/${batchId}`,
				repeatable: true,
			});
			const batch = readBatch(body);
			if (batch) rechecked.push(batch);
		} catch (caught) {
			// The transport throws NodeApiErrors only. Amili no longer knows the batch (404): stop
			// following it. Anything else fails the poll, which then repeats the same window.
			const error = caught as NodeApiError;
			if (outcomeOf(error) === 'rejected' && String(error.httpCode) === '404') {
				gone.push(batchId);
				continue;
			}
			throw error;
		}
	}

	const { emit, state } = takeFinishedBatches(
		previous,
		scope,
		[...listed, ...rechecked],
		now,
		cutoff,
		gone,
	);
	staticData[STATE_FIELD] = state as unknown as IDataObject;
	return emit.map((batch) => batchOutput(batch, simplify));
}

import type {
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	INodeProperties,
} from 'n8n-workflow';
import type { NodeApiError, NodeOperationError } from 'n8n-workflow';

import type { BatchResult } from '../batches/batchResult';
import type { PlannedBatch } from './batching';
import {
	DEFAULT_BATCH_SIZE,
	DEFAULT_HISTORY_SIZE,
	DEFAULT_PARALLEL_REQUESTS,
	DEFAULT_POLL_INTERVAL_SECONDS,
	DEFAULT_WAIT_TIMEOUT_SECONDS,
	MAX_PARALLEL_REQUESTS,
} from './defaults';
import type { RecordOutcome } from '../batches/recordOutcomes';
import type { RunMemory } from '../memory/runMemory';
import type { PreparedRecords } from '../records/values';
import { DEFAULT_REQUEST_TIMEOUT_MS, RequestPacing } from '../transport';

/**
 * What one run of a Create operation carries from step to step: the record kind, the settings, the
 * records read from the items and the items that failed so far.
 */

/** What differs between payments, invoices and corrections; the engine does the rest alike. */
export interface RecordKind<R> {
	/** e.g. 'payment' */
	singular: string;
	/** e.g. 'Payment': the resource's name in the Amili node */
	title: string;
	/** e.g. 'payments': the body's list field, the path below the organization and the message wording */
	plural: string;
	/** The field naming a record in messages and outputs, e.g. uniqueSourcePaymentId. */
	keyField: string;
	keyOf(record: R): string | undefined;
	/** The JSON mapping mode's parameter (the one the description shows), and an object to cite in errors. */
	jsonParameter: Pick<INodeProperties, 'name' | 'displayName'>;
	jsonExample: string;
	/** Map Each Field: which node parameter gives which Amili field (the ones the description shows). */
	fieldParameters: ReadonlyArray<{ field: string; property: Pick<INodeProperties, 'name'> }>;
	prepare(sources: ReadonlyArray<Record<string, unknown> | undefined>): PreparedRecords<R>;
	/** The request body for one batch of one organization. */
	body(organizationId: string, records: R[]): IDataObject;
	/** Each submitted record's fate in the finished batch, in submission order. */
	outcomes(batch: BatchResult, submitted: R[]): RecordOutcome[];
}

export interface Settings {
	batchSize: number;
	output: 'batches' | 'items';
	timeout: number;
	waitForResult: boolean;
	/** Seconds, as the user sets them. */
	waitTimeout: number;
	pollInterval: number;
	/** Requests (posts, or reads of batches) in flight at once. */
	parallelRequests: number;
	/** Never twice across runs: remember what this workflow sent, skip it later. */
	skipSentBefore: boolean;
	/** The most records that memory holds, the oldest forgotten first. */
	historySize: number;
}

/** An input item the node could not use, with the reason. */
export interface ItemFailure {
	error: NodeApiError | NodeOperationError;
	details: IDataObject;
}

export interface AcceptedBatch {
	batchId: string;
	batchUrl: string | null;
	status: string | null;
}

export type Accepted = Array<{ batch: PlannedBatch; result: AcceptedBatch }>;

export interface Run<R> {
	context: IExecuteFunctions;
	kind: RecordKind<R>;
	items: INodeExecutionData[];
	settings: Settings;
	continueOnFail: boolean;
	/** Per input item: its record, undefined where the item failed before sending. */
	records: Array<R | undefined>;
	/** Item index → why the item has no outcome; every step may add to it. */
	failures: Map<number, ItemFailure>;
	/** The pause all the run's requests share, when several are in flight. */
	pacing: RequestPacing | undefined;
	/** The workflow's memory of sent records, with Skip Sent Before on (memory/runMemory.ts). */
	memory?: RunMemory;
	/** Why Skip Sent Before is on but the run has no memory. */
	memoryUnavailable?: string;
}

export function readSettings(context: IExecuteFunctions): Settings {
	const options = context.getNodeParameter('options', 0, {}) as Partial<Settings>;
	const fromVersion2 = context.getNode().typeVersion >= 2;
	return {
		batchSize: Math.max(1, Math.floor(options.batchSize ?? DEFAULT_BATCH_SIZE)),
		output: options.output === 'items' ? 'items' : 'batches',
		timeout: options.timeout ?? DEFAULT_REQUEST_TIMEOUT_MS,
		waitForResult: options.waitForResult === true,
		waitTimeout: options.waitTimeout ?? DEFAULT_WAIT_TIMEOUT_SECONDS,
		pollInterval: options.pollInterval ?? DEFAULT_POLL_INTERVAL_SECONDS,
		// Version 1 sends one request at a time, as it did before the option existed.
		parallelRequests: Math.min(
			MAX_PARALLEL_REQUESTS,
			Math.max(
				1,
				Math.floor(options.parallelRequests ?? (fromVersion2 ? DEFAULT_PARALLEL_REQUESTS : 1)),
			),
		),
		// Version 1 sends what it is given, as before, unless the user turns the memory on.
		skipSentBefore: options.skipSentBefore ?? fromVersion2,
		historySize: Math.max(1, Math.floor(options.historySize ?? DEFAULT_HISTORY_SIZE)),
	};
}

/** A shared pause only where requests share the wire: one at a time, each waits its own. */
export function pacingFor(settings: Settings): RequestPacing | undefined {
	return settings.parallelRequests > 1 ? new RequestPacing() : undefined;
}

/**
 * The "do not send again" list an error carries, so a rerun does not duplicate accepted batches;
 * with the memory on, a rerun skips them by itself.
 */
export function describeAccepted<R>(run: Run<R>, accepted: Accepted): string {
	if (accepted.length === 0) return 'No batch of this run was accepted by Amili before this error.';
	const list = accepted
		.map(({ batch, result }) => `${result.batchId} (items ${itemRange(batch)})`)
		.join(', ');
	if (run.memory)
		return `Already accepted by Amili in this run: ${list}. This workflow remembers their ${run.kind.plural}: running it again, or n8n's Retry, does not send them again.`;
	return `Already accepted by Amili in this run, do not send again: ${list}.`;
}

/** A batch's items as a message names them, e.g. "4–5". */
export function itemRange({ itemIndexes }: PlannedBatch): string {
	const first = itemIndexes[0];
	const last = itemIndexes[itemIndexes.length - 1];
	return `${first}${last !== first ? `–${last}` : ''}`;
}

/** Sentences joined into one error description, empty ones left out. */
export function joinDescription(...parts: Array<string | null | undefined>): string {
	return parts.filter(Boolean).join(' ');
}

/** IDs for a message: at most 20, then how many more. */
export function listIds(ids: ReadonlyArray<string | undefined>): string {
	const more =
		ids.length > MAX_IDS_IN_MESSAGE ? ` and ${ids.length - MAX_IDS_IN_MESSAGE} more` : '';
	return `${ids.slice(0, MAX_IDS_IN_MESSAGE).join(', ')}${more}`;
}

const MAX_IDS_IN_MESSAGE = 20;

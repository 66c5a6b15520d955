import type {
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	INodeProperties,
} from 'n8n-workflow';
import type { NodeApiError, NodeOperationError } from 'n8n-workflow';

import type { BatchResult } from '../batches/batchResult';
import type { PlannedBatch } from './batching';
import type { RecordOutcome } from '../batches/recordOutcomes';
import type { RunMemory } from '../memory/runMemory';
import type { PreparedRecords } from '../records/values';
import type { RequestPacing } from '../transport';

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
	/**
	 * The fields that identify a record across runs (memory/memoryKeys.ts): for a payment its
	 * uniqueSourcePaymentId; none where Amili's schema has no such field (its whole content then).
	 */
	identityFields: readonly string[];
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

/** A Create run's Options (create/settings.ts), each name with its unit. */
export interface Settings {
	batchSize: number;
	output: 'batches' | 'items';
	requestTimeoutMs: number;
	waitForResult: boolean;
	waitTimeoutSeconds: number;
	pollIntervalSeconds: number;
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
	/** Item index → the earlier item of this run it repeats exactly: that record, not sent twice. */
	twins: Map<number, number>;
	/** The pause all the run's requests share, when several are in flight. */
	pacing: RequestPacing | undefined;
	/** The workflow's memory of sent records, with Skip Sent Before on (memory/runMemory.ts). */
	memory?: RunMemory;
}

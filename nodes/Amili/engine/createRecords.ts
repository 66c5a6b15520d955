import type { IDataObject, IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { NodeApiError, NodeOperationError } from 'n8n-workflow';

import type { BatchResult } from './batchResult';
import { planBatches, type PlannedBatch } from './batching';
import type { RecordOutcome } from './outcomes';
import { parameterReader } from './parameters';
import { ORGANIZATION_ID_FIX, organizationId } from '../records/references';
import { describeProblems, type PreparedRecords } from '../records/values';
import { DEFAULT_WAIT, waitForBatch } from './waitForBatch';
import { amiliApiError, amiliApiRequest, outcomeOf } from '../transport';

/**
 * The one implementation of the asynchronous Create operations (payments, invoices, corrections):
 * items are read in the chosen mapping mode, validated before anything is sent, grouped by
 * organization into requests of Batch Size, and each 202 Accepted yields the batch Amili created.
 * Every input item ends in exactly one place (an accepted batch or an error item paired to it), and
 * a request whose outcome is unknown is reported, never re-sent. A record kind supplies only what
 * differs: names, validation, the request body and how batch results match back to records.
 */

export const DEFAULT_BATCH_SIZE = 1000;

const MAX_IDS_IN_MESSAGE = 20;

export interface RecordKind<R> {
	/** e.g. 'payment' */
	singular: string;
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

interface Settings {
	batchSize: number;
	output: 'batches' | 'items';
	timeout: number;
	waitForResult: boolean;
	/** Seconds, as the user sets them. */
	waitTimeout: number;
	pollInterval: number;
}

/** An input item the node could not use, with the reason. */
interface ItemFailure {
	error: NodeApiError | NodeOperationError;
	details: IDataObject;
}

interface AcceptedBatch {
	batchId: string;
	batchUrl: string | null;
	status: string | null;
}

type Accepted = Array<{ batch: PlannedBatch; result: AcceptedBatch }>;

function errorItem(itemIndex: number, failure: ItemFailure): INodeExecutionData {
	const { error, details } = failure;
	// Only `error` and `details`: n8n then routes the item to the error output (Continue using error
	// output) and shows it merged with the input item it came from.
	return {
		json: { error: error.message, details: { ...(error.description && { description: error.description }), ...details } },
		pairedItem: { item: itemIndex },
	};
}

/** Each item's fields, as the chosen mapping mode gives them; a failure where it cannot. */
function readSources<R>(
	context: IExecuteFunctions,
	kind: RecordKind<R>,
	items: INodeExecutionData[],
	failures: Map<number, ItemFailure>,
): Array<Record<string, unknown> | undefined> {
	const mappingMode = context.getNodeParameter('mappingMode', 0, 'autoMapInputData') as string;
	if (mappingMode === 'autoMapInputData') return items.map((item) => item.json);

	const readOne = (itemIndex: number, read: () => Record<string, unknown> | undefined) => {
		try {
			return read();
		} catch (error) {
			failures.set(itemIndex, {
				error: new NodeOperationError(context.getNode(), error as Error, { itemIndex }),
				details: { item: itemIndex },
			});
			return undefined;
		}
	};

	if (mappingMode === 'json') {
		const { name, displayName } = kind.jsonParameter;
		const readJson = parameterReader<unknown>(context, name, '');
		return items.map((_, itemIndex) =>
			readOne(itemIndex, () => {
				let value = readJson(itemIndex);
				if (typeof value === 'string') {
					try {
						value = JSON.parse(value);
					} catch {
						throw new NodeOperationError(context.getNode(), `Item ${itemIndex}: ${displayName} is not valid JSON`, {
							itemIndex,
							description: 'Check the quotes and commas; text values need double quotes, numbers none.',
						});
					}
				}
				if (typeof value !== 'object' || value === null || Array.isArray(value)) {
					throw new NodeOperationError(context.getNode(), `Item ${itemIndex}: ${displayName} must be one object`, {
						itemIndex,
						description: `Give one ${kind.singular} object per item, e.g. ${kind.jsonExample}.`,
					});
				}
				return value as Record<string, unknown>;
			}),
		);
	}

	const readers = kind.fieldParameters.map(({ field, property }) => ({
		field,
		read: parameterReader<unknown>(context, property.name, ''),
	}));
	return items.map((_, itemIndex) =>
		readOne(itemIndex, () => {
			const source: Record<string, unknown> = {};
			for (const { field, read } of readers) source[field] = read(itemIndex);
			return source;
		}),
	);
}

function readOrganizationIds(
	context: IExecuteFunctions,
	count: number,
	failures: Map<number, ItemFailure>,
): Array<string | undefined> {
	const read = parameterReader<unknown>(context, 'organizationId', '');
	const ids = new Array<string | undefined>(count);
	for (let itemIndex = 0; itemIndex < count; itemIndex++) {
		if (failures.has(itemIndex)) continue;
		const reference = organizationId(read(itemIndex));
		if ('id' in reference) {
			ids[itemIndex] = reference.id;
			continue;
		}
		failures.set(itemIndex, {
			error: new NodeOperationError(context.getNode(), `Item ${itemIndex}: ${reference.problem}`, {
				itemIndex,
				description: ORGANIZATION_ID_FIX,
			}),
			details: { item: itemIndex, field: 'organizationId' },
		});
	}
	return ids;
}

async function postBatch<R>(
	context: IExecuteFunctions,
	kind: RecordKind<R>,
	batch: PlannedBatch,
	records: Array<R | undefined>,
	settings: Settings,
): Promise<AcceptedBatch> {
	const { body } = await amiliApiRequest.call(context, {
		method: 'POST',
		path: `/orgs/${batch.organizationId}/${kind.plural}`,
		body: kind.body(
			batch.organizationId,
			batch.itemIndexes.map((itemIndex) => records[itemIndex] as R),
		),
		repeatable: false,
		timeout: settings.timeout,
	});
	const answer = (typeof body === 'object' && body !== null ? body : {}) as {
		summary?: { status?: unknown };
		data?: { batchId?: unknown; batchUrl?: unknown };
	};
	const batchId = answer.data?.batchId;
	if (typeof batchId !== 'string' || batchId === '') {
		throw amiliApiError(context, {
			message: `Amili accepted the ${kind.plural} (HTTP 2xx) but its answer names no batch`,
			description: `The ${kind.plural} are most likely registered. Do not send them again: find them at Amili by ${kind.keyField}.`,
			outcome: 'accepted',
		});
	}
	const batchUrl = answer.data?.batchUrl;
	const status = answer.summary?.status;
	return {
		batchId,
		batchUrl: typeof batchUrl === 'string' ? batchUrl : null,
		status: typeof status === 'string' ? status : null,
	};
}

/** The "do not send again" list an error carries, so a rerun does not duplicate accepted batches. */
function describeAccepted(accepted: Accepted): string {
	if (accepted.length === 0) return 'No batch of this run was accepted by Amili before this error.';
	const list = accepted
		.map(({ batch, result }) => {
			const first = batch.itemIndexes[0];
			const last = batch.itemIndexes[batch.itemIndexes.length - 1];
			return `${result.batchId} (items ${first}${last !== first ? `–${last}` : ''})`;
		})
		.join(', ');
	return `Already accepted by Amili in this run, do not send again: ${list}.`;
}

function describeUnknown<R>(kind: RecordKind<R>, batch: PlannedBatch, records: Array<R | undefined>): string {
	const ids = batch.itemIndexes.map((itemIndex) => {
		const record = records[itemIndex];
		return record === undefined ? undefined : kind.keyOf(record);
	});
	const shown = ids.slice(0, MAX_IDS_IN_MESSAGE).join(', ');
	const more = ids.length > MAX_IDS_IN_MESSAGE ? ` and ${ids.length - MAX_IDS_IN_MESSAGE} more` : '';
	return `The ${kind.keyField}s to check at Amili: ${shown}${more}.`;
}

function readSettings(context: IExecuteFunctions): Settings {
	const options = context.getNodeParameter('options', 0, {}) as Partial<Settings>;
	return {
		batchSize: Math.max(1, Math.floor(options.batchSize ?? DEFAULT_BATCH_SIZE)),
		output: options.output === 'items' ? 'items' : 'batches',
		timeout: options.timeout ?? 60_000,
		waitForResult: options.waitForResult === true,
		waitTimeout: options.waitTimeout ?? DEFAULT_WAIT.timeoutMs / 1000,
		pollInterval: options.pollInterval ?? DEFAULT_WAIT.intervalMs / 1000,
	};
}

export async function createRecords<R>(
	this: IExecuteFunctions,
	kind: RecordKind<R>,
): Promise<INodeExecutionData[]> {
	const items = this.getInputData();
	const continueOnFail = this.continueOnFail();
	const settings = readSettings(this);

	const failures = new Map<number, ItemFailure>();
	const sources = readSources(this, kind, items, failures);
	const { records, problems } = kind.prepare(sources);
	for (const [itemIndex, itemProblems] of problems) {
		failures.set(itemIndex, {
			error: new NodeOperationError(this.getNode(), describeProblems(itemIndex, itemProblems), { itemIndex }),
			details: { item: itemIndex, fields: itemProblems.map(({ field }) => field) },
		});
	}
	const organizationIds = readOrganizationIds(this, items.length, failures);

	if (failures.size > 0 && !continueOnFail) {
		const [itemIndex, { error }] = [...failures].sort(([a], [b]) => a - b)[0];
		const others = failures.size - 1;
		error.description = [
			error.description,
			others > 0 ? `${others} more item${others === 1 ? ' has' : 's have'} problems too.` : '',
			'Nothing was sent to Amili. Fix the input, or turn on Continue On Fail to send the valid items and get the others as error items.',
		]
			.filter(Boolean)
			.join(' ');
		error.context.itemIndex = itemIndex;
		throw error;
	}

	const sendable = organizationIds.map((id, itemIndex) => (failures.has(itemIndex) ? undefined : id));
	const batches = planBatches(sendable, settings.batchSize);
	const accepted: Accepted = [];
	const batchOfItem = new Map<number, AcceptedBatch>();

	for (const batch of batches) {
		try {
			const result = await postBatch(this, kind, batch, records, settings);
			accepted.push({ batch, result });
			for (const itemIndex of batch.itemIndexes) batchOfItem.set(itemIndex, result);
		} catch (caught) {
			const error =
				caught instanceof NodeApiError || caught instanceof NodeOperationError
					? caught
					: new NodeOperationError(this.getNode(), caught as Error);
			if (!continueOnFail) {
				error.description = [
					error.description,
					outcomeOf(error) === 'unknown' ? describeUnknown(kind, batch, records) : '',
					describeAccepted(accepted),
				]
					.filter(Boolean)
					.join(' ');
				error.context.itemIndex = batch.itemIndexes[0];
				throw error;
			}
			const outcome = outcomeOf(error) ?? 'unknown';
			for (const itemIndex of batch.itemIndexes) {
				const record = records[itemIndex];
				failures.set(itemIndex, {
					error,
					details: {
						item: itemIndex,
						outcome,
						organizationId: batch.organizationId,
						[kind.keyField]: record === undefined ? undefined : kind.keyOf(record),
					},
				});
			}
		}
	}

	const outcomeOfItem = settings.waitForResult
		? await waitForOutcomes(this, kind, accepted, records, settings, failures, continueOnFail)
		: undefined;

	const output: INodeExecutionData[] = [];
	if (settings.output === 'items' || outcomeOfItem) {
		items.forEach((item, itemIndex) => {
			const failure = failures.get(itemIndex);
			if (failure) {
				output.push(errorItem(itemIndex, failure));
				return;
			}
			const result = batchOfItem.get(itemIndex) as AcceptedBatch;
			const outcome = outcomeOfItem?.get(itemIndex);
			output.push({
				json: {
					...(settings.output === 'items' ? item.json : (records[itemIndex] as IDataObject)),
					...outcome?.details,
					batchId: result.batchId,
					batchUrl: result.batchUrl,
					batchStatus: outcome?.batchStatus ?? result.status,
					...(outcome && { failed: outcome.failed, ...(outcome.reason && { reason: outcome.reason }) }),
				},
				pairedItem: { item: itemIndex },
			});
		});
		return output;
	}
	for (const { batch, result } of accepted) {
		output.push({
			json: {
				batchId: result.batchId,
				batchUrl: result.batchUrl,
				status: result.status,
				organizationId: batch.organizationId,
				[`${kind.singular}Count`]: batch.itemIndexes.length,
				[`${kind.keyField}s`]: batch.itemIndexes.map((itemIndex) => kind.keyOf(records[itemIndex] as R) ?? null),
			},
			pairedItem: batch.itemIndexes.map((item) => ({ item })),
		});
	}
	for (const itemIndex of [...failures.keys()].sort((a, b) => a - b)) {
		output.push(errorItem(itemIndex, failures.get(itemIndex) as ItemFailure));
	}
	return output;
}

/**
 * Wait for Batch Result: every batch is posted first (Amili processes them meanwhile), then each is
 * read until final and its records matched back to their items.
 */
async function waitForOutcomes<R>(
	context: IExecuteFunctions,
	kind: RecordKind<R>,
	accepted: Accepted,
	records: Array<R | undefined>,
	settings: Settings,
	failures: Map<number, ItemFailure>,
	continueOnFail: boolean,
): Promise<Map<number, RecordOutcome & { batchStatus: string }>> {
	const outcomes = new Map<number, RecordOutcome & { batchStatus: string }>();
	for (const { batch, result } of accepted) {
		let batchResult;
		try {
			batchResult = await waitForBatch.call(context, batch.organizationId, result.batchId, {
				intervalMs: settings.pollInterval * 1000,
				timeoutMs: settings.waitTimeout * 1000,
			});
		} catch (caught) {
			const error = caught as NodeApiError;
			if (!continueOnFail) {
				error.description = [error.description, describeAccepted(accepted)].filter(Boolean).join(' ');
				throw error;
			}
			for (const itemIndex of batch.itemIndexes) {
				failures.set(itemIndex, {
					error,
					details: { item: itemIndex, outcome: outcomeOf(error) ?? 'accepted', batchId: result.batchId },
				});
			}
			continue;
		}
		const submitted = batch.itemIndexes.map((itemIndex) => records[itemIndex] as R);
		kind.outcomes(batchResult, submitted).forEach((outcome, position) => {
			outcomes.set(batch.itemIndexes[position], { ...outcome, batchStatus: batchResult.status });
		});
	}
	return outcomes;
}

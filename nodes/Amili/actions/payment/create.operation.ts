import type {
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	INodeProperties,
} from 'n8n-workflow';
import { NodeApiError, NodeOperationError } from 'n8n-workflow';

import { paymentOutcomes, type PaymentOutcome } from '../../helpers/batchResult';
import { planBatches, type PlannedBatch } from '../../helpers/batching';
import { parameterReader } from '../../helpers/parameters';
import {
	describeProblems,
	type AmiliPayment,
	type PaymentField,
	preparePayments,
} from '../../helpers/payments';
import { DEFAULT_WAIT, waitForBatch } from '../../helpers/waitForBatch';
import { amiliApiError, amiliApiRequest, outcomeOf } from '../../transport';

/**
 * Payment → Create: input items become the `payments[]` of `POST /orgs/{orgId}/payments`, sent in
 * batches; each 202 Accepted yields the batch Amili created. Shared by the Amili Payment node and
 * the Amili node, so both always behave the same.
 */

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
export const DEFAULT_BATCH_SIZE = 1000;

const show = (mappingMode: string) => ({ show: { mappingMode: [mappingMode] } });

/** Map Each Field: one parameter per Amili field; `type` is named paymentType in the UI. */
const FIELD_PARAMETERS: ReadonlyArray<{ field: PaymentField; property: INodeProperties }> = [
	{
		field: 'invoiceId',
		property: {
			displayName: 'Invoice ID',
			name: 'invoiceId',
			type: 'string',
			default: '',
			description: 'Amili\'s ID of the invoice paid. Give this or the invoice number.',
		},
	},
	{
		field: 'invoiceNumber',
		property: {
			displayName: 'Invoice Number',
			name: 'invoiceNumber',
			type: 'string',
			default: '={{ $json.invoiceNumber }}',
			description: 'Your number of the invoice paid. Give this or the invoice ID.',
		},
	},
	{
		field: 'uniqueSourcePaymentId',
		property: {
			displayName: 'Unique Source Payment ID',
			name: 'uniqueSourcePaymentId',
			type: 'string',
			default: '={{ $json.uniqueSourcePaymentId }}',
			required: true,
			description:
				'The ID your own system knows the payment by (bank transaction or ledger entry). Must be unique; it keeps a payment from being registered twice.',
		},
	},
	{
		field: 'type',
		property: {
			displayName: 'Payment Type',
			name: 'paymentType',
			type: 'string',
			default: '',
			placeholder: 'e.g. DIRECT_PAYMENT',
			description: 'Leave empty unless Amili told you which type to use',
		},
	},
	{
		field: 'amount',
		property: {
			displayName: 'Amount',
			name: 'amount',
			type: 'string',
			default: '={{ $json.amount }}',
			required: true,
			placeholder: 'e.g. 1250.50',
			description: 'Amount paid, greater than 0, with a dot for decimals',
		},
	},
	{
		field: 'currency',
		property: {
			displayName: 'Currency',
			name: 'currency',
			type: 'string',
			default: 'NOK',
			required: true,
			description: 'Three-letter ISO 4217 code, e.g. NOK',
		},
	},
	{
		field: 'date',
		property: {
			displayName: 'Payment Date',
			name: 'date',
			type: 'string',
			default: '={{ $json.date }}',
			required: true,
			placeholder: 'e.g. 2025-03-09T14:30:00Z',
			description: 'When the payment was made: ISO 8601 with a time zone, or a date alone (YYYY-MM-DD)',
		},
	},
	{
		field: 'description',
		property: {
			displayName: 'Description',
			name: 'description',
			type: 'string',
			default: '',
		},
	},
];

/** The operation's own fields; Organization ID and Authentication are the node's, shared by all. */
export const properties: INodeProperties[] = [
	{
		displayName: 'Map Payment Fields',
		name: 'mappingMode',
		type: 'options',
		noDataExpression: true,
		options: [
			{
				name: 'Map Automatically',
				value: 'autoMapInputData',
				description: 'Input fields already carry Amili\'s names (amount, currency, date, …)',
			},
			{
				name: 'Map Each Field',
				value: 'defineBelow',
				description: 'Set each payment field, with an expression where it comes from the input',
			},
			{
				name: 'JSON',
				value: 'json',
				description: 'Build the whole payment object with an expression',
			},
		],
		default: 'autoMapInputData',
	},
	{
		displayName:
			'Each input item needs the fields uniqueSourcePaymentId, invoiceId or invoiceNumber, amount, currency and date; type and description are optional. Other fields are ignored. Rename fields with an Edit Fields (Set) node before this one, or choose Map Each Field.',
		name: 'autoMapNotice',
		type: 'notice',
		default: '',
		displayOptions: show('autoMapInputData'),
	},
	...FIELD_PARAMETERS.map(({ property }) => ({ ...property, displayOptions: show('defineBelow') })),
	{
		displayName: 'Payment (JSON)',
		name: 'paymentJson',
		type: 'json',
		default:
			'{\n  "invoiceNumber": "{{ $json.invoiceNumber }}",\n  "uniqueSourcePaymentId": "{{ $json.uniqueSourcePaymentId }}",\n  "amount": {{ $json.amount }},\n  "currency": "NOK",\n  "date": "{{ $json.date }}"\n}',
		required: true,
		description: 'One payment object per input item, with Amili\'s field names',
		displayOptions: show('json'),
	},
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		options: [
			{
				displayName: 'Batch Size',
				name: 'batchSize',
				type: 'number',
				typeOptions: { minValue: 1 },
				default: DEFAULT_BATCH_SIZE,
				description:
					'Most payments sent in one request. Amili does not document a limit; fewer, larger requests are faster.',
			},
			{
				displayName: 'Output',
				name: 'output',
				type: 'options',
				options: [
					{
						name: 'One Item per Batch',
						value: 'batches',
						description: 'The batch Amili created, with the uniqueSourcePaymentIds it carries',
					},
					{
						name: 'Each Input Item',
						value: 'items',
						description: 'Every input item, with batchId, batchUrl and batchStatus added',
					},
				],
				default: 'batches',
			},
			{
				displayName: 'Poll Interval (Seconds)',
				name: 'pollInterval',
				type: 'number',
				typeOptions: { minValue: 0.1, numberPrecision: 1 },
				default: 2,
				description: 'With Wait for Batch Result: pause between two reads of a batch',
			},
			{
				displayName: 'Request Timeout (Ms)',
				name: 'timeout',
				type: 'number',
				typeOptions: { minValue: 1 },
				default: 60000,
				description:
					'How long to wait for Amili to answer a request. A request that times out is reported as "outcome unknown", never sent again.',
			},
			{
				displayName: 'Wait for Batch Result',
				name: 'waitForResult',
				type: 'boolean',
				default: false,
				description:
					'Whether to wait until Amili has processed each batch and output every payment with its outcome: failed (true or false) and Amili\'s reason',
			},
			{
				displayName: 'Wait Timeout (Seconds)',
				name: 'waitTimeout',
				type: 'number',
				typeOptions: { minValue: 1 },
				default: 300,
				description: 'With Wait for Batch Result: longest time to wait for a batch to be processed',
			},
		],
	},
];

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

function errorItem(itemIndex: number, failure: ItemFailure): INodeExecutionData {
	const { error, details } = failure;
	return {
		json: { error: error.message, ...(error.description && { description: error.description }), ...details },
		error,
		pairedItem: { item: itemIndex },
	};
}

/** Each item's payment fields, as the chosen mapping mode gives them; a failure where it cannot. */
function readSources(
	context: IExecuteFunctions,
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
		const readJson = parameterReader<unknown>(context, 'paymentJson', '');
		return items.map((_, itemIndex) =>
			readOne(itemIndex, () => {
				let value = readJson(itemIndex);
				if (typeof value === 'string') {
					try {
						value = JSON.parse(value);
					} catch {
						throw new NodeOperationError(context.getNode(), `Item ${itemIndex}: Payment (JSON) is not valid JSON`, {
							itemIndex,
							description: 'Check the quotes and commas; text values need double quotes, numbers none.',
						});
					}
				}
				if (typeof value !== 'object' || value === null || Array.isArray(value)) {
					throw new NodeOperationError(context.getNode(), `Item ${itemIndex}: Payment (JSON) must be one object`, {
						itemIndex,
						description: 'Give one payment object per item, e.g. { "amount": 100, ... }.',
					});
				}
				return value as Record<string, unknown>;
			}),
		);
	}

	const readers = FIELD_PARAMETERS.map(({ field, property }) => ({
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
		const value = read(itemIndex);
		const id = typeof value === 'string' ? value.trim() : '';
		if (UUID.test(id)) {
			ids[itemIndex] = id;
			continue;
		}
		failures.set(itemIndex, {
			error: new NodeOperationError(
				context.getNode(),
				`Item ${itemIndex}: Organization ID ${JSON.stringify(String(value ?? ''))} is not a UUID`,
				{
					itemIndex,
					description:
						'Give your organization\'s ID at Amili, e.g. 7bc05553-4b68-44e8-b7bc-37be63c6d9e9 (Amili shows it in its portal and in batchUrl links).',
				},
			),
			details: { item: itemIndex, field: 'organizationId' },
		});
	}
	return ids;
}

interface AcceptedBatch {
	batchId: string;
	batchUrl: string | null;
	status: string | null;
}

async function postBatch(
	context: IExecuteFunctions,
	batch: PlannedBatch,
	payments: Array<AmiliPayment | undefined>,
	settings: Settings,
): Promise<AcceptedBatch> {
	const { body } = await amiliApiRequest.call(context, {
		method: 'POST',
		path: `/orgs/${batch.organizationId}/payments`,
		body: {
			organizationId: batch.organizationId,
			payments: batch.itemIndexes.map((itemIndex) => payments[itemIndex] as unknown as IDataObject),
		},
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
			message: 'Amili accepted the payments (HTTP 2xx) but its answer names no batch',
			description:
				'The payments are most likely registered. Do not send them again: find them at Amili by uniqueSourcePaymentId.',
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

function describeAccepted(accepted: Array<{ batch: PlannedBatch; result: AcceptedBatch }>): string {
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

const MAX_IDS_IN_MESSAGE = 20;

function describeUnknown(batch: PlannedBatch, payments: Array<AmiliPayment | undefined>): string {
	const ids = batch.itemIndexes.map((itemIndex) => payments[itemIndex]?.uniqueSourcePaymentId);
	const shown = ids.slice(0, MAX_IDS_IN_MESSAGE).join(', ');
	const more = ids.length > MAX_IDS_IN_MESSAGE ? ` and ${ids.length - MAX_IDS_IN_MESSAGE} more` : '';
	return `The uniqueSourcePaymentIds to check at Amili: ${shown}${more}.`;
}

export async function execute(this: IExecuteFunctions): Promise<INodeExecutionData[]> {
	const items = this.getInputData();
	const continueOnFail = this.continueOnFail();
	const options = this.getNodeParameter('options', 0, {}) as Partial<Settings>;
	const settings: Settings = {
		batchSize: Math.max(1, Math.floor(options.batchSize ?? DEFAULT_BATCH_SIZE)),
		output: options.output === 'items' ? 'items' : 'batches',
		timeout: options.timeout ?? 60_000,
		waitForResult: options.waitForResult === true,
		waitTimeout: options.waitTimeout ?? DEFAULT_WAIT.timeoutMs / 1000,
		pollInterval: options.pollInterval ?? DEFAULT_WAIT.intervalMs / 1000,
	};

	const failures = new Map<number, ItemFailure>();
	const sources = readSources(this, items, failures);
	const { payments, problems } = preparePayments(sources);
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
	const accepted: Array<{ batch: PlannedBatch; result: AcceptedBatch }> = [];
	const batchOfItem = new Map<number, AcceptedBatch>();

	for (const batch of batches) {
		try {
			const result = await postBatch(this, batch, payments, settings);
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
					outcomeOf(error) === 'unknown' ? describeUnknown(batch, payments) : '',
					describeAccepted(accepted),
				]
					.filter(Boolean)
					.join(' ');
				error.context.itemIndex = batch.itemIndexes[0];
				throw error;
			}
			const outcome = outcomeOf(error) ?? 'unknown';
			for (const itemIndex of batch.itemIndexes) {
				failures.set(itemIndex, {
					error,
					details: {
						item: itemIndex,
						outcome,
						organizationId: batch.organizationId,
						uniqueSourcePaymentId: payments[itemIndex]?.uniqueSourcePaymentId,
					},
				});
			}
		}
	}

	const outcomeOfItem = settings.waitForResult
		? await waitForOutcomes(this, accepted, payments, settings, failures, continueOnFail)
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
					...(settings.output === 'items' ? item.json : (payments[itemIndex] as unknown as IDataObject)),
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
				paymentCount: batch.itemIndexes.length,
				uniqueSourcePaymentIds: batch.itemIndexes.map(
					(itemIndex) => (payments[itemIndex] as AmiliPayment).uniqueSourcePaymentId,
				),
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
 * read until final and its payments matched back to their items.
 */
async function waitForOutcomes(
	context: IExecuteFunctions,
	accepted: Array<{ batch: PlannedBatch; result: AcceptedBatch }>,
	payments: Array<AmiliPayment | undefined>,
	settings: Settings,
	failures: Map<number, ItemFailure>,
	continueOnFail: boolean,
): Promise<Map<number, PaymentOutcome & { batchStatus: string }>> {
	const outcomes = new Map<number, PaymentOutcome & { batchStatus: string }>();
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
		const submitted = batch.itemIndexes.map((itemIndex) => payments[itemIndex] as AmiliPayment);
		paymentOutcomes(batchResult, submitted).forEach((outcome, position) => {
			outcomes.set(batch.itemIndexes[position], { ...outcome, batchStatus: batchResult.status });
		});
	}
	return outcomes;
}

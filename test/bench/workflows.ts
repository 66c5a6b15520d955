/**
 * The benchmark's workflows, side by side. Every one starts the same way — Manual Trigger → a Code
 * node that generates N paid invoices in n8n (nothing read from disk) — and differs only in how the
 * payments reach Amili. Items carry one field no payment has (`erpField`), as real exports do, so
 * every way has to pick the six payment fields.
 */
import {
	amiliPayment,
	chain,
	code,
	manualTrigger,
	workflow,
	type CredentialRef,
	type JsonObject,
	type NodeInput,
	type WorkflowJson,
} from '../harness/workflow';
import { PAYMENT_FIELDS as ALL_PAYMENT_FIELDS } from '../../nodes/Amili/records/payments';

export const GENERATE = 'Generate payments';

/** The payment fields the hand-built ways copy (what Map Automatically reads). */
const PAYMENT_FIELDS = [
	'invoiceNumber',
	'uniqueSourcePaymentId',
	'amount',
	'currency',
	'date',
	'description',
];

export type WorkflowKind =
	'baseline' | 'amili' | 'amiliMapEach' | 'setExpressions' | 'httpPerItem' | 'codeChunks';

export interface BenchWorkflow {
	kind: WorkflowKind;
	/** Short label for the table. */
	label: string;
	workflow: WorkflowJson;
	/** The nodes whose engine time (n8n's executionTime) is "the posting": all but trigger and generator. */
	postingNodes: string[];
}

/** The uniqueSourcePaymentId of item i of a run: a run's IDs are its own, so the simulator check is exact. */
export const paymentId = (prefix: string, i: number): string => `${prefix}-${i}`;

/** A Code node emitting `count` valid paid invoices, built in the workflow. */
export function generator(count: number, prefix: string): NodeInput {
	return code(
		GENERATE,
		`const out = new Array(${count});
for (let i = 0; i < ${count}; i++) {
	out[i] = { json: {
		invoiceNumber: 'INV-' + (100000 + i),
		uniqueSourcePaymentId: ${JSON.stringify(prefix)} + '-' + i,
		amount: 100 + (i % 50) + 0.25,
		currency: 'NOK',
		date: '2025-03-09T14:30:00Z',
		description: 'Paid via bank',
		erpField: 'not a payment field',
	} };
}
return out;`,
	);
}

export interface Endpoints {
	apiBaseUrl: string;
	organizationId: string;
	/** The amiliOAuth2Api credential (Amili Payment node). */
	amiliCredential: CredentialRef & { type: string };
	/** An httpBearerAuth credential holding a simulator token (HTTP Request node). */
	bearerCredential: CredentialRef;
}

function httpRequest(
	name: string,
	url: string,
	jsonBody: string,
	bearer: CredentialRef,
): NodeInput {
	return {
		name,
		type: 'n8n-nodes-base.httpRequest',
		typeVersion: 4.2,
		parameters: {
			method: 'POST',
			url,
			authentication: 'genericCredentialType',
			genericAuthType: 'httpBearerAuth',
			sendBody: true,
			contentType: 'json',
			specifyBody: 'json',
			jsonBody,
			options: {},
		},
		credentials: { httpBearerAuth: { id: bearer.id, name: bearer.name } },
	};
}

export function baseline(count: number, prefix: string): BenchWorkflow {
	return {
		kind: 'baseline',
		label: '(0) n8n alone (generate only)',
		workflow: workflow({
			name: `bench baseline ${count}`,
			nodes: [manualTrigger(), generator(count, prefix)],
			connections: chain('Start', GENERATE),
		}),
		postingNodes: [],
	};
}

export function amiliNode(
	count: number,
	prefix: string,
	ep: Endpoints,
	batchSize: number,
	version: { typeVersion: number; options?: JsonObject } = { typeVersion: 1 },
): BenchWorkflow {
	const name = 'Amili Payment';
	return {
		kind: 'amili',
		label: `(1) Amili Payment, Map Automatically, Batch Size ${batchSize}`,
		workflow: workflow({
			name: `bench amili ${batchSize} ${count}`,
			nodes: [
				manualTrigger(),
				generator(count, prefix),
				{
					...amiliPayment({
						name,
						organizationId: ep.organizationId,
						credential: ep.amiliCredential,
						options: { batchSize, ...version.options },
					}),
					typeVersion: version.typeVersion,
				},
			],
			connections: chain('Start', GENERATE, name),
		}),
		postingNodes: [name],
	};
}

/**
 * Map Each Field as version 2 saves it: n8n's field mapper with all eight fields as expressions,
 * each copying an input field (the engine reads those from the item, not through n8n's sandbox).
 */
export function amiliNodeMapEach(
	count: number,
	prefix: string,
	ep: Endpoints,
	batchSize: number,
): BenchWorkflow {
	const name = 'Amili Payment';
	const node = amiliPayment({
		name,
		organizationId: ep.organizationId,
		credential: ep.amiliCredential,
		mappingMode: 'defineBelow',
		options: { batchSize, skipSentBefore: false },
		parameters: {
			columns: {
				mappingMode: 'defineBelow',
				value: Object.fromEntries(ALL_PAYMENT_FIELDS.map((f) => [f, `={{ $json.${f} }}`])),
				matchingColumns: [],
				schema: [],
				attemptToConvertTypes: false,
				convertFieldsToString: false,
			},
		},
	});
	return {
		kind: 'amiliMapEach',
		label: `(1) Amili Payment, Map Each Field (field mapper, 8 expressions), Batch Size ${batchSize}`,
		workflow: workflow({
			name: `bench amili map-each ${count}`,
			nodes: [manualTrigger(), generator(count, prefix), { ...node, typeVersion: 2 }],
			connections: chain('Start', GENERATE, name),
		}),
		postingNodes: [name],
	};
}

/**
 * Today's common way: an HTTP Request node, one request per item, the body built by one expression
 * per item (the cheapest form; a JSON template with a {{ }} per field costs more).
 */
export function httpPerItem(count: number, prefix: string, ep: Endpoints): BenchWorkflow {
	const name = 'HTTP Request';
	const fields = PAYMENT_FIELDS.map((f) => `${f}: $json.${f}`).join(', ');
	return {
		kind: 'httpPerItem',
		label: '(2) HTTP Request, one request per item',
		workflow: workflow({
			name: `bench http per item ${count}`,
			nodes: [
				manualTrigger(),
				generator(count, prefix),
				httpRequest(
					name,
					`${ep.apiBaseUrl}/orgs/${ep.organizationId}/payments`,
					`={{ { organizationId: ${JSON.stringify(ep.organizationId)}, payments: [{ ${fields} }] } }}`,
					ep.bearerCredential,
				),
			],
			connections: chain('Start', GENERATE, name),
		}),
		postingNodes: [name],
	};
}

/**
 * Today's hand-built batching: a Code node (run once for all items) that picks the payment fields
 * and cuts the items into request bodies of `chunkSize`, then an HTTP Request node, one request per
 * chunk. No validation, no retry policy, no duplicate check: only the posting.
 */
export function codeChunks(
	count: number,
	prefix: string,
	ep: Endpoints,
	chunkSize: number,
): BenchWorkflow {
	const chunk = 'Chunk (Code)';
	const post = 'HTTP Request per chunk';
	const pick = PAYMENT_FIELDS.map((f) => `${f}: j.${f}`).join(', ');
	return {
		kind: 'codeChunks',
		label: `(3) Code chunks of ${chunkSize} + HTTP Request per chunk`,
		workflow: workflow({
			name: `bench code chunks ${count}`,
			nodes: [
				manualTrigger(),
				generator(count, prefix),
				code(
					chunk,
					`const items = $input.all();
const out = [];
for (let i = 0; i < items.length; i += ${chunkSize}) {
	const payments = items.slice(i, i + ${chunkSize}).map(({ json: j }) => ({ ${pick} }));
	out.push({ json: { organizationId: ${JSON.stringify(ep.organizationId)}, payments } });
}
return out;`,
				),
				httpRequest(
					post,
					`${ep.apiBaseUrl}/orgs/${ep.organizationId}/payments`,
					'={{ $json }}',
					ep.bearerCredential,
				),
			],
			connections: chain('Start', GENERATE, chunk, post),
		}),
		postingNodes: [chunk, post],
	};
}

/**
 * n8n's own expression cost, for comparison with Map Each Field: an Edit Fields (Set) node, n8n's
 * own node, evaluating the same eight expressions per item and posting nothing.
 */
export function setExpressions(count: number, prefix: string): BenchWorkflow {
	const name = 'Edit Fields (8 expressions)';
	// All eight fields Map Each Field maps, as the package names them.
	const fields = ALL_PAYMENT_FIELDS;
	return {
		kind: 'setExpressions',
		label: 'n8n reference: Edit Fields (Set), same 8 expressions, no posting',
		workflow: workflow({
			name: `bench set expressions ${count}`,
			nodes: [
				manualTrigger(),
				generator(count, prefix),
				{
					name,
					type: 'n8n-nodes-base.set',
					typeVersion: 3.4,
					parameters: {
						mode: 'manual',
						assignments: {
							assignments: fields.map((field, i) => ({
								id: `a${i}`,
								name: field,
								value: `={{ $json.${field} }}`,
								type: field === 'amount' ? 'number' : 'string',
							})),
						},
						includeOtherFields: false,
						options: {},
					},
				},
			],
			connections: chain('Start', GENERATE, name),
		}),
		postingNodes: [name],
	};
}

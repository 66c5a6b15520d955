/**
 * The workflows the queue-mode tests and the bench publish, and the request bodies they take.
 *
 * Pay by webhook:  Webhook (POST /webhook/<path>, answers with the last node's output)
 *                  → Split Out (body.payments → one item each) → Amili Payment.
 * One request = one execution = the payments in its body, posted as batches of `batchSize`.
 */
import { randomBytes } from 'node:crypto';

import {
	amiliPayment,
	chain,
	n8nId,
	workflow,
	type CredentialRef,
	type JsonObject,
	type NodeInput,
	type WorkflowJson,
} from '../harness/workflow';

export function webhookNode(
	path: string,
	responseMode: 'lastNode' | 'onReceived' = 'lastNode',
	name = 'Webhook',
): NodeInput {
	return {
		name,
		type: 'n8n-nodes-base.webhook',
		typeVersion: 2,
		webhookId: n8nId(),
		parameters: {
			httpMethod: 'POST',
			path,
			responseMode,
			...(responseMode === 'lastNode' ? { responseData: 'allEntries' } : {}),
			options: {},
		},
	};
}

export function splitOut(field: string, name = 'Split Out'): NodeInput {
	return {
		name,
		type: 'n8n-nodes-base.splitOut',
		typeVersion: 1,
		parameters: { fieldToSplitOut: field, include: 'noOtherFields', options: {} },
	};
}

export function payByWebhook(args: {
	path: string;
	organizationId: string;
	credential: CredentialRef & { type?: string };
	batchSize?: number;
	name?: string;
	/** The Amili Payment node's version (default 1) and further options (version 2: the memory is on). */
	typeVersion?: number;
	options?: JsonObject;
	/** The node's Settings → On Error, e.g. 'continueRegularOutput' (error items in the answer). */
	onError?: string;
}): WorkflowJson {
	return workflow({
		name: args.name ?? `pay by webhook (${args.path})`,
		nodes: [
			webhookNode(args.path),
			splitOut('body.payments'),
			{
				...amiliPayment({
					organizationId: args.organizationId,
					credential: args.credential,
					options: { batchSize: args.batchSize ?? 1000, ...args.options },
				}),
				typeVersion: args.typeVersion ?? 1,
				...(args.onError && { onError: args.onError }),
			},
		],
		connections: chain('Webhook', 'Split Out', 'Amili Payment'),
	});
}

/** `count` valid payments whose uniqueSourcePaymentIds start with `prefix` (unique per call by default). */
export function payments(
	count: number,
	prefix = `Q${randomBytes(3).toString('hex')}`,
): JsonObject[] {
	return Array.from({ length: count }, (_, i) => ({
		invoiceNumber: `INV-${prefix}-${i}`,
		uniqueSourcePaymentId: `${prefix}-${i}`,
		amount: 100 + (i % 50) + 0.25,
		currency: 'NOK',
		date: '2025-03-31T12:00:00Z',
	}));
}

export interface WebhookCall {
	status: number;
	body: unknown;
	ms: number;
}

/** POSTs `body` as JSON; never throws for an HTTP status (a network error is status 0). */
export async function postJson(
	url: string,
	body: unknown,
	timeoutMs = 180_000,
): Promise<WebhookCall> {
	const started = Date.now();
	try {
		const response = await fetch(url, {
			method: 'POST',
			headers: { 'content-type': 'application/json' },
			body: JSON.stringify(body),
			signal: AbortSignal.timeout(timeoutMs),
		});
		const text = await response.text();
		let parsed: unknown = text;
		try {
			parsed = text ? JSON.parse(text) : undefined;
		} catch {
			// not JSON
		}
		return { status: response.status, body: parsed, ms: Date.now() - started };
	} catch (error) {
		return { status: 0, body: String(error), ms: Date.now() - started };
	}
}

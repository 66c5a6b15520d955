import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type {
	BatchStore,
	BatchType,
	FailRule,
	FailedEntryShape,
	FailedItem,
	SucceededItem,
} from './batches';
import type { CaseStore } from './cases';
import { type SimResponse, error, json, mediaType } from './http';
import type { InvoiceInput, InvoiceStore } from './invoices';
import type { AmiliPayment } from './payments';
import type { Recorder } from './recorder';
import type { RouteMatch } from './routes';
import type { SettlementStore } from './settlements';
import type { Client } from './token-endpoint';
import type { BearerCheck, TokenService } from './tokens';
import type { BodyCheck } from './validation';

/** What the Collection API handlers need from the simulator. */
export interface ApiContext {
	apiBaseUrl: string;
	tokens: TokenService;
	/** The one client the token endpoint knows. */
	tokenClient: Client;
	batches: BatchStore;
	invoices: InvoiceStore;
	cases: CaseStore;
	settlements: SettlementStore;
	recorder: Recorder;
	failRules: { payments: Array<FailRule<AmiliPayment>>; invoices: Array<FailRule<InvoiceInput>> };
	/** The shape of the `failed` entries of payment batches created now (setFailedEntryShape). */
	failedEntryShape(): FailedEntryShape;
	isForbidden(orgId: string): boolean;
}

export interface ApiRequest {
	match: RouteMatch;
	req: IncomingMessage;
	rawBody: string;
	query: URLSearchParams;
	bearer: BearerCheck;
}

/** The JSON body of a write, or a 400 for a wrong Content-Type or broken JSON. */
export function parseJsonBody(r: ApiRequest): { body: unknown } | SimResponse {
	if (mediaType(r.req) !== 'application/json')
		return error(400, 'Content-Type must be application/json');
	try {
		return { body: JSON.parse(r.rawBody) as unknown };
	} catch {
		return error(400, 'The body is not valid JSON');
	}
}

/** The 202 every async write answers (docs/amili-api.md, "Batches"; the body is shown in full on the
 * payments page). */
export function accepted(ctx: ApiContext, batchId: string): SimResponse {
	return json(202, {
		summary: { status: 'SUCCESS' },
		// The documented example's batchUrl is the legacy org-less batch path.
		data: { batchId, batchUrl: `${ctx.apiBaseUrl}/batches/${batchId}` },
	});
}

/**
 * Sending an idempotency key on a create call is not documented (docs/amili-api.md, "Idempotency");
 * only the batches filter `IdempotencyKey` is. Our assumption: an optional `Idempotency-Key` (or
 * `IdempotencyKey`, the webhook header's spelling) request header, stored on the batch so that filter
 * finds it. Repeats are NOT deduplicated: nothing documents that Amili does, so a client must not
 * come to rely on it.
 */
export function idempotencyKeyOf(req: IncomingMessage): string | undefined {
	for (const name of ['idempotency-key', 'idempotencykey']) {
		const value = req.headers[name];
		const first = Array.isArray(value) ? value[0] : value;
		if (first !== undefined && first.trim() !== '') return first.trim();
	}
	return undefined;
}

/** `{ key: value }` when value is defined, else `{}`, so records carry no `key: undefined`. */
export function optional<T extends Record<string, unknown>>(fields: T): Partial<T> {
	return Object.fromEntries(
		Object.entries(fields).filter(([, v]) => v !== undefined),
	) as Partial<T>;
}

export function forbidden(): SimResponse {
	return error(403, 'The client may not access this organization');
}

export function sameId(a: string, b: string): boolean {
	return a.toLowerCase() === b.toLowerCase();
}

/** What a create route says of its own (payments, invoices, corrections); acceptBatch does the rest. */
export interface BatchWrite<T> {
	type: BatchType;
	check(body: unknown, orgId: string): BodyCheck<T>;
	/** How the batch reports each item (invoices are created here, under the batch's ID). */
	outcomes(
		items: T[],
		batchId: string,
	): { succeeded: SucceededItem[]; failed: FailedItem[]; failedPositions?: number[] };
	/** Records the accepted request for tests. */
	record(entry: {
		batchId: string;
		orgId: string;
		at: string;
		items: T[];
		idempotencyKey?: string;
	}): void;
}

/**
 * A create route (docs/amili-api.md, "Batches"): the JSON body checked (400 or 422 and nothing
 * created), a batch of the items' outcomes, the request recorded with its idempotency key, 202.
 */
export function acceptBatch<T>(
	ctx: ApiContext,
	r: ApiRequest,
	orgId: string,
	write: BatchWrite<T>,
): SimResponse {
	const parsed = parseJsonBody(r);
	if ('status' in parsed) return parsed;
	const check = write.check(parsed.body, orgId);
	if (!check.ok) return json(check.status, { message: check.message, errors: check.errors });

	const batchId = randomUUID();
	const idempotencyKey = idempotencyKeyOf(r.req);
	ctx.batches.create({
		batchId,
		type: write.type,
		orgId,
		createdBy: ctx.tokens.principalId,
		idempotencyKey,
		...write.outcomes(check.items, batchId),
	});
	const at = new Date().toISOString();
	write.record({ batchId, orgId, at, items: check.items, ...optional({ idempotencyKey }) });
	return accepted(ctx, batchId);
}

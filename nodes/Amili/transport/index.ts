import type {
	IDataObject,
	IExecuteFunctions,
	IHookFunctions,
	IHttpRequestMethods,
	ILoadOptionsFunctions,
	IPollFunctions,
	IWebhookFunctions,
	IHttpRequestOptions,
	IN8nHttpFullResponse,
	JsonObject,
} from 'n8n-workflow';
import { NodeApiError, NodeOperationError, sleep } from 'n8n-workflow';

import { apiBaseUrlOf, checkServiceUrl, environmentIdentity, tokenUrlOf } from './environments';
import { describeHttpError, describeOutcomeUnknown, redact, redactedDetail } from './errors';
import { headerOf } from './headers';
import type { RequestPacing } from './pacing';

export { RequestPacing } from './pacing';
import { describeFailure, NOT_CONNECTED_CODES, type ThrownRequestError } from './thrown';
import {
	decideRetry,
	DEFAULT_RETRY_POLICY,
	parseRetryAfter,
	retriesStatus,
	type RetryPolicy,
	statusOutcome,
} from './retry';

/**
 * The one place that talks to Amili: picks the credential, builds the URL, retries what may be
 * retried, and turns every failure into an error that says what happened and what to do — with
 * no token, secret or Authorization header in it.
 */

export type AmiliAuthentication = 'oAuth2' | 'accessToken';

/** Every kind of node code that talks to Amili: operations, list searches, triggers. */
export type AmiliContext =
	IExecuteFunctions | ILoadOptionsFunctions | IPollFunctions | IHookFunctions | IWebhookFunctions;

export const CREDENTIAL_TYPES: Record<AmiliAuthentication, string> = {
	oAuth2: 'amiliOAuth2Api',
	accessToken: 'amiliApi',
};

export interface AmiliRequest {
	method: IHttpRequestMethods;
	/** Path below the API base URL, starting with "/". */
	path: string;
	body?: IDataObject;
	qs?: IDataObject;
	/**
	 * May the request be sent again when its answer is lost (reset, timeout) or is a 503? False for
	 * requests that create something: those are reported as "outcome unknown" instead, never re-sent.
	 */
	repeatable: boolean;
	/** Milliseconds to wait for an answer. */
	timeout?: number;
	/** The run's shared pause, when several of its requests may be in flight (see pacing.ts). */
	pacing?: RequestPacing;
}

export interface AmiliResponse {
	statusCode: number;
	body: unknown;
}

/**
 * Whether Amili may have acted on a request that failed. It decides what the user can safely do:
 * run again (`notSent`, `rejected`), check at Amili first (`unknown`), or nothing at all because
 * Amili has it (`accepted`: e.g. accepted but the answer was unreadable, or still processing).
 */
export type RequestOutcome = 'notSent' | 'rejected' | 'unknown' | 'accepted';

interface Connection {
	credentialType: string;
	apiBaseUrl: string;
	identity: string;
	secrets: string[];
}

/** How long a request waits for Amili's answer unless the operation sets its own (Request Timeout). */
export const DEFAULT_REQUEST_TIMEOUT_MS = 60_000;
const TOKEN_FAILURE_PREFIX = 'Failed to acquire OAuth2 access token';

const connections = new WeakMap<object, Promise<Connection>>();

async function openConnection(this: AmiliContext): Promise<Connection> {
	// Read from the node itself: the contexts disagree on getNodeParameter's signature, and the
	// choice of credential is never an expression.
	const authentication = (this.getNode().parameters.authentication ??
		'oAuth2') as AmiliAuthentication;
	const credentialType = CREDENTIAL_TYPES[authentication] ?? CREDENTIAL_TYPES.oAuth2;
	const credentials = await this.getCredentials(credentialType);
	const tokenData = credentials.oauthTokenData as IDataObject | undefined;
	const secrets = [
		credentials.clientSecret,
		credentials.accessToken,
		tokenData?.access_token,
	].filter((value): value is string => typeof value === 'string');

	const apiBase = checkServiceUrl(apiBaseUrlOf(credentials), 'API base URL');
	if ('problem' in apiBase) throw new NodeOperationError(this.getNode(), apiBase.problem);
	if (credentialType === CREDENTIAL_TYPES.oAuth2) {
		const tokenUrl = checkServiceUrl(tokenUrlOf(credentials), 'token URL');
		if ('problem' in tokenUrl) throw new NodeOperationError(this.getNode(), tokenUrl.problem);
	}
	const identity = environmentIdentity(credentials) ?? apiBase.url; // a checked URL has one
	return { credentialType, apiBaseUrl: apiBase.url, identity, secrets };
}

/** Where the credential sends to: the memory of sent records keeps environments apart. */
export const apiBaseUrlFor = async (c: AmiliContext) => (await connectionFor(c)).apiBaseUrl;
/** Which Amili that is, whatever spelling or former URL of a preset names it (environmentIdentity). */
export const environmentIdentityFor = async (c: AmiliContext) => (await connectionFor(c)).identity;

/** Credentials are read and checked once per node run, not once per request. */
function connectionFor(context: AmiliContext): Promise<Connection> {
	let connection = connections.get(context);
	if (!connection) {
		connection = openConnection.call(context);
		connections.set(context, connection);
	}
	return connection;
}

export interface AmiliApiErrorOptions {
	message: string;
	description: string;
	outcome: RequestOutcome;
	httpCode?: string;
	detail?: string;
}

export function amiliApiError(context: AmiliContext, options: AmiliApiErrorOptions): NodeApiError {
	const { message, description, httpCode, outcome, detail } = options;
	const error = new NodeApiError(
		context.getNode(),
		{
			message,
			...(httpCode && { httpCode }),
			...(detail && { amiliResponse: detail }),
		} as JsonObject,
		{ message, description, httpCode },
	);
	// NodeApiError swaps a message naming a connection code (ECONNRESET…) for a generic one; ours
	// says what it means for the payments, so it stays.
	error.message = message;
	error.context.outcome = outcome;
	return error;
}

export function outcomeOf(error: unknown): RequestOutcome | undefined {
	return (error as NodeApiError | undefined)?.context?.outcome as RequestOutcome | undefined;
}

/** A failure the node may try again, and what to report if it stops trying. */
interface RetryableFailure {
	retryAfterMs?: number;
	giveUp: (reason: string) => NodeApiError;
}

/** Sends one request to Amili, retrying only what is safe to retry. */
export async function amiliApiRequest(
	this: AmiliContext,
	request: AmiliRequest,
	policy: RetryPolicy = DEFAULT_RETRY_POLICY,
): Promise<AmiliResponse> {
	const connection = await connectionFor(this);
	const { pacing } = request;
	let waitedMs = 0;
	for (let attempt = 1; ; attempt++) {
		// Time held by the run's pause counts against this request's waiting limit too.
		if (pacing) waitedMs += await pacing.ready();
		const result = await sendOnce.call(this, connection, request);
		if ('statusCode' in result) return result;
		const decision = decideRetry(attempt, waitedMs, result.retryAfterMs, policy);
		if (!decision.retry) throw result.giveUp(decision.reason);
		if (pacing) {
			pacing.pause(decision.waitMs);
		} else {
			await sleep(decision.waitMs);
			waitedMs += decision.waitMs;
		}
	}
}

async function sendOnce(
	this: AmiliContext,
	{ credentialType, apiBaseUrl, secrets }: Connection,
	request: AmiliRequest,
): Promise<AmiliResponse | RetryableFailure> {
	const options: IHttpRequestOptions = {
		method: request.method,
		url: `${apiBaseUrl}${request.path}`,
		qs: request.qs,
		body: request.body,
		json: true,
		returnFullResponse: true,
		// Answers come back with their headers (Retry-After), except a 401, which must throw: that is
		// how n8n's OAuth2 support knows to renew the token and repeat the request.
		ignoreHttpStatusErrors: { ignore: true, except: [401] },
		// A redirect could carry the Authorization header to another host.
		disableFollowRedirect: true,
		timeout: request.timeout ?? DEFAULT_REQUEST_TIMEOUT_MS,
	};
	const send = async (sent: IHttpRequestOptions) =>
		(await this.helpers.httpRequestWithAuthentication.call(
			this,
			credentialType,
			sent,
		)) as IN8nHttpFullResponse;
	let response: IN8nHttpFullResponse;
	try {
		response = await send(options);
		// n8n 1.x and 2.0 read the option as a plain boolean, so the 401 came back instead of renewing
		// the token. Sent again without it, the 401 throws and n8n renews and repeats. Amili acted on
		// nothing it answered 401 to, so this is safe for any request.
		if (response.statusCode === 401)
			response = await send({ ...options, ignoreHttpStatusErrors: false });
	} catch (caught) {
		return failureOf.call(this, caught as ThrownRequestError, request, apiBaseUrl, secrets);
	}
	const { statusCode, body, headers } = response;
	if (statusCode >= 200 && statusCode < 300) return { statusCode, body };
	return statusFailure.call(this, { status: statusCode, body, headers }, request, secrets);
}

/** Amili answered with an error status: retried or final as retriesStatus says (retry.ts). */
function statusFailure(
	this: AmiliContext,
	{ status, body, headers }: { status: number; body: unknown; headers?: IDataObject },
	request: AmiliRequest,
	secrets: string[],
): RetryableFailure {
	const detail = redactedDetail(body, secrets);
	if (retriesStatus(status, request.repeatable)) {
		return {
			retryAfterMs: parseRetryAfter(headerOf(headers, 'retry-after'), Date.now()),
			giveUp: (reason) =>
				amiliApiError(this, {
					...describeHttpError(
						status,
						detail,
						`The node ${reason}; Amili registered nothing from these attempts.`,
					),
					outcome: 'rejected',
					detail,
				}),
		};
	}
	const outcome = statusOutcome(status, request.repeatable);
	const described = outcome === 'unknown' ? describeOutcomeUnknown : describeHttpError;
	throw amiliApiError(this, { ...described(status, detail), outcome, detail });
}

/** A thrown request: an error status (a 401 after n8n's token renewal too), a token failure, or a broken connection. */
function failureOf(
	this: AmiliContext,
	error: ThrownRequestError,
	request: AmiliRequest,
	apiBaseUrl: string,
	secrets: string[],
): RetryableFailure {
	const message = redact(String(error.message ?? error), secrets);
	if (message.startsWith(TOKEN_FAILURE_PREFIX)) {
		throw amiliApiError(this, {
			message: `Amili did not issue an access token: ${message.slice(TOKEN_FAILURE_PREFIX.length + 2)}`,
			description:
				'Check the client ID, client secret and environment (or token URL) of the Amili OAuth2 credential. Nothing was sent to Amili.',
			outcome: 'notSent',
		});
	}
	const { status, body, headers, code } = describeFailure(error);
	if (status !== undefined && !Number.isNaN(status)) {
		return statusFailure.call(this, { status, body, headers }, request, secrets);
	}
	const notConnected = code !== undefined && NOT_CONNECTED_CODES.has(code);
	if (!notConnected && !request.repeatable) {
		throw amiliApiError(this, {
			message: `Outcome unknown: the connection to Amili broke after the request was sent (${code ?? message})`,
			description:
				'Amili may or may not have registered it. Do not simply run again: check at Amili first (for payments: the batches of the organization, by uniqueSourcePaymentId), then send only what is missing.',
			outcome: 'unknown',
		});
	}
	const what = notConnected
		? `could not connect to ${new URL(apiBaseUrl).origin} (${code})`
		: `the connection failed (${code ?? message})`;
	return {
		giveUp: (reason) =>
			amiliApiError(this, {
				message: `Could not reach Amili: ${what}`,
				description: `The node ${reason}. ${notConnected ? 'Nothing reached Amili. ' : ''}Check the API base URL of the credential and that Amili is up, then run again.`,
				outcome: notConnected ? 'notSent' : 'unknown',
			}),
	};
}

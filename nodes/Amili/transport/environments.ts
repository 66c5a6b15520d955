import type { ICredentialDataDecryptedObject } from 'n8n-workflow';

import { AMILI_ENVIRONMENTS, type AmiliEnvironment } from '../../../credentials/amiliEnvironments';

/**
 * The URLs a request goes to, from the credential (its environments: credentials/amiliEnvironments.ts),
 * the rule that keeps tokens and payments on HTTPS, and which environment a credential names.
 */

function isLoopback(hostname: string): boolean {
	return hostname === 'localhost' || hostname === '[::1]' || /^127(\.\d{1,3}){3}$/.test(hostname);
}

/**
 * The token and the payments may only travel over HTTPS; plain HTTP is allowed to this machine
 * alone, for the local simulator. Returns the URL without a trailing slash, or a reason to refuse.
 */
export function checkServiceUrl(
	value: unknown,
	label: string,
): { url: string } | { problem: string } {
	const text = typeof value === 'string' ? value.trim().replace(/\/+$/, '') : '';
	let parsed: URL;
	try {
		parsed = new URL(text);
	} catch {
		return {
			problem: `The ${label} "${String(value ?? '')}" is not a URL. Set it in the Amili credential.`,
		};
	}
	if (parsed.username || parsed.password) {
		return {
			problem: `The ${label} must not contain a user name or password. Remove them in the Amili credential.`,
		};
	}
	if (
		parsed.protocol === 'https:' ||
		(parsed.protocol === 'http:' && isLoopback(parsed.hostname))
	) {
		return { url: text };
	}
	return {
		problem: `The ${label} ${parsed.origin} is not HTTPS. Amili tokens and payments are only sent over HTTPS (plain HTTP only to localhost). Correct it in the Amili credential.`,
	};
}

export function apiBaseUrlOf(credentials: ICredentialDataDecryptedObject): unknown {
	const environment = credentials.environment as AmiliEnvironment | undefined;
	if (environment === 'custom') return credentials.baseUrl;
	return AMILI_ENVIRONMENTS[environment ?? 'production']?.apiBaseUrl;
}

export function tokenUrlOf(credentials: ICredentialDataDecryptedObject): unknown {
	const environment = credentials.environment as AmiliEnvironment | undefined;
	if (environment === 'custom') return credentials.tokenUrl;
	return AMILI_ENVIRONMENTS[environment ?? 'production']?.tokenUrl;
}

/** The presets as environmentIdentity reads them: their current and former API base URLs. */
export type EnvironmentTable = Readonly<
	Record<string, { apiBaseUrl: string; formerApiBaseUrls: readonly string[] }>
>;

/**
 * An API base URL as identities compare it: trimmed, lower-case (the host, and the path too, as the
 * memory's keys have always been: two spellings of one API taken as two could send a record twice),
 * without the scheme's default port or a trailing slash. Undefined when it is not a URL.
 */
export function normalisedApiUrl(value: unknown): string | undefined {
	if (typeof value !== 'string') return undefined;
	let parsed: URL;
	try {
		parsed = new URL(value.trim()); // lower-cases scheme and host, drops a default port
	} catch {
		return undefined;
	}
	const path = parsed.pathname.replace(/\/+$/, '');
	return `${parsed.protocol}//${parsed.host}${path}${parsed.search}`.toLowerCase();
}

/**
 * Which Amili a credential sends to, as the never-twice memory should know it, so that neither a
 * release correcting a preset's URL nor a Custom URL naming a preset's API makes every record look
 * new: a preset's name (`production`, `staging`); for Custom, the name of the preset whose current or
 * any former API base URL equals the custom one (normalisedApiUrl), else the normalised custom URL.
 * Undefined when the credential names no API (an unknown environment, a Custom URL that is not a
 * URL): the transport refuses those. `presets` is for tests; the default is the credentials' table.
 */
export function environmentIdentity(
	credentials: ICredentialDataDecryptedObject,
	presets: EnvironmentTable = AMILI_ENVIRONMENTS,
): string | undefined {
	const environment = String(credentials.environment ?? 'production');
	if (environment !== 'custom')
		return Object.hasOwn(presets, environment) ? environment : undefined;
	const url = normalisedApiUrl(credentials.baseUrl);
	if (url === undefined) return undefined;
	const named = Object.entries(presets).find(([, { apiBaseUrl, formerApiBaseUrls }]) =>
		[apiBaseUrl, ...formerApiBaseUrls].some((known) => normalisedApiUrl(known) === url),
	);
	return named?.[0] ?? url;
}

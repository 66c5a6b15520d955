import type { ICredentialDataDecryptedObject } from 'n8n-workflow';

import { AMILI_ENVIRONMENTS, type AmiliEnvironment } from '../../../credentials/amiliEnvironments';

/**
 * The URLs a request goes to, from the credential (its environments: credentials/amiliEnvironments.ts),
 * and the rule that keeps tokens and payments on HTTPS.
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

import type { ICredentialDataDecryptedObject, INodeProperties } from 'n8n-workflow';

/**
 * Where Amili lives. The staging API base and both token URLs are documented; the production API
 * base is only seen truncated in a documented batchUrl ("https://api.amili.no/co…") and is our
 * inference — the README says so, and "Custom" lets a user correct it without a release.
 */
export const AMILI_ENVIRONMENTS = {
	production: {
		apiBaseUrl: 'https://api.amili.no/collection/v1',
		tokenUrl: 'https://auth.amili.no/token',
	},
	staging: {
		apiBaseUrl: 'https://api.staging.amili.no/collection/v1',
		tokenUrl: 'https://auth.staging.amili.no/token',
	},
} as const;

export type AmiliEnvironment = keyof typeof AMILI_ENVIRONMENTS | 'custom';

const { production, staging } = AMILI_ENVIRONMENTS;

/** For credential fields n8n resolves itself (OAuth2 token URL, the credential test's base URL). */
export function environmentUrlExpression(
	key: 'apiBaseUrl' | 'tokenUrl',
	scope: '$self' | '$credentials',
	customField: string,
): string {
	return `={{ ${scope}.environment === 'custom' ? ${scope}.${customField} : ${scope}.environment === 'staging' ? '${staging[key]}' : '${production[key]}' }}`;
}

export const environmentProperty: INodeProperties = {
	displayName: 'Environment',
	name: 'environment',
	type: 'options',
	options: [
		{ name: 'Production', value: 'production' },
		{ name: 'Staging', value: 'staging' },
		{
			name: 'Custom',
			value: 'custom',
			description: 'Your own URLs, e.g. a proxy or the local Amili simulator',
		},
	],
	default: 'production',
};

export const customApiBaseUrlProperty: INodeProperties = {
	displayName: 'API Base URL',
	name: 'baseUrl',
	type: 'string',
	default: '',
	placeholder: 'https://api.amili.no/collection/v1',
	description: 'Base URL of the Collection API, up to and including /collection/v1',
	required: true,
	displayOptions: { show: { environment: ['custom'] } },
};

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

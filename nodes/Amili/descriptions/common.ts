import type { INodeCredentialDescription, INodeProperties } from 'n8n-workflow';

/** Fields every Amili node shows, written once so the nodes cannot drift apart. */

export const credentialDescriptions: INodeCredentialDescription[] = [
	{
		name: 'amiliOAuth2Api',
		required: true,
		displayOptions: { show: { authentication: ['oAuth2'] } },
	},
	{
		name: 'amiliApi',
		required: true,
		displayOptions: { show: { authentication: ['accessToken'] } },
	},
];

export const authenticationProperty: INodeProperties = {
	displayName: 'Authentication',
	name: 'authentication',
	type: 'options',
	options: [
		{
			name: 'OAuth2 (Recommended)',
			value: 'oAuth2',
			description: 'Client ID and secret from Amili; n8n renews the token by itself',
		},
		{
			name: 'Access Token',
			value: 'accessToken',
			description: 'A pasted token; it expires after about an hour',
		},
	],
	default: 'oAuth2',
};

export const organizationIdProperty: INodeProperties = {
	displayName: 'Organization ID',
	name: 'organizationId',
	type: 'string',
	default: '',
	required: true,
	placeholder: 'e.g. 7bc05553-4b68-44e8-b7bc-37be63c6d9e9',
	description: 'The ID (a UUID) of your organization at Amili, the creditor the records belong to',
};

// n8n's community-package checks that read built code (run on dist/ by test/unit/package.test.ts):
// no timers, process or other restricted globals, no imports beyond n8n-workflow, nothing dangerous.
import { n8nCommunityNodesPlugin } from '@n8n/eslint-plugin-community-nodes';

export const RULES = ['no-restricted-globals', 'no-restricted-imports', 'no-dangerous-functions'];

export default [
	{
		files: ['**/*.js'],
		plugins: { '@n8n/community-nodes': n8nCommunityNodesPlugin },
		languageOptions: { sourceType: 'commonjs', ecmaVersion: 2022 },
		rules: Object.fromEntries(RULES.map((rule) => [`@n8n/community-nodes/${rule}`, 'error'])),
	},
];

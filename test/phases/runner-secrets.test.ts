// Secrets stay out of what a job records: a failed step's error message, command and stderr
// tail, and its output lines, are masked in the journal, the job log, the events and the CLI's
// readable lines; labSecrets builds the list from the config and the environment.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { CommandError, formatEvent, labSecrets, nodeTarget, runJob, type Plan } from '../../src/phases/runner/index.js';
import { collect, tempState } from './runner-helpers.js';

const PASSWORD = 'hunter2-Sekr3t';
const TOKEN = 'abcdef.0123456789abcdef';

function failingJoinPlan(): Plan {
  const join = `kubeadm join 192.168.64.10:6443 --token ${TOKEN} --discovery-token-ca-cert-hash sha256:${'a'.repeat(64)}`;
  return {
    kind: 'install',
    phases: [
      {
        number: 1,
        name: 'join',
        title: 'Join workers',
        steps: [
          {
            id: 'join/join@node:a/a-worker1',
            title: 'kubeadm join',
            target: nodeTarget('a', 'a-worker1'),
            phase: 1,
            phaseName: 'join',
            check: async () => false,
            action: async (ctx) => {
              ctx.log(`a-worker1$ sshpass -p ${PASSWORD} ${join}`);
              throw new CommandError(
                `join failed with password ${PASSWORD} and token ${TOKEN}`,
                `echo ${PASSWORD} | sudo -S ${join}`,
                1,
                `error: bad token ${TOKEN}\nsudo: password ${PASSWORD} rejected\n`,
              );
            },
          },
        ],
      },
    ],
  };
}

test('a failed step leaves neither the password nor a bootstrap token in the journal, the job log, the events or the readable lines', async () => {
  const st = tempState();
  try {
    const { events, listener } = collect();
    const result = await runJob(failingJoinPlan(), { journal: st.journal, log: st.log, onEvent: listener, secrets: [PASSWORD] });
    assert.equal(result.outcome, 'failed');

    const journal = readFileSync(st.journal, 'utf8');
    const log = readFileSync(st.log, 'utf8');
    const json = events.map((e) => JSON.stringify(e)).join('\n');
    const lines = events.flatMap((e) => formatEvent(e, { verbose: true })).join('\n');
    const returned = JSON.stringify(result);
    for (const [where, text] of Object.entries({ journal, log, json, lines, returned })) {
      assert.ok(!text.includes(PASSWORD), `${where} holds the password:\n${text}`);
      assert.ok(!text.includes(TOKEN), `${where} holds the token:\n${text}`);
      assert.ok(text.includes('***'), `${where} shows no mask:\n${text}`);
    }
    // the failure record is still useful: message, command and stderr tail, masked
    const end = events.find((e) => e.type === 'step-end' && e.outcome === 'failed');
    assert.ok(end?.type === 'step-end' && end.error);
    assert.equal(end.error.message, 'join failed with password *** and token ***');
    assert.match(
      end.error.command ?? '',
      /^echo \*\*\* \| sudo -S kubeadm join \S+ --token \*\*\* --discovery-token-ca-cert-hash sha256:a{64}$/,
    );
    assert.deepEqual(end.error.stderrTail, ['error: bad token ***', 'sudo: password *** rejected']);
    assert.match(lines, /error: join failed with password \*\*\* and token \*\*\*/);
  } finally {
    st.cleanup();
  }
});

test('bootstrap tokens are masked even with no secrets configured', async () => {
  const { events, listener } = collect();
  await runJob(failingJoinPlan(), { onEvent: listener });
  const json = events.map((e) => JSON.stringify(e)).join('\n');
  assert.ok(!json.includes(TOKEN));
});

test('labSecrets: the configured ssh_password and K8SLAB_SSH_PASSWORD, empty ones left out', () => {
  assert.deepEqual(labSecrets({ ssh_password: 'a' }, { K8SLAB_SSH_PASSWORD: 'b' }), ['a', 'b']);
  assert.deepEqual(labSecrets({}, { K8SLAB_SSH_PASSWORD: '' }), []);
  assert.deepEqual(labSecrets({ ssh_password: 'a' }, {}), ['a']);
});

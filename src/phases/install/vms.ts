// Install phase 01: one VM per node — clone the golden image (when configured and present) or
// the base image, size it from the config, start it and wait for its DHCP lease. Never clones
// over an existing VM: an existing VM counts as done.
import { definePhase, nodeTarget, stepId, type Phase, type StepSpec } from '../runner/index.js';
import type { PhaseEnv } from '../env.js';
import { labNodes } from '../topology.js';

const NAME = 'create-vms';

/** The image new VMs come from: the golden image when the config names one and tart has it. */
async function cloneSource(env: PhaseEnv): Promise<{ source: string; golden: boolean }> {
  const golden = env.config.golden_image;
  if (golden && (await env.tart.exists(golden))) return { source: golden, golden: true };
  return { source: env.config.base_image, golden: false };
}

export function createVmsPhase(env: PhaseEnv): Phase {
  const specs = labNodes(env.config).flatMap(({ cluster, node }): StepSpec[] => {
    const target = nodeTarget(cluster.name, node.name);
    return [
      {
        id: stepId(NAME, 'clone', target),
        title: 'Clone the VM',
        target,
        check: async () => env.tart.exists(node.name),
        action: async (ctx) => {
          const { source, golden } = await cloneSource(env);
          if (env.config.golden_image && !golden)
            ctx.log(`golden image ${env.config.golden_image} not found in tart; cloning the base image`);
          ctx.log(`tart clone ${source} ${node.name}`);
          await env.tart.clone(source, node.name, { signal: ctx.signal }); // refuses an existing VM
        },
      },
      {
        id: stepId(NAME, 'size', target),
        title: 'Set CPU, memory and disk',
        target,
        check: async (ctx) => {
          const vm = await env.tart.get(node.name, ctx.signal);
          return vm.cpu === node.cpu && vm.memoryMb === node.memory && vm.diskGb >= node.disk;
        },
        action: async (ctx) => {
          const report = await env.tart.set(node.name, { cpu: node.cpu, memoryMb: node.memory, diskGb: node.disk });
          ctx.log(`tart set ${node.name}: ${JSON.stringify(report.applied)}`);
          for (const n of report.notes) ctx.log(n);
        },
      },
      {
        id: stepId(NAME, 'boot', target),
        title: 'Start the VM and wait for its IP',
        target,
        check: async (ctx) => {
          const vm = await env.tart.get(node.name, ctx.signal);
          if (vm.state !== 'running') return false;
          return env.tart.ip(node.name, ctx.signal).then(
            () => true,
            () => false,
          );
        },
        action: async (ctx) => {
          const vm = await env.tart.get(node.name, ctx.signal);
          if (vm.state !== 'running') {
            const handle = await env.tart.run(node.name);
            ctx.log(`tart run ${node.name} (pid ${handle.pid ?? '?'}, log ${handle.logFile})`);
          }
          const ip = await env.tart.waitForIp(node.name, { signal: ctx.signal, intervalMs: 1000, attempts: Math.ceil(env.waitMs / 1000) });
          env.nodes.forget(node.name);
          ctx.log(`${node.name} has ${ip}`);
        },
      },
    ];
  });
  return definePhase(1, NAME, 'Create the VMs', specs);
}

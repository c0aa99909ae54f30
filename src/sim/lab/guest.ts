// What is installed and configured inside a simulated VM ("its disk"): kept as guest.json in the
// VM's directory under TART_HOME, so `tart clone` copies it (a golden image carries its prepared
// packages) and `tart delete` removes it. A VM without one is a fresh base image.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';

export const guestSchema = z.object({
  hostname: z.string(),
  swap: z.boolean(),
  fstabSwap: z.boolean(),
  modules: z.array(z.string()),
  sysctlApplied: z.boolean(),
  files: z.record(z.string(), z.string()),
  packages: z.record(z.string(), z.string()),
  held: z.array(z.string()),
  services: z.record(z.string(), z.enum(['active', 'inactive', 'failed'])),
});
export type GuestData = z.infer<typeof guestSchema>;

export const FSTAB_WITH_SWAP = 'UUID=4c1f-root / ext4 defaults 0 1\n/swap.img none swap sw 0 0\n';

export function freshGuest(): GuestData {
  return {
    hostname: 'admins-Virtual-Machine',
    swap: true,
    fstabSwap: true,
    modules: [],
    sysctlApplied: false,
    files: { '/etc/fstab': FSTAB_WITH_SWAP },
    packages: {},
    held: [],
    services: { containerd: 'inactive', kubelet: 'inactive' },
  };
}

/** A node where phases 02–04 are done (what a golden image holds). */
export function preparedGuest(hostname: string, kubeMinor: string, authorizedKey?: string): GuestData {
  const g = freshGuest();
  return {
    ...g,
    hostname,
    swap: false,
    fstabSwap: false,
    modules: ['overlay', 'br_netfilter'],
    sysctlApplied: true,
    files: {
      '/etc/fstab': FSTAB_WITH_SWAP.replace('/swap.img', '#/swap.img'),
      '/etc/modules-load.d/k8s.conf': 'overlay\nbr_netfilter\n',
      '/etc/sysctl.d/99-kubernetes-cri.conf': 'net.ipv4.ip_forward = 1\n',
      '/etc/containerd/config.toml':
        'version = 2\n[plugins."io.containerd.grpc.v1.cri".containerd.runtimes.runc.options]\n  SystemdCgroup = true\n',
      '/etc/apt/sources.list.d/kubernetes.list': `deb [signed-by=/etc/apt/keyrings/kubernetes-apt-keyring.gpg] https://pkgs.k8s.io/core:/stable:/v${kubeMinor}/deb/ /\n`,
      ...(authorizedKey ? { '.ssh/authorized_keys': `${authorizedKey}\n` } : {}),
    },
    packages: { containerd: '1.7.24', kubelet: `${kubeMinor}.4`, kubeadm: `${kubeMinor}.4`, kubectl: `${kubeMinor}.4` },
    held: ['kubeadm', 'kubectl', 'kubelet'],
    services: { containerd: 'active', kubelet: 'active' },
  };
}

export function guestFile(vmDir: string): string {
  return path.join(vmDir, 'guest.json');
}

export function readGuest(vmDir: string): GuestData {
  const file = guestFile(vmDir);
  if (!existsSync(file)) return freshGuest();
  try {
    return guestSchema.parse(JSON.parse(readFileSync(file, 'utf8')));
  } catch {
    return freshGuest();
  }
}

export function writeGuest(vmDir: string, guest: GuestData): void {
  if (!existsSync(path.join(vmDir, 'config.json'))) return; // the VM was deleted meanwhile
  writeFileSync(guestFile(vmDir), JSON.stringify(guest));
}

/** The authorized public keys (one per line) in the guest's ~/.ssh/authorized_keys. */
export function authorizedKeys(guest: GuestData): string[] {
  return (guest.files['.ssh/authorized_keys'] ?? '')
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean);
}

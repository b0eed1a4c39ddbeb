// Is this machine virtual? Evidence from DMI, the CPU flags, /sys/hypervisor and
// container markers, as disable=VM (seed 002) needs it and lmdiag shows it.
// Containers count as virtual: their ethernet addresses are as easy to clone as a
// VM's, which is what disable=VM guards against ("prevent these licenses from being
// used on multiple virtual machines with the same hostid").
import type { HostIo } from './io.js';

interface Virtualization {
  virtualMachine: boolean | null;
  evidence: string;
  container: string | null;
}

// DMI product names and system vendors that only hypervisors report.
const DMI_PRODUCTS: RegExp[] = [
  /^kvm\b/i,
  /vmware/i,
  /virtualbox/i,
  /^virtual machine$/i, // Hyper-V
  /hvm domu/i, // Xen
  /^standard pc \(/i, // QEMU machine types
  /google compute engine/i,
  /bhyve/i,
  /parallels/i,
  /^openstack/i,
  /^droplet$/i,
  /^rhev hypervisor/i,
  /^ahv$/i, // Nutanix
  /^alibaba cloud ecs$/i,
  /^apple virtualization/i,
];
const DMI_VENDORS: RegExp[] = [
  /^qemu$/i,
  /^vmware/i,
  /^innotek gmbh$/i,
  /^xen$/i,
  /^bochs$/i,
  /^parallels/i,
  /^google$/i,
  /^digitalocean$/i,
  /^openstack foundation$/i,
  /^nutanix$/i,
  /^bhyve$/i,
];

function read(io: HostIo, path: string): string | null {
  try {
    const text = io.readFile(path);
    return text === null ? null : text.trim();
  } catch {
    return null;
  }
}

function exists(io: HostIo, path: string): boolean {
  try {
    return io.exists(path);
  } catch {
    return false;
  }
}

function container(io: HostIo): { name: string; evidence: string } | null {
  if (exists(io, '/.dockerenv')) return { name: 'docker', evidence: '/.dockerenv exists' };
  if (exists(io, '/run/.containerenv')) return { name: 'podman', evidence: '/run/.containerenv exists' };
  const cgroup = read(io, '/proc/1/cgroup') ?? '';
  const hit = /(docker|kubepods|libpod|containerd|lxc)/.exec(cgroup);
  if (hit?.[1]) {
    const name = hit[1] === 'kubepods' ? 'kubernetes' : hit[1] === 'libpod' ? 'podman' : hit[1];
    return { name, evidence: `/proc/1/cgroup names ${hit[1]}` };
  }
  const env = io.env.container;
  if (env) return { name: env, evidence: `the container variable is '${env}'` };
  if (io.env.KUBERNETES_SERVICE_HOST) return { name: 'kubernetes', evidence: 'KUBERNETES_SERVICE_HOST is set' };
  return null;
}

function cpuFlags(io: HostIo): string[] | null {
  const cpuinfo = read(io, '/proc/cpuinfo');
  if (cpuinfo === null) return null;
  // Only x86 lists 'flags'; ARM's 'Features' never carries a hypervisor bit, so it proves nothing.
  const line = /^flags\s*:(.*)$/m.exec(cpuinfo);
  return line?.[1] ? line[1].trim().split(/\s+/) : null;
}

export function detectVirtualization(io: HostIo): Virtualization {
  const product = read(io, '/sys/class/dmi/id/product_name');
  const vendor = read(io, '/sys/class/dmi/id/sys_vendor');
  const box = container(io);
  const inBox = (evidence: string): Virtualization => ({
    virtualMachine: true,
    evidence: box ? `${evidence}; running in a ${box.name} container (${box.evidence})` : evidence,
    container: box?.name ?? null,
  });
  if (product && DMI_PRODUCTS.some((r) => r.test(product))) return inBox(`DMI product name is '${product}'`);
  if (vendor && DMI_VENDORS.some((r) => r.test(vendor))) return inBox(`DMI system vendor is '${vendor}'`);
  // EC2 Nitro instances say Amazon EC2 on bare metal too; only *.metal types are physical.
  if (vendor && /^amazon ec2$/i.test(vendor) && product && !/\.metal$/i.test(product)) {
    return inBox(`DMI says '${vendor} ${product}'`);
  }
  const flags = cpuFlags(io);
  if (flags?.includes('hypervisor')) return inBox("CPU flags include 'hypervisor'");
  const xen = read(io, '/sys/hypervisor/type');
  if (xen) return inBox(`/sys/hypervisor/type is '${xen}'`);
  if (box) return { virtualMachine: true, evidence: `running in a ${box.name} container (${box.evidence})`, container: box.name };
  const dmi = [vendor, product].filter((s) => s).join(' ');
  if (flags !== null) {
    return {
      virtualMachine: false,
      evidence: `CPU flags have no 'hypervisor' flag${dmi ? ` and DMI names '${dmi}'` : ''}`,
      container: null,
    };
  }
  if (dmi) return { virtualMachine: null, evidence: `DMI names '${dmi}', which licutil does not know as a hypervisor or hardware`, container: null };
  const where = io.platform === 'linux' ? 'no DMI, CPU or hypervisor information could be read' : `licutil reads VM evidence only on Linux, and this is ${io.platform}`;
  return { virtualMachine: null, evidence: where, container: null };
}

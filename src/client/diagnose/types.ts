// The shapes of lmdiag's network diagnosis: the JSON it reports per server and
// feature, and the seams (NetIo, NetInput) through which diagnose.ts reaches
// the network and the local diagnosis.
import type { Endpoint } from '../types.js';
import type { Resolution } from '../../licenv/types.js';
import type { VendorToolName } from '../../legacy/vendor-tool.js';
import type { FeatureDiagnosis } from '../../licmodel/index.js';
import type { LicutilError } from '../../protocol/errors.js';
import type { CheckinResponse, CheckoutResponse, HelloResponse, StatusResponse } from '../../protocol/messages.js';
import type { VendorAnswer, VendorToolArgs } from '../../legacy/vendor-fallback.js';

export type StepName = 'resolve' | 'connect' | 'hello' | 'status' | 'pools' | 'checkout' | 'vendor tool';

export interface StepJson {
  name: StepName;
  /** for pools and checkout: the feature */
  feature?: string;
  ok: boolean;
  /** not run (--no-checkout, or a test checkout would keep a seat busy); ok stays true */
  skipped?: boolean;
  ms: number;
  detail: string;
  hint: string | null;
}

export interface ServerReportJson {
  /** the address tested */
  address: string;
  /** the server entry it belongs to, as written, and where that came from */
  spec: string;
  origin: string;
  /** a licutil server answered hello */
  ok: boolean;
  steps: StepJson[];
}

export interface NetReason {
  code: string;
  message: string;
  hint?: string;
}

export interface FeatureNet {
  usable: boolean;
  /** the address that granted the test checkout (or has the pool, with --no-checkout) */
  server: string | null;
  /** 'checkout': a seat was granted (and given back); 'pool': the server has the pool, no checkout was tried; 'vendor': the vendor tool lists a free seat */
  proof: 'checkout' | 'pool' | 'vendor' | null;
  /** why not, server by server (empty when usable) */
  reasons: NetReason[];
  /**
   * usable, but every seat is in use now on the server that serves it: a
   * checkout waits in its queue (lmdiag exits 75, try again later). Null when a
   * seat was free or the feature is not usable.
   */
  busy?: { server: string; count: number; in_use: number; queued: number } | null;
}

export interface Wanted {
  product: string;
  version: string | null;
}

export interface NetworkDiagnosis {
  servers: ServerReportJson[];
  /** the features diagnosed: those asked, or with none asked every product of the files and the servers */
  wanted: Wanted[];
  diags: FeatureDiagnosis[];
  features: FeatureNet[];
}

export interface TestCheckout {
  grant: CheckoutResponse;
  checkin: () => Promise<CheckinResponse | null>;
}

/** The network as lmdiag uses it; failures are thrown as the client throws them. */
export interface NetIo {
  /** monotonic milliseconds, for the step times */
  now(): number;
  lookup(host: string): Promise<string[]>;
  connect(address: string, port: number): Promise<void>;
  hello(ep: Endpoint): Promise<HelloResponse>;
  status(ep: Endpoint, product: string | undefined): Promise<StatusResponse>;
  checkout(ep: Endpoint, product: string, version: string | null): Promise<TestCheckout>;
  /** the timeout settings, for the sentences of failures */
  classify(e: unknown, ep: Endpoint): LicutilError;
  /** ask the vendor tool (lmutil, rlmutil) about a server that is not licutil; absent: not asked */
  vendorStatus?(tool: VendorToolName, spec: string): Promise<VendorAnswer>;
}

export interface NetInput {
  resolution: Resolution;
  /** the features asked for; empty: every product of the files and of the servers */
  asked: Wanted[];
  localProducts: string[];
  diagnose: (w: Wanted) => FeatureDiagnosis;
  checkout: boolean;
  password: string | null;
  io: NetIo;
  /** speak https to the servers (the road's TLS setting; default false) */
  tls?: boolean | undefined;
  /** --lmutil / --rlmutil: which vendor tool to ask a server that is not licutil */
  vendorTools?: VendorToolArgs;
}

// The cluster fan-out: log in once, ask every configured node for its local matrix in parallel
// under one deadline and hard byte caps, merge what came back (previous issue), and account for
// every node. Electron-free: the app and the CLI both call it.
import { type Agent } from 'undici';
import { mergeMatrices, type MergeOptions, type MergeResult, type NodeMatrix } from '../merge';
import { type NodeAddress, parseNodeList, plaintextWarning } from './address';
import { type Budget, fetchNodeMatrix, type MatrixQuery, type NodeAnswer, type NodeStatus } from './node-fetch';
import { discoverFromFanout, duplicateNodeIds, identifyNode, type NodeIdentity } from './identity';
import { fanoutBlock, keptWindow, leaveOutOversized, type Outcome, outcomeOfStatuses } from '../round';
import { AdminSession, describeLoginFailures, type LoginResult } from './session';
import { answerParser, type AnswerParser } from './parse-pool';
import { createNodeAgent, type TlsOptions } from './tls';
import { Deadline } from './deadline';
import { fetchNodeHotKeys, type HotKeysNodeStatus, type HotKeysQuery } from './hotkeys-fetch';
import { mergeHotKeys } from '../hotkeys/merge';
import { missingTraffic } from './missing';
import { sameHotKeys, sameMatrix, sameNodeIds, twinStatus } from './twins';
import type { MissingTraffic } from '../../../shared/missing';
import type { FanoutBlock, HotKeysResponse } from '../../../shared/elastickv/wire';
import type { SavedHotKeys } from '../../../shared/snapshot';
import { DEFAULT_MAX_BODY_BYTES, DEFAULT_MAX_TOTAL_BYTES, DEFAULT_TIMEOUT_MS, LOGOUT_TIMEOUT_MS, MAX_HOTKEYS_BODY_BYTES } from '../../../shared/limits';

export { NodeAddressError, parseNodeAddress, parseNodeList, plaintextWarning } from './address';
export type { NodeAddress } from './address';
export { matrixUrl } from './node-fetch';
export { describeLoginFailures, loginFailureGroups, loginFailureInWords } from './session';
export type { LoginFailureKind } from './session';
export type { LoginResult } from './session';
export type { BodyParts, MatrixQuery, NodeAnswer, NodeStatus } from './node-fetch';
export { appendColumns, fanoutBlock, keptWindow, leaveOutOversized, outcomeOf, outcomeOfStatuses, trimColumns } from '../round';
export type { Outcome } from '../round';
export { peekCertificate, readCaFile } from './tls';
export type { PeerCertificate, TlsOptions } from './tls';
export type { NodeIdentity } from './identity';
export type { HotKeysNodeStatus, HotKeysQuery } from './hotkeys-fetch';

export { DEFAULT_TIMEOUT_MS } from '../../../shared/limits';
export { DEFAULT_MAX_BODY_BYTES, DEFAULT_MAX_TOTAL_BYTES } from '../../../shared/limits';

export interface ClusterClientOptions {
  /** Admin addresses in the operator's order (= merge priority). */
  nodes: readonly string[];
  accessKey: string;
  secret: string;
  timeoutMs?: number;
  maxBodyBytes?: number;
  maxTotalBytes?: number;
  tls?: TlsOptions;
  /** The built parse-worker script: answers are then parsed off this thread, in parallel. */
  parseWorker?: string;
  /**
   * Ask every node's GET /cluster beside its matrix each round: who leads which Raft group tells
   * an expected missing row from a suspect one, and what a silent node's absence takes away.
   */
  identify?: boolean;
}


/** What an incremental round remembers of each node between rounds. */
interface Kept {
  /** series/rows/range kind the matrix was asked with: another query starts over. */
  key: string;
  matrix: NodeMatrix;
  /** Columns in the node's answer to its full request (its ring, for an unbounded range). */
  ring: number;
}

export interface HotKeysResult {
  outcome: Outcome;
  login: LoginResult[];
  /** In configured order. */
  nodes: HotKeysNodeStatus[];
  /** null when no node had hot keys to give. */
  merged: HotKeysResponse | null;
  /** The merged keys with each node's own count, in configured node order (0 = not among its candidates). */
  split: SavedHotKeys['split'];
  /** The sub-bucket asked had no keys while the route had: these are the whole route's. */
  wholeRoute: boolean;
}

/** A node's answer in a round; after an incremental round `matrix` is the whole kept matrix and `increment` what arrived. */
export interface RoundAnswer extends NodeAnswer {
  increment?: NodeMatrix;
}

export interface FanoutResult {
  outcome: Outcome;
  /** One per configured node, in configured order. */
  nodes: RoundAnswer[];
  /** The login attempts of this round (empty when the session was already open). */
  login: LoginResult[];
  warnings: string[];
  /** null when no node answered. */
  merge: MergeResult | null;
  /** elastickv's fanout block for the merged matrix. */
  fanout: FanoutBlock;
  /** Each node's GET /cluster this round (configured order), when the client identifies nodes. */
  identities?: Array<NodeIdentity | undefined>;
  /** What a degraded round lacks (the groups its silent nodes led); null when every node answered. */
  missing: MissingTraffic | null;
}

export class ClusterClient {
  readonly nodes: NodeAddress[];
  readonly warnings: string[];
  private readonly agent: Agent;
  private readonly session: AdminSession;
  private readonly timeoutMs: number;
  private readonly maxBodyBytes: number;
  private readonly maxTotalBytes: number;
  private readonly parser: AnswerParser;
  private readonly kept = new Map<string, Kept>();
  /** The last identity each node gave (by node key): a node that stops answering is still known. */
  private readonly knownIdentity = new Map<string, NodeIdentity>();
  private readonly identifyEach: boolean;
  /** Addresses (by position) confirmed to reach the node of an earlier one → that one. */
  private readonly twinOf = new Map<number, number>();

  /** For sibling(); a #private field: never shown by inspect or JSON, and emptied on close. */
  #options: ClusterClientOptions;

  constructor(opts: ClusterClientOptions) {
    this.#options = opts;
    const { nodes, warnings } = parseNodeList(opts.nodes);
    this.nodes = nodes;
    this.warnings = [...warnings, ...nodes.map(plaintextWarning).filter((w): w is string => w !== null)];
    this.timeoutMs = opts.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    this.maxBodyBytes = opts.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES;
    this.maxTotalBytes = opts.maxTotalBytes ?? DEFAULT_MAX_TOTAL_BYTES;
    this.agent = createNodeAgent(opts.tls);
    this.session = new AdminSession(opts.accessKey, opts.secret, this.agent);
    this.parser = answerParser(opts.parseWorker);
    this.identifyEach = opts.identify ?? false;
  }

  /**
   * One fan-out round: login if needed, every node in parallel, then the merge.
   * `onNode` hears each node's status as soon as that node is done (progress for the UI).
   * `incremental`: ask each node only for the columns after the last one it returned last round,
   * and merge them into what was kept (the merged result equals a full round's while each
   * node's row budget does not bind).
   */
  async fetch(query: MatrixQuery, merge: Omit<MergeOptions, 'series'> = {}, onNode?: (s: NodeStatus) => void,
    incremental = false): Promise<FanoutResult> {
    const warnings = [...this.warnings];
    const round = Deadline.after(this.timeoutMs);
    const { ok: loggedIn, attempts: login } = await this.ensureSession(this.nodes, round);
    if (!loggedIn) {
      const nodes = this.notAsked(login).map((s) => ({ status: { ...s, warnings: [] }, matrix: null, raw: null }));
      return { outcome: 'failed', nodes, login, warnings, merge: null, fanout: fanoutBlock(nodes), missing: null };
    }
    // Leadership as known before this round (an identity older than the newest column: a node that
    // led the group then should have counted it; one that took over since may not have yet).
    const before = this.nodes.map((n) => this.knownIdentity.get(n.key));
    const identities = this.identifyEach
      ? Promise.all(this.nodes.map((n) => identifyNode(n, this.session.cookieHeader(n), this.agent, round.step())))
      : Promise.resolve(null);
    // Addresses found to be one node in an earlier round are asked once (checked again below).
    const twins = new Map(this.twinOf);
    // The nodes' answers get the whole allowance, whatever the login took.
    const answers = round.step();
    const budget: Budget = { perNode: this.maxBodyBytes, totalLeft: this.maxTotalBytes, total: this.maxTotalBytes };
    const key = `${query.series}/${query.rows}/${query.fromMs === null ? 'all' : 'window'}/${query.toMs}`;
    const nodes = await Promise.all(this.nodes.map(async (node, index): Promise<RoundAnswer> => {
      const twin = twins.get(index);
      if (twin !== undefined) {
        const status: NodeStatus = { ...twinStatus(node.input, this.nodes[twin]!.input, this.knownIdentity.get(node.key)?.nodeId ?? '?', false), warnings: [] };
        onNode?.(status);
        return { status, matrix: null, raw: null };
      }
      const before = incremental ? this.kept.get(node.key) : undefined;
      const last = before?.key === key && before.matrix.columns.length > 0 ? before.matrix.columns.at(-1)! : null;
      const asked = last === null ? query : { ...query, fromMs: Math.max(query.fromMs ?? -Infinity, last + 1) };
      const answer: RoundAnswer = await fetchNodeMatrix(node, asked, {
        session: this.session, parser: this.parser, dispatcher: this.agent, deadline: answers, budget, index,
      });
      if (answer.matrix) {
        if (last !== null && before) {
          answer.status.incremental = true;
          answer.increment = answer.matrix;
          answer.matrix = keptWindow(before.matrix, answer.matrix, query.fromMs, before.ring, query.rows);
          answer.raw = null; // the bytes were only the increment
          this.kept.set(node.key, { ...before, matrix: answer.matrix });
        } else {
          this.kept.set(node.key, { key, matrix: answer.matrix, ring: answer.matrix.columns.length });
        }
      }
      onNode?.(answer.status);
      return answer;
    }));
    const ids = await identities;
    const current = this.nodes.map((n, i) => {
      const id = ids?.[i];
      if (id?.ok) this.knownIdentity.set(n.key, id);
      return id?.ok ? id : undefined;
    });
    const known = this.nodes.map((n) => this.knownIdentity.get(n.key));
    this.findTwins(nodes, current, twins, warnings);
    leaveOutOversized(nodes, merge);
    const ok = nodes.filter((n) => n.matrix !== null);
    // A twin address is not a node of its own: the round is complete when every distinct node answered.
    const outcome = outcomeOfStatuses(nodes.map((n) => n.status));
    let merged: MergeResult | null = null;
    if (ok.length > 0) {
      // Successful nodes in configured order: the first one plays elastickv's "local".
      const leads = ids ? nodes.flatMap((n, i) => (n.matrix ? [ledGroups(before[i])] : [])) : undefined;
      merged = mergeMatrices(ok.map((n) => n.matrix as NodeMatrix), { ...merge, series: query.series, nodeRows: query.rows, leads });
    }
    const answered = nodes.map((n, i) => n.matrix !== null || (twins.has(i) && nodes[twins.get(i)!]!.matrix !== null));
    const missing = missingTraffic(query.series, answered, this.nodes.map((n) => n.input), merged, current, known);
    return { outcome, nodes, login, warnings, merge: merged, fanout: fanoutBlock(nodes), ...(ids ? { identities: current } : {}), missing };
  }

  /**
   * This round's twins (`twins`: the known ones, not asked; updated in place): an address whose
   * node_id an earlier one gave and whose answer is the same is counted once, and not asked again
   * while the two keep giving one node_id. The same node_id with different answers: both kept, warned.
   */
  private findTwins(nodes: RoundAnswer[], current: ReadonlyArray<NodeIdentity | undefined>, twins: Map<number, number>, warnings: string[]): void {
    for (const [i, j] of twins) {
      // A twin not asked still says who it is: a different node_id now ends the pairing from the next round.
      if (current[i]?.nodeId && current[j]?.nodeId && current[i]!.nodeId !== current[j]!.nodeId) this.twinOf.delete(i);
    }
    for (const [i, j] of sameNodeIds(current.map((id) => id?.nodeId))) {
      if (twins.has(i)) continue;
      const a = nodes[j]!.matrix;
      const b = nodes[i]!.matrix;
      if (!a || !b) continue; // one of them did not answer: nothing to compare, both stay as they are
      const id = current[i]!.nodeId!;
      if (!sameMatrix(a, b)) {
        warnings.push(`${this.nodes[j]!.input} and ${this.nodes[i]!.input} both say they are node ${id}, but answered differently: `
          + 'both are counted. If they are one node, list it once.');
        continue;
      }
      nodes[i] = { status: { ...twinStatus(this.nodes[i]!.input, this.nodes[j]!.input, id, true), warnings: [] }, matrix: null, raw: null };
      this.kept.delete(this.nodes[i]!.key);
      twins.set(i, j);
      this.twinOf.set(i, j);
    }
    for (const [i, j] of twins) {
      warnings.push(`${this.nodes[i]!.input} reaches the same node as ${this.nodes[j]!.input} (node_id ${current[j]?.nodeId ?? this.knownIdentity.get(this.nodes[j]!.key)?.nodeId}, `
        + 'the same answer): its traffic is counted once');
    }
  }

  /** Every node's status when no node accepted the login: not asked, and why. */
  private notAsked(login: readonly LoginResult[]): HotKeysNodeStatus[] {
    const why = describeLoginFailures(login);
    return this.nodes.map((n) => ({ node: n.input, ok: false, error: `not asked: no node accepted the login (${why})`, elapsed_ms: 0, bytes: 0 }));
  }

  /** Log in now (nodes in order) unless a session is open: to learn early whether the secret is right. */
  async login(): Promise<{ ok: boolean; attempts: LoginResult[] }> {
    return this.ensureSession(this.nodes, Deadline.after(this.timeoutMs));
  }

  /** Log in on `nodes` under the round's deadline unless a session is open; the attempts of this call (none if open). */
  private async ensureSession(nodes: readonly NodeAddress[], round: Deadline): Promise<{ ok: boolean; attempts: LoginResult[] }> {
    return this.session.loggedIn ? { ok: true, attempts: [] } : this.session.login(nodes, round);
  }

  /** `ensureSession`, throwing the reasons when no node accepted. */
  private async requireSession(nodes: readonly NodeAddress[], round: Deadline): Promise<void> {
    const r = await this.ensureSession(nodes, round);
    if (!r.ok) throw new Error(`no node accepted the login: ${describeLoginFailures(r.attempts)}`);
  }

  /** Each node's identity (node_id, groups, leadership) and addresses that reach one node twice. */
  async identify(): Promise<{ nodes: NodeIdentity[]; duplicates: Array<{ nodeId: string; nodes: string[] }> }> {
    const round = Deadline.after(this.timeoutMs);
    await this.requireSession(this.nodes, round);
    const nodes = await Promise.all(this.nodes.map((n) => identifyNode(n, this.session.cookieHeader(n), this.agent, round.step())));
    return { nodes, duplicates: duplicateNodeIds(nodes) };
  }

  /** Peer addresses named by a fan-out-enabled node among ours (§7.2 option 2), to confirm before use. */
  async discover(seed = this.nodes[0]!): Promise<string[]> {
    const round = Deadline.after(this.timeoutMs);
    await this.requireSession([seed], round);
    return discoverFromFanout(seed, this.session.cookieHeader(seed) ?? '', this.agent, round.step());
  }

  /** A second client to the same nodes with the same credentials (its own session and kept matrices). */
  sibling(): ClusterClient {
    if (!this.#options.secret) throw new Error('this connection is closed');
    return new ClusterClient(this.#options);
  }

  /**
   * A route's hot keys over the cluster (contract §7.3): every node asked in parallel for all its
   * candidates (top 256, peer header), merged as elastickv merges them and truncated to `top`;
   * also each node's own count per merged key (the per-node split).
   */
  async hotKeys(q: HotKeysQuery, top: number): Promise<HotKeysResult> {
    const round = Deadline.after(this.timeoutMs);
    const { ok: loggedIn, attempts: login } = await this.ensureSession(this.nodes, round);
    if (!loggedIn) return { outcome: 'failed', login, merged: null, split: [], nodes: this.notAsked(login), wholeRoute: false };
    const first = await this.askHotKeys(q, top, round);
    // elastickv filters a sub-bucket on internal key bytes ("!redis|str|…"), which need not lie
    // inside the row's user-key bounds: an empty sub-bucket of a route with samples says nothing.
    if (q.subBucket !== null && first.outcome !== 'failed' && (first.merged?.keys.length ?? 0) === 0) {
      const route = await this.askHotKeys({ ...q, subBucket: null }, top, round);
      if ((route.merged?.keys.length ?? 0) > 0) return { ...route, login, wholeRoute: true };
    }
    return { ...first, login, wholeRoute: false };
  }

  /** One ask of every node; each ask gets the round's whole allowance (the second one, for the whole route, too). */
  private async askHotKeys(q: HotKeysQuery, top: number, round: Deadline): Promise<Omit<HotKeysResult, 'login' | 'wholeRoute'>> {
    // Two addresses of one node would add its counts twice: a known twin is not asked; without a
    // round before, the nodes say who they are beside their hot keys, and the same node_id with
    // the same sketch is counted once.
    const ids = this.identifyEach && this.nodes.every((n) => !this.knownIdentity.has(n.key))
      ? Promise.all(this.nodes.map((n) => identifyNode(n, this.session.cookieHeader(n), this.agent, round.step()))) : null;
    const deadline = round.step();
    const answers = await Promise.all(this.nodes.map((node, i) => {
      const twin = this.twinOf.get(i);
      if (twin !== undefined) {
        return { response: null, status: twinStatus(node.input, this.nodes[twin]!.input, this.knownIdentity.get(node.key)?.nodeId ?? '?', false) };
      }
      return fetchNodeHotKeys(node, q, {
        // A hot-keys answer is small: each node's share of the total cap, and never more than its own cap.
        session: this.session, dispatcher: this.agent, deadline,
        maxBytes: Math.min(this.maxBodyBytes, Math.floor(this.maxTotalBytes / this.nodes.length), MAX_HOTKEYS_BODY_BYTES),
      });
    }));
    const said = ids ? (await ids).map((id) => (id.ok ? id.nodeId : undefined)) : this.nodes.map((n) => this.knownIdentity.get(n.key)?.nodeId);
    for (const [i, j] of sameNodeIds(said)) {
      const a = answers[j]!.response;
      const b = answers[i]!.response;
      if (a && b && sameHotKeys(a, b)) answers[i] = { response: null, status: twinStatus(this.nodes[i]!.input, this.nodes[j]!.input, said[i]!, true) };
    }
    const withKeys = answers.filter((a) => a.response !== null);
    const answered = answers.filter((a) => a.status.ok).length;
    // Nodes that answered without samples still answered: an empty answer, not none.
    const merged = withKeys.length > 0 ? mergeHotKeys(withKeys.map((a) => a.response!), top)
      : answered > 0 ? { ...mergeHotKeys([], top), route_id: q.routeId, ...(q.label ? { label: q.label } : {}),
        ...(q.subBucket !== null ? { sub_bucket: q.subBucket } : {}) } : null;
    const counts = answers.map((a) => new Map((a.response?.keys ?? []).map((x) => [x.key_b64, x.count])));
    const split = (merged?.keys ?? []).map((k) => ({ ...k, nodes: counts.map((c) => c.get(k.key_b64) ?? 0) }));
    // A node without samples (404 no_snapshot) answered: it has nothing to add.
    return { outcome: outcomeOfStatuses(answers.map((a) => a.status)), merged, split, nodes: answers.map((a) => a.status) };
  }

  /** Log out (best effort), drop the secret and cookies, close every connection. */
  async close(): Promise<void> {
    if (this.session.loggedIn) await this.session.logout(this.nodes, Deadline.after(Math.min(this.timeoutMs, LOGOUT_TIMEOUT_MS)));
    this.session.forget();
    this.#options = { ...this.#options, secret: '' };
    await Promise.all([this.agent.close(), this.parser.close()]);
  }
}

/** The Raft groups a node leads, per its GET /cluster, and when it said so (null when unknown). */
function ledGroups(id: NodeIdentity | undefined): { groups: Set<number>; atMs: number } | null {
  return id?.groups && id.atMs !== undefined ? { groups: new Set(id.groups.filter((g) => g.isLeader).map((g) => g.groupId)), atMs: id.atMs } : null;
}

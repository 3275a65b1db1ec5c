/**
 * Which GraphDef nodes a conversion visits: the nodes the output depends on through data inputs,
 * inputs before consumers (as tfjs executes only the subgraph it needs, unused nodes with ops
 * that have no rule do not stop a conversion).
 */
import { SnowblindError } from '../../errors.js';
import { dataInputs, parseInputRef, type TfNode } from './graph-def.js';

/** Nodes `output` depends on, in an order where every node follows its inputs. */
export function nodesFeeding(output: string, byName: ReadonlyMap<string, TfNode>): TfNode[] {
  const order: TfNode[] = [];
  const state = new Map<string, 'open' | 'done'>();
  const stack: { node: TfNode; next: number }[] = [];
  const push = (name: string) => {
    const node = byName.get(name);
    if (node === undefined) {
      throw new SnowblindError('BAD_MODEL', `the graph reads node "${name}", which it does not define`, {
        hint: 'check that model.json is a complete tfjs-converter GraphModel',
      });
    }
    if (state.get(name) === 'open') {
      throw new SnowblindError('BAD_MODEL', `the graph has a cycle through node "${name}"`, {
        hint: 'GraphModels with control flow (loops) run on the TF.js engine',
      });
    }
    if (state.has(name)) return;
    state.set(name, 'open');
    stack.push({ node, next: 0 });
  };
  push(parseInputRef(output).node);
  while (stack.length > 0) {
    const top = stack[stack.length - 1]!;
    const inputs = dataInputs(top.node);
    if (top.next < inputs.length) {
      push(parseInputRef(inputs[top.next++]!).node);
      continue;
    }
    stack.pop();
    state.set(top.node.name, 'done');
    order.push(top.node);
  }
  return order;
}

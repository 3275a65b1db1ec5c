/** Typed access to node attributes. */
import type { OnnxAttribute, OnnxNode } from './types.js';

function find(node: OnnxNode, name: string): OnnxAttribute | undefined {
  return node.attribute?.find((a) => a.name === name);
}

// protobuf leaves zero-valued scalars off the parsed object: an attribute that is present
// without its value field holds 0 (keepdims = 0 must not read as the default 1).

/** Integer attribute, or `fallback` when absent. */
export function attrInt(node: OnnxNode, name: string, fallback: number): number {
  const a = find(node, name);
  return a === undefined ? fallback : (a.i ?? 0);
}

/** Float attribute, or `fallback` when absent. */
export function attrFloat(node: OnnxNode, name: string, fallback: number): number {
  const a = find(node, name);
  return a === undefined ? fallback : (a.f ?? 0);
}

/** Integer list attribute, or `undefined` when absent. */
export function attrInts(node: OnnxNode, name: string): number[] | undefined {
  const a = find(node, name);
  return a === undefined ? undefined : (a.ints ?? []);
}

/** Float list attribute, or `undefined` when absent. */
export function attrFloats(node: OnnxNode, name: string): number[] | undefined {
  const a = find(node, name);
  return a === undefined ? undefined : (a.floats ?? []);
}

/** String attribute decoded as UTF-8, or `fallback` when absent. */
export function attrString(node: OnnxNode, name: string, fallback: string): string {
  const s = find(node, name)?.s;
  return s === undefined ? fallback : new TextDecoder().decode(s);
}

/** The attribute object itself (tensor and graph attributes). */
export function attr(node: OnnxNode, name: string): OnnxAttribute | undefined {
  return find(node, name);
}

/** Set (or replace) an attribute on a node in place. */
export function setAttr(node: OnnxNode, attribute: OnnxAttribute): void {
  node.attribute ??= [];
  const list = node.attribute;
  const at = list.findIndex((a) => a.name === attribute.name);
  if (at >= 0) list[at] = attribute;
  else list.push(attribute);
}

/** Remove an attribute from a node in place. */
export function removeAttr(node: OnnxNode, name: string): void {
  if (node.attribute) node.attribute = node.attribute.filter((a) => a.name !== name);
}

/** Node label for messages: its name when it has one, else its first output. */
export function nodeLabel(node: OnnxNode): string {
  return node.name ? node.name : `(unnamed, output ${node.output?.[0] ?? '?'})`;
}

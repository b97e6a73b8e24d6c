import { describe, expect, it } from 'vitest';
import { c3Linearize } from '../src/graph/c3.js';

const of = (bases: Record<string, string[]>) => (x: string) => bases[x] ?? [];

describe('C3 linearization', () => {
  it('single inheritance is the chain', () => {
    expect(c3Linearize('C', of({ C: ['B'], B: ['A'] }))).toEqual({ ok: true, mro: ['C', 'B', 'A'] });
  });

  it('the diamond: D(B, C), B(A), C(A) → D B C A', () => {
    expect(c3Linearize('D', of({ D: ['B', 'C'], B: ['A'], C: ['A'] }))).toEqual({ ok: true, mro: ['D', 'B', 'C', 'A'] });
  });

  it("the Wikipedia example: Z(K1, K2, K3) → Z K1 K2 K3 D A B C E O", () => {
    const bases = { A: ['O'], B: ['O'], C: ['O'], D: ['O'], E: ['O'], K1: ['A', 'B', 'C'], K2: ['D', 'B', 'E'], K3: ['D', 'A'], Z: ['K1', 'K2', 'K3'] };
    expect(c3Linearize('Z', of(bases))).toEqual({ ok: true, mro: ['Z', 'K1', 'K2', 'K3', 'D', 'A', 'B', 'C', 'E', 'O'] });
  });

  it('the Dylan paper example (pedalo): local precedence order is kept', () => {
    const bases = {
      boat: [], dayboat: ['boat'], wheelboat: ['boat'], engineless: ['dayboat'], 'small-multihull': ['dayboat'],
      'pedal-wheel-boat': ['engineless', 'wheelboat'], 'small-catamaran': ['small-multihull'], pedalo: ['pedal-wheel-boat', 'small-catamaran'],
    };
    expect(c3Linearize('pedalo', of(bases))).toEqual({
      ok: true,
      mro: ['pedalo', 'pedal-wheel-boat', 'engineless', 'small-catamaran', 'small-multihull', 'dayboat', 'wheelboat', 'boat'],
    });
  });

  it('an inconsistent hierarchy has no linearization: Z(X, Y) with X(A, B), Y(B, A)', () => {
    const r = c3Linearize('Z', of({ Z: ['X', 'Y'], X: ['A', 'B'], Y: ['B', 'A'] }));
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.conflict.sort()).toEqual(['A', 'B']);
  });

  it('a cycle is reported, not followed forever', () => {
    expect(c3Linearize('A', of({ A: ['B'], B: ['A'] })).ok).toBe(false);
  });

  it('a 5,000-level chain does not overflow the stack', () => {
    const r = c3Linearize(0, (n: number) => (n < 5000 ? [n + 1] : []));
    expect(r.ok && r.mro.length).toBe(5001);
  });
});

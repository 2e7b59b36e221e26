#!/usr/bin/env python3
"""Writes a large .seg program of one shape, for compile-time benchmarks (bench/compile_time.sh).

usage: gen_large_program.py SHAPE N > program.seg
  tags     N distinct tags, each a customer-level test; every other one also counts orders over a
           threshold and window of its own (so the stage holds N/2 aggregates over the events)
  lets     N lets, each built from the one before (a chain N deep), and a tag on the last
  floats   N float lets, each adding 1.5 to the one before (a chain N deep of float operations,
           each checked for a result that is not finite), and a tag on the last
  scaled   N money lets, each the one before times 1.0001 (money scaled by a float: computed in
           doubles, checked, rounded back), and a tag on the last
  classify one `segments` with N rules in first-match order, each testing a let and a column
  params   N params, each read by a let of its own, each let tested by a tag of its own
  nested   N/120 tags, each an expression nested 240 deep (the parser allows 256), and a `segments`
           of N/20 rules of 50 `and`ed comparisons each, 49 of them the same in every rule (the
           unreachable-rule check's costliest kind of pair)

The programs read the inputs of examples/retail.seg (examples/data), so they run on that data.
"""
import os
import re
import sys

RETAIL = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "examples", "retail.seg")


def header():
    """The `customers` and `orders` inputs, as examples/retail.seg declares them."""
    text = open(RETAIL).read()
    blocks = [re.search(r"^input %s .*?^}" % name, text, re.M | re.S).group(0) for name in ("customers", "orders")]
    return "\n\n".join(blocks) + "\n"


def tags(n):
    # Every tag distinct (no two share a node once lowered): its own threshold and window.
    out = []
    for k in range(n):
        if k % 2 == 0:
            days = 30 + k % 700
            out.append(f"tag t{k} when count(orders where amount > {k} during last {days} days) >= {1 + k % 4}"
                       f" or age > {18 + k % 70}")
        else:
            out.append(f"tag t{k} when age >= {k % 60} and age <= {20 + k % 60} and city_tier * 100000 + age != {k}")
    return out


def lets(n):
    out = ["let x0 = age"]
    for k in range(1, n):
        op = ["+", "-", "*"][k % 3]
        out.append(f"let x{k} = (x{k - 1} {op} {1 + k % 5}) % 1000")
    out.append(f"tag deep when x{n - 1} > 500")
    return out


def floats(n):
    out = ["let f0 = age * 1.5"]
    out += [f"let f{k} = f{k - 1} + 1.5" for k in range(1, n)]
    out.append(f"tag deep when f{n - 1} > 500.0")
    return out


def scaled(n):
    out = ["let m0 = sum(orders.amount)"]
    out += [f"let m{k} = m{k - 1} * 1.0001" for k in range(1, n)]
    out.append(f"tag deep when m{n - 1} > 500")
    return out


def classify(n):
    out = ["let spend = sum(orders.amount during last 365 days)",
           "let n_orders = count(orders)",
           "segments tier exclusive {"]
    for k in range(n):
        # Thresholds fall rule by rule, so no rule is shadowed by an earlier one.
        test = [f"spend >= {3 * (n - k)}", f"n_orders >= {n - k}", f"age > {n - k}"][k % 3]
        out.append(f'  "r{k}" when {test} and city_tier != {k % 4}')
    out.append('  else "rest"')
    out.append("}")
    return out


def params(n):
    out = [f"param p{k}: int = {k % 97}" for k in range(n)]
    out += [f"let v{k} = age * p{k} + {k}" for k in range(n)]
    out += [f"tag t{k} when v{k} > {1000 + k % 500}" for k in range(n)]
    return out


def nested(n):
    depth = 120
    out = []
    for k in range(max(1, n // depth)):
        ops = ["+", "-", "%"]  # values stay small: no overflow however deep
        expr = "age"
        for d in range(depth - 2):
            expr = f"({expr} {ops[(k + d) % 3]} {1 + (k + d) % 7})"
        out.append(f"tag n{k} when {expr} % 1000 > {k % 1000}")
    out.append("segments deep exclusive {")
    for k in range(max(1, n // 20)):
        # 49 bounds every rule shares, then one of its own that no earlier rule's implies: each
        # pair of rules is compared bound by bound (about 1,200 steps) and no rule is unreachable.
        parts = [f"age >= {d}" for d in range(49)] + [f"city_tier <= {k}"]
        out.append(f'  "d{k}" when ' + " and ".join(parts))
    out.append('  else "rest"')
    out.append("}")
    return out


def main():
    if len(sys.argv) != 3 or sys.argv[1] not in ("tags", "lets", "floats", "scaled", "classify", "params", "nested"):
        sys.exit(__doc__)
    shape, n = sys.argv[1], int(sys.argv[2])
    print(header())
    print("\n".join(globals()[shape](n)))


if __name__ == "__main__":
    main()

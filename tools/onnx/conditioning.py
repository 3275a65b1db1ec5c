#!/usr/bin/python3
"""How well conditioned the random-weight parity models are, with and without BatchNorm calibration.

For each model (built as export_torchvision.py builds it, at the size and batch of its parity
test) and each of `raw` (torchvision's identity BatchNorm statistics) and `calibrated`, it runs
the fixtures' seeded standard-normal input and prints:

- `act`: the largest |output| of any module (the largest activation in the network);
- `logit`: max |logit|, and `spread`: the largest difference of one class's logit between inputs
  of the batch over max |logit| (near 0 means the checked logit barely depends on the input);
- `near`: ReLU / max-pool decisions of that input within 1e-5 (of their layer's RMS) of switching,
  which the fixture generator nudges away (switch_margin.py); a flip of one moves the input
  gradient by up to 1e-2;
- `t32`: PyTorch's own float32 input gradient against its float64 one on the nudged input,
  max|a − b| / max|b|: the rounding a float32 implementation can't avoid. A well-conditioned
  fixture has O(1) `act` and `logit`, `spread` well above 0 and `t32` near 1e-6.

    /usr/bin/python3 tools/onnx/conditioning.py                      # the parity test's cases
    /usr/bin/python3 tools/onnx/conditioning.py --case googlenet:224:2
"""
import argparse
import copy
import os
import sys

import torch

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from export_torchvision import build  # noqa: E402
from switch_margin import near_switches, with_margin  # noqa: E402

# (model, size, batch) as in packages/core/src/onnx/torchvision-parity.test.ts.
PARITY_CASES = [("resnet18", 64, 2), ("mobilenet_v2", 64, 2), ("squeezenet1_1", 64, 2),
                ("densenet121", 64, 2), ("alexnet", 224, 2), ("inception_v3", 299, 1), ("vgg16", 224, 1)]


def largest_activation(model, x):
    """max |output| over every module's tensor outputs, and the logits."""
    peak = [0.0]

    def hook(_module, _inputs, output):
        if torch.is_tensor(output) and output.is_floating_point():
            peak[0] = max(peak[0], output.detach().abs().max().item())

    handles = [m.register_forward_hook(hook) for m in model.modules()]
    try:
        with torch.no_grad():
            logits = model(x)
    finally:
        for h in handles:
            h.remove()
    return peak[0], logits


def gradient(model, x, targets):
    """d sum_i logits[i, targets[i]] / dx."""
    x = x.clone().requires_grad_(True)
    logits = model(x)
    logits[torch.arange(x.shape[0]), targets].sum().backward()
    return x.grad


def relative_error(a, b):
    return ((a.double() - b.double()).abs().max() / b.double().abs().max()).item()


def measure(name, size, batch, seed, calibrate):
    model, _ = build(name, True, seed, size, calibrate)
    model64 = copy.deepcopy(model).double()
    x = torch.randn(batch, 3, size, size, generator=torch.Generator().manual_seed(seed + 1))
    targets = torch.tensor([(7 * i + 3) % 1000 for i in range(batch)])
    act, logits = largest_activation(model, x)
    top = logits.abs().max().item()
    spread = (logits.max(0).values - logits.min(0).values).max().item() / top if batch > 1 else float("nan")
    with torch.no_grad():
        near = near_switches(model64, x.double()).numel()
    try:
        x, _, _ = with_margin(model64, x)
    except RuntimeError:  # reported as it is: t32 then includes switch flips
        pass
    t32 = relative_error(gradient(model, x, targets), gradient(model64, x.double(), targets))
    return act, top, spread, near, t32


def parse_case(text):
    name, size, batch = text.split(":")
    return name, int(size), int(batch)


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--case", action="append", type=parse_case, help="name:size:batch (repeatable)")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--threads", type=int, default=1)
    args = parser.parse_args()
    torch.set_num_threads(args.threads)
    print("| model | px | batch | act raw → calibrated | logit raw → calibrated | spread raw → calibrated"
          " | near raw → calibrated | t32 raw → calibrated |")
    print("|---|---|---|---|---|---|---|---|")
    for name, size, batch in args.case or PARITY_CASES:
        raw = measure(name, size, batch, args.seed, calibrate=False)
        cal = measure(name, size, batch, args.seed, calibrate=True)
        cells = [f"{a:.2g} → {b:.2g}" for a, b in zip(raw, cal)]
        print(f"| {name} | {size} | {batch} | " + " | ".join(cells) + " |", flush=True)


if __name__ == "__main__":
    main()

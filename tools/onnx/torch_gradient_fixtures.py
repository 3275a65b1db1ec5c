#!/usr/bin/python3
"""PyTorch autograd reference for snowblind's ONNX gradients.

For each torchvision model (fixed-seed random weights, BatchNorm calibrated) this exports `<name>.onnx` with
export_torchvision.py and writes `<name>.gradient.json`: a seeded standard-normal input batch,
per-example target classes, the logits and the autograd gradient of logits[i, target[i]] with
respect to the input (float32, flattened, base64 little-endian), computed in float32 (`logits`,
`gradient`) and again in float64 (`logits64`, `gradient64`, stored as float32). The input is
nudged (by ~1e-6) until no ReLU or max-pool decision is within 1e-5 of switching.

    /usr/bin/python3 tools/onnx/torch_gradient_fixtures.py --out /tmp/fx --size 64 --batch 2 resnet18
"""
import argparse
import copy
import os
import sys

import torch

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from export_torchvision import MODELS, export  # noqa: E402
from gradient_fixture import target_gradient, targets_for, write_fixture  # noqa: E402
from switch_margin import MARGIN, with_margin  # noqa: E402

# Bumped when fixtures change meaning, so cached ones are regenerated (torch-fixtures.ts checks it):
# 2 = random weights with calibrated BatchNorm statistics (calibrate_batchnorm.py), input kept
# away from ReLU and max-pool switches (switch_margin.py).
FORMAT = 2


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("models", nargs="*", default=MODELS)
    parser.add_argument("--out", required=True)
    parser.add_argument("--size", type=int, default=None, help="square input size (default 224, inception 299)")
    parser.add_argument("--batch", type=int, default=2)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--threads", type=int, default=1)
    args = parser.parse_args()
    torch.set_num_threads(args.threads)
    os.makedirs(args.out, exist_ok=True)
    for name in args.models:
        model, side = export(name, args.out, random_weights=True, seed=args.seed, size=args.size)
        model64 = copy.deepcopy(model).double()
        generator = torch.Generator().manual_seed(args.seed + 1)
        x = torch.randn(args.batch, 3, side, side, generator=generator)
        # No ReLU or max-pool decision within float32 rounding of switching (switch_margin.py):
        # else a flip in either implementation moves the gradient by up to 1e-2.
        x, nudges, nudge = with_margin(model64, x)
        targets = targets_for(args.batch)
        logits, gradient = target_gradient(model, x, targets)
        # The same gradient in float64: PyTorch's float32 result is itself an approximation;
        # snowblind is held to the float64 value, so the bar measures its own rounding.
        logits64, gradient64 = target_gradient(model64, x.double(), targets)
        write_fixture(
            os.path.join(args.out, f"{name}.gradient.json"), FORMAT, f"{name}.onnx", x, targets, logits, gradient,
            logits64, gradient64, switchMargin=MARGIN, nudges=nudges, maxNudge=nudge,
        )
        print(f"{name}: {side}x{side}, |grad|max {gradient.abs().max().item():.3g}, {nudges} nudges (max {nudge:.2g})")


if __name__ == "__main__":
    main()

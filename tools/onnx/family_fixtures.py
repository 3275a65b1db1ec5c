#!/usr/bin/python3
"""PyTorch float64 autograd references for the transformer-era torchvision families.

Like torch_gradient_fixtures.py (same JSON format), for any torchvision classifier at any opset:
the model comes from export_torchvision.build (seeded random weights, calibrated BatchNorm), and
weights torchvision initialises to exactly zero (vit's head, so every random-weight logit is 0 and
every gradient is 0) are redrawn from N(0, 0.02²) with the same seed, so the check compares
something. Writes `<name>-o<opset>.onnx` and `<name>-o<opset>.gradient.json`.

    /usr/bin/python3 tools/onnx/family_fixtures.py --out /tmp/fam --opset 17 --size 64 convnext_tiny swin_t
"""
import argparse
import os
import sys

import torch

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from export_torchvision import FIXED_SIDE, build, redraw_zero_weights  # noqa: E402
from gradient_fixture import target_gradient, targets_for, write_fixture  # noqa: E402
from switch_margin import MARGIN, with_margin  # noqa: E402

FORMAT = 3


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("models", nargs="+")
    parser.add_argument("--out", required=True)
    parser.add_argument("--size", type=int, default=64, help="square input size (vit: always 224)")
    parser.add_argument("--opset", type=int, default=17)
    parser.add_argument("--batch", type=int, default=1)
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args()
    torch.set_num_threads(1)
    os.makedirs(args.out, exist_ok=True)
    for name in args.models:
        side = FIXED_SIDE.get(name, args.size)
        model, _ = build(name, True, args.seed, side)
        redraw_zero_weights(model, args.seed)
        stem = f"{name}-o{args.opset}"
        torch.onnx.export(
            model, torch.zeros(1, 3, side, side), os.path.join(args.out, f"{stem}.onnx"),
            input_names=["input"], output_names=["logits"],
            dynamic_axes={"input": {0: "batch"}, "logits": {0: "batch"}},
            opset_version=args.opset, do_constant_folding=True,
        )
        generator = torch.Generator().manual_seed(args.seed + 1)
        model = model.double()
        x = torch.randn(args.batch, 3, side, side, generator=generator)
        # No ReLU or max-pool decision within float32 rounding of switching (switch_margin.py), so
        # the float32 gradient cannot flip one on another CPU.
        x, nudges, nudge = with_margin(model, x)
        targets = targets_for(args.batch)
        logits, gradient = target_gradient(model, x.double(), targets)
        write_fixture(
            os.path.join(args.out, f"{stem}.gradient.json"), FORMAT, f"{stem}.onnx", x, targets, logits, gradient,
            switchMargin=MARGIN, nudges=nudges, maxNudge=nudge,
        )
        print(f"{stem}: {side}x{side}, |grad|max {gradient.abs().max().item():.3g}, {nudges} nudges (max {nudge:.2g})")


if __name__ == "__main__":
    main()

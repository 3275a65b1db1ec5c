#!/usr/bin/python3
"""PyTorch autograd reference for snowblind's ONNX gradients.

For each torchvision model (fixed-seed random weights) this exports `<name>.onnx` with
export_torchvision.py and writes `<name>.gradient.json`: a seeded standard-normal input batch,
per-example target classes, the logits and the autograd gradient of logits[i, target[i]] with
respect to the input (float32, flattened, base64 little-endian), computed in float32 (`logits`,
`gradient`) and again in float64 (`logits64`, `gradient64`, stored as float32).

    /usr/bin/python3 tools/onnx/torch_gradient_fixtures.py --out /tmp/fx --size 64 --batch 2 resnet18
"""
import argparse
import base64
import json
import os
import sys

import numpy as np
import torch

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from export_torchvision import MODELS, export  # noqa: E402


def b64(array):
    return base64.b64encode(np.ascontiguousarray(array, dtype="<f4").tobytes()).decode()


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
        generator = torch.Generator().manual_seed(args.seed + 1)
        x = torch.randn(args.batch, 3, side, side, generator=generator).requires_grad_(True)
        targets = [(7 * i + 3) % 1000 for i in range(args.batch)]
        logits = model(x)
        logits[torch.arange(args.batch), torch.tensor(targets)].sum().backward()
        # The same gradient in float64: PyTorch's float32 result is itself an approximation, off by
        # 2e-3 for random-weight inception_v3 at 299 px (activations ~1e12); snowblind is held to
        # the float64 value, so the bar measures its own rounding, not the sum of both.
        x64 = x.detach().double().requires_grad_(True)
        logits64 = model.double()(x64)
        logits64[torch.arange(args.batch), torch.tensor(targets)].sum().backward()
        fixture = {
            "model": f"{name}.onnx", "shape": list(x.shape), "targets": targets,
            "input": b64(x.detach().numpy()), "logits": b64(logits.detach().numpy()),
            "gradient": b64(x.grad.numpy()), "gradient64": b64(x64.grad.numpy()),
            "logits64": b64(logits64.detach().numpy()), "torch": torch.__version__,
        }
        with open(os.path.join(args.out, f"{name}.gradient.json"), "w") as f:
            json.dump(fixture, f)
        print(f"{name}: {side}x{side}, |grad|max {x.grad.abs().max().item():.3g}")


if __name__ == "__main__":
    main()

#!/usr/bin/python3
"""Small modern blocks exported from PyTorch, with float64 autograd references (the JSON of
torch_gradient_fixtures.py), to check snowblind's rules on graphs it was not written for:

    /usr/bin/python3 tools/onnx/modern_blocks.py --out /tmp/blocks --opset 17
    npx tsx tools/onnx/family-check.ts /tmp/blocks

Blocks: `attention` (patch embedding, class token, nn.MultiheadAttention, tanh-GELU MLP,
LayerNorm), `conv` (GroupNorm, SiLU, ConvTranspose, InstanceNorm, PReLU, pixel_shuffle, ELU) and
`misc` (roll, chunk, einsum, cumsum, masked_fill, maximum, pow, softplus, bilinear interpolate,
std, log_softmax).
"""
import argparse
import os
import sys

import torch
from torch import nn
import torch.nn.functional as F

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from gradient_fixture import target_gradient, write_fixture  # noqa: E402

CLASSES = 10


class Attention(nn.Module):
    def __init__(self, width=32, heads=4):
        super().__init__()
        self.patch = nn.Conv2d(3, width, 4, 4)
        self.token = nn.Parameter(torch.randn(1, 1, width) * 0.5)
        self.position = nn.Parameter(torch.randn(1, 65, width) * 0.5)
        self.norm1 = nn.LayerNorm(width)
        self.attention = nn.MultiheadAttention(width, heads, batch_first=True)
        self.norm2 = nn.LayerNorm(width)
        self.mlp = nn.Sequential(nn.Linear(width, 2 * width), nn.GELU(approximate="tanh"), nn.Linear(2 * width, width))
        self.head = nn.Linear(width, CLASSES)

    def forward(self, x):
        t = self.patch(x).flatten(2).transpose(1, 2)
        t = torch.cat([self.token.expand(x.shape[0], -1, -1), t], dim=1) + self.position
        h = self.norm1(t)
        t = t + self.attention(h, h, h, need_weights=False)[0]
        t = t + self.mlp(self.norm2(t))
        return self.head(t[:, 0])


class Conv(nn.Module):
    def __init__(self):
        super().__init__()
        self.conv = nn.Conv2d(3, 16, 3, padding=1)
        self.group = nn.GroupNorm(4, 16)
        self.up = nn.ConvTranspose2d(16, 8, 3, stride=2, padding=1, output_padding=1)
        self.instance = nn.InstanceNorm2d(8, affine=True)
        self.prelu = nn.PReLU(8)
        self.head = nn.Linear(2 * 8 * 8, CLASSES)

    def forward(self, x):
        y = F.silu(self.group(self.conv(x)))
        y = self.prelu(self.instance(self.up(y)))          # 64 × 64
        y = F.pixel_unshuffle(y, 2)                         # 32 channels, 32 × 32
        y = F.pixel_shuffle(y[:, :8], 2)                    # 2 channels, 64 × 64
        y = F.elu(F.avg_pool2d(y, 8), alpha=0.7)
        return self.head(y.flatten(1))


class Misc(nn.Module):
    def __init__(self):
        super().__init__()
        self.conv = nn.Conv2d(3, 8, 3, padding=1)
        self.weights = nn.Parameter(torch.randn(8) * 0.5)
        self.head = nn.Linear(8 * 16 + 16, CLASSES)

    def forward(self, x):
        y = self.conv(x)
        y = torch.roll(y, shifts=(3, -2), dims=(2, 3))
        a, b = y.chunk(2, dim=1)
        y = torch.cat([torch.maximum(a, b), a.masked_fill(a < 0, 0.0) * 0.1 + b.pow(3) * 0.01, F.softplus(b)], 1)
        y = F.interpolate(y[:, :8], size=(16, 16), mode="bilinear", align_corners=False)
        s = torch.einsum("bchw,c->bhw", y, self.weights).cumsum(dim=1)
        spread = y.std(dim=(2, 3))                            # 8 per example
        rows = F.log_softmax(s.mean(dim=2), dim=1)            # 16 per example
        return self.head(torch.cat([spread.repeat(1, 16), rows], dim=1))


BLOCKS = {"attention": Attention, "conv": Conv, "misc": Misc}


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("blocks", nargs="*", default=list(BLOCKS))
    parser.add_argument("--out", required=True)
    parser.add_argument("--opset", type=int, default=17)
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args()
    os.makedirs(args.out, exist_ok=True)
    for name in args.blocks:
        torch.manual_seed(args.seed)
        model = BLOCKS[name]().eval()
        stem = f"{name}-o{args.opset}"
        torch.onnx.export(
            model, torch.zeros(1, 3, 32, 32), os.path.join(args.out, f"{stem}.onnx"),
            input_names=["input"], output_names=["logits"],
            dynamic_axes={"input": {0: "batch"}, "logits": {0: "batch"}},
            opset_version=args.opset, do_constant_folding=True,
        )
        x = torch.randn(2, 3, 32, 32, generator=torch.Generator().manual_seed(args.seed + 1)).double()
        targets = [3, 8]
        logits, gradient = target_gradient(model.double(), x, targets)
        write_fixture(os.path.join(args.out, f"{stem}.gradient.json"), 2, f"{stem}.onnx", x, targets, logits, gradient)
        print(f"{stem}: |grad|max {gradient.abs().max().item():.3g}")


if __name__ == "__main__":
    main()

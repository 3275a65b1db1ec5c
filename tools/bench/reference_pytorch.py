#!/usr/bin/python3
"""PyTorch side of `npm run bench`: the reference experiment's pipeline on the bench's weights.

Run with Debian's interpreter (python3-torch 1.13, torchvision 0.14, numpy):

    /usr/bin/python3 tools/bench/reference_pytorch.py --count 1000 --threads 2 --modes single,batched,ig

- noise: np.random.seed(seed), then one `(np.random.standard_normal([256, 256, 3]) * 255).astype(np.uint8)`
  per image, as the reference experiment does (snowblind's `seed-wrap` with rng `numpy` is the same bytes);
- preprocessing: PIL image → Resize(256) → CenterCrop(224) → ToTensor → Normalize(ImageNet);
- model: torchvision resnet18 built exactly as tools/onnx/export_torchvision.py builds it
  (`--random-weights`: torch.manual_seed(model_seed) then the constructor), so both sides hold the
  same weights; forward, softmax, top-1.
- `single`: one image at a time (as the article); `batched`: `--batch` images per forward pass.
- `ig`: IntegratedGradients written with torch autograd on noise image 0: Gauss-Legendre alphas (Captum's
  default), `--ig-batch` rows per forward+backward, plus the forward passes for the target and the
  convergence delta, as snowblind's explain() does.

Prints one JSON object on stdout.
"""
import argparse
import json
import os
import resource
import sys
import time

import numpy as np
import torch
from PIL import Image
from torchvision import transforms

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "onnx"))
from export_torchvision import build  # noqa: E402

MEAN, STD = [0.485, 0.456, 0.406], [0.229, 0.224, 0.225]
PREPROCESS = transforms.Compose(
    [transforms.Resize(256), transforms.CenterCrop(224), transforms.ToTensor(), transforms.Normalize(MEAN, STD)]
)


def noise():
    return (np.random.standard_normal([256, 256, 3]) * 255).astype(np.uint8)


def peak_rss_mb():
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def run_single(model, count, seed):
    np.random.seed(seed)
    split = {"noiseMs": 0.0, "preprocessMs": 0.0, "inferenceMs": 0.0, "aggregationMs": 0.0}
    top1 = []
    start = time.perf_counter()
    with torch.no_grad():
        for _ in range(count):
            t0 = time.perf_counter()
            array = noise()
            t1 = time.perf_counter()
            x = PREPROCESS(Image.fromarray(array)).unsqueeze(0)
            t2 = time.perf_counter()
            logits = model(x)
            t3 = time.perf_counter()
            top1.append(int(torch.softmax(logits, 1).argmax(1)[0]))
            t4 = time.perf_counter()
            split["noiseMs"] += (t1 - t0) * 1000
            split["preprocessMs"] += (t2 - t1) * 1000
            split["inferenceMs"] += (t3 - t2) * 1000
            split["aggregationMs"] += (t4 - t3) * 1000
    seconds = time.perf_counter() - start
    return {"imagesPerSecond": count / seconds, "seconds": seconds, "timings": split, "top1": top1}


def run_batched(model, count, seed, batch):
    np.random.seed(seed)
    split = {"noiseMs": 0.0, "preprocessMs": 0.0, "inferenceMs": 0.0, "aggregationMs": 0.0}
    top1 = []
    start = time.perf_counter()
    with torch.no_grad():
        for first in range(0, count, batch):
            n = min(batch, count - first)
            tensors = []
            for _ in range(n):
                t0 = time.perf_counter()
                array = noise()
                t1 = time.perf_counter()
                tensors.append(PREPROCESS(Image.fromarray(array)))
                split["noiseMs"] += (t1 - t0) * 1000
                split["preprocessMs"] += (time.perf_counter() - t1) * 1000
            t2 = time.perf_counter()
            x = torch.stack(tensors)
            logits = model(x)
            t3 = time.perf_counter()
            top1.extend(int(v) for v in torch.softmax(logits, 1).argmax(1))
            t4 = time.perf_counter()
            split["inferenceMs"] += (t3 - t2) * 1000
            split["aggregationMs"] += (t4 - t3) * 1000
    seconds = time.perf_counter() - start
    return {"imagesPerSecond": count / seconds, "seconds": seconds, "timings": split, "top1": top1}


def integrated_gradients(model, x, steps, internal_batch):
    """IG of the top-1 logit against a zero baseline, Gauss-Legendre rule on [0, 1]."""
    with torch.no_grad():
        target = int(model(x).argmax(1)[0])
    points, weights = np.polynomial.legendre.leggauss(steps)
    alphas = torch.tensor((points + 1) / 2, dtype=torch.float32)
    weights = torch.tensor(weights / 2, dtype=torch.float32)
    baseline = torch.zeros_like(x)
    total = torch.zeros_like(x)
    for first in range(0, steps, internal_batch):
        a = alphas[first : first + internal_batch].view(-1, 1, 1, 1)
        scaled = (baseline + a * (x - baseline)).requires_grad_(True)
        out = model(scaled)[:, target].sum()
        (grads,) = torch.autograd.grad(out, scaled)
        total += (grads * weights[first : first + internal_batch].view(-1, 1, 1, 1)).sum(0, keepdim=True)
    attributions = (x - baseline) * total
    with torch.no_grad():
        ends = model(torch.cat([x, baseline]))[:, target]
    delta = float(attributions.sum() - (ends[0] - ends[1]))
    return target, delta


def run_ig(model, seed, steps, internal_batch, repeats):
    np.random.seed(seed)
    x = PREPROCESS(Image.fromarray(noise())).unsqueeze(0)
    integrated_gradients(model, x, min(steps, internal_batch), internal_batch)  # warm-up: one chunk
    seconds = []
    for _ in range(repeats):
        start = time.perf_counter()
        target, delta = integrated_gradients(model, x, steps, internal_batch)
        seconds.append(time.perf_counter() - start)
    return {"secondsPerExplanation": min(seconds), "all": seconds, "target": target, "delta": delta}


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--count", type=int, default=1000)
    parser.add_argument("--batch", type=int, default=16)
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--seed", type=int, default=0, help="numpy noise seed")
    parser.add_argument("--model-seed", type=int, default=0, help="export_torchvision.py --seed")
    parser.add_argument("--modes", default="single,batched,ig")
    parser.add_argument("--ig-steps", type=int, default=200)
    parser.add_argument("--ig-batch", type=int, default=50)
    parser.add_argument("--ig-repeats", type=int, default=1)
    args = parser.parse_args()
    torch.set_num_threads(args.threads)
    model, _ = build("resnet18", True, args.model_seed)
    with torch.no_grad():  # warm-up: allocator and kernels, not timed
        model(PREPROCESS(Image.fromarray(np.zeros([256, 256, 3], np.uint8))).unsqueeze(0).repeat(args.batch, 1, 1, 1))
    result = {"torch": torch.__version__, "threads": torch.get_num_threads(), "count": args.count}
    for mode in args.modes.split(","):
        if mode == "single":
            result["single"] = run_single(model, args.count, args.seed)
        elif mode == "batched":
            result["batched"] = run_batched(model, args.count, args.seed, args.batch)
        elif mode == "ig":
            result["ig"] = run_ig(model, args.seed, args.ig_steps, args.ig_batch, args.ig_repeats)
        else:
            sys.exit(f"unknown mode {mode}")
    result["peakRssMb"] = peak_rss_mb()
    print(json.dumps(result))


if __name__ == "__main__":
    main()

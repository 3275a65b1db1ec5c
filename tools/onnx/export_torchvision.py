#!/usr/bin/python3
"""Export torchvision classifiers to ONNX with a snowblind sidecar manifest.

Run with Debian's interpreter (it has python3-torch and python3-torchvision):

    /usr/bin/python3 tools/onnx/export_torchvision.py --out models-onnx resnet18 vgg16
    /usr/bin/python3 tools/onnx/export_torchvision.py --out /tmp/m --random-weights --size 64 resnet18
    /usr/bin/python3 tools/onnx/export_torchvision.py --out /tmp/m --random-weights --redraw-zero-weights --opset 17 vit_b_16

For each model it writes `<name>.onnx` (input `input` [batch, 3, H, W] with a dynamic batch,
output `logits` [batch, 1000]) and `<name>.snowblind.json` ({"preset", "labels", "outputKind"}).
Pretrained weights are used when torchvision can download them; on machines without internet
pass --random-weights to get fixed-seed random weights (same architecture, same graph), with
BatchNorm statistics calibrated on a seeded batch so activations stay O(1) (calibrate_batchnorm.py).
"""
import argparse
import json
import os
import sys

import torch
import torchvision

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from calibrate_batchnorm import calibrate_batchnorm  # noqa: E402

MODELS = ["resnet18", "alexnet", "densenet121", "mobilenet_v2", "squeezenet1_1", "inception_v3", "vgg16"]
IMAGENET = {"mean": [0.485, 0.456, 0.406], "std": [0.229, 0.224, 0.225]}
# Architectures whose input size is fixed by their position embeddings: --size does not apply.
FIXED_SIDE = {"vit_b_16": 224, "vit_b_32": 224, "vit_l_16": 224, "vit_l_32": 224, "vit_h_14": 224}


def default_side(name, random_weights):
    """Input size when --size is not given: 299 for pretrained inception_v3, else 224."""
    return 299 if name == "inception_v3" and not random_weights else 224


def redraw_zero_weights(model, seed):
    """N(0, 0.02²) in place of all-zero weight matrices (biases stay as they are).

    torchvision initialises some to exactly zero (ViT's head and class token): every random-weight
    logit is then 0 and so is every gradient, which leaves a gradient check nothing to compare.
    """
    generator = torch.Generator().manual_seed(seed)
    with torch.no_grad():
        for name, p in model.named_parameters():
            if p.dim() >= 2 and not p.any():
                p.copy_(torch.randn(p.shape, generator=generator) * 0.02)
                print(f"  redrew zero weights {name} {tuple(p.shape)}")


def build(name, random_weights, seed, side=None, calibrate=True):
    """The torchvision model in eval mode, pretrained or with seeded random weights.

    Random weights get their BatchNorm statistics calibrated at `side` px (default_side when None)
    unless `calibrate` is False (torchvision's identity statistics, badly conditioned).
    """
    torch.manual_seed(seed)
    weights_enum = torchvision.models.get_model_weights(name).DEFAULT
    # transform_input=True is what the pretrained weights set (they expect ImageNet-normalised
    # input and re-normalise it): random-weight exports keep that Gather/Mul/Add/Concat prologue so
    # they are the same graph. In eval mode the aux classifier is not run or exported either way.
    extra = {"aux_logits": True, "init_weights": True, "transform_input": True} if name == "inception_v3" else {}
    if random_weights:
        model = getattr(torchvision.models, name)(weights=None, **extra)
        if calibrate:
            calibrate_batchnorm(model, side or default_side(name, random_weights), seed)
    else:
        try:
            model = getattr(torchvision.models, name)(weights=weights_enum)
        except Exception as error:  # no network: say what to do instead
            sys.exit(f"cannot download {name} weights ({error}); rerun with --random-weights")
    return model.eval(), weights_enum


def preset_for(name, random_weights, size):
    """torchvision preset name, or a custom object when the crop is not 224."""
    if name == "inception_v3" and not random_weights and size is None:
        # Pretrained inception_v3 is evaluated at 299: Resize(342), CenterCrop(299).
        return {"name": "torchvision-299", "resize": 342, "crop": [299, 299], "layout": "NCHW",
                "channelOrder": "RGB", "grayscale": False, "scale": 1 / 255, **IMAGENET}
    if size is not None and size != 224:
        return {"name": f"torchvision-{size}", "resize": round(size * 256 / 224), "crop": [size, size],
                "layout": "NCHW", "channelOrder": "RGB", "grayscale": False, "scale": 1 / 255, **IMAGENET}
    return "torchvision"


def export(name, out, random_weights=False, seed=0, size=None, opset=13, calibrate=True, redraw=False):
    """Write <out>/<name>.onnx and its manifest; return the model and the input size used."""
    size = FIXED_SIDE.get(name, size)
    side = size or default_side(name, random_weights)
    model, weights_enum = build(name, random_weights, seed, side, calibrate)
    if redraw:
        redraw_zero_weights(model, seed)
    dummy = torch.zeros(1, 3, side, side)
    path = os.path.join(out, f"{name}.onnx")
    torch.onnx.export(
        model, dummy, path, input_names=["input"], output_names=["logits"],
        dynamic_axes={"input": {0: "batch"}, "logits": {0: "batch"}},
        opset_version=opset, do_constant_folding=True,
    )
    manifest = {
        "id": f"torchvision-{name}" + ("-random" if random_weights else ""),
        "preset": preset_for(name, random_weights, size),
        "labels": list(weights_enum.meta["categories"]),
        "outputKind": "logits",
    }
    with open(os.path.join(out, f"{name}.snowblind.json"), "w") as f:
        json.dump(manifest, f, indent=1)
    return model, side


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("models", nargs="*", default=MODELS, help=f"any of {', '.join(MODELS)}")
    parser.add_argument("--out", required=True, help="output folder")
    parser.add_argument("--random-weights", action="store_true", help="fixed-seed random weights (no download)")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--no-calibration", dest="calibrate", action="store_false",
                        help="keep torchvision's identity BatchNorm statistics with --random-weights")
    parser.add_argument("--size", type=int, default=None, help="square input size (default 224, inception 299)")
    parser.add_argument("--opset", type=int, default=13)
    parser.add_argument("--redraw-zero-weights", dest="redraw", action="store_true",
                        help="N(0, 0.02²) for weight matrices initialised to zero (ViT's head) with --random-weights")
    args = parser.parse_args()
    os.makedirs(args.out, exist_ok=True)
    for name in args.models:
        _, side = export(
            name, args.out, args.random_weights, args.seed, args.size, args.opset, args.calibrate,
            args.redraw and args.random_weights,
        )
        print(f"{name}: {os.path.join(args.out, name + '.onnx')} ({side}x{side})")


if __name__ == "__main__":
    main()
